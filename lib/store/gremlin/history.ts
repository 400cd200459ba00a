import 'server-only';
import { z } from 'zod';
import type { DocumentVersion, DriftTransition, HistoryHead, HistoryState, VersionKey } from '@/lib/model/history';
import { compareTransitions, sortVersionKeys, type TransitionFilter } from '../history-order';
import type { GremlinConnection } from './gremlin-connection';
import { HISTORY_META_ID, LABEL, vertexProjection } from './graph-schema';
import { __, P } from './gremlin-lib';
import { headId, parseHead, parseIndexKey, parseTransition, parseVersion, parseWith } from './history-vertices';
import { asRecord, chunks, singleValues } from './traversal-results';

/**
 * Reading infrastructure memory on Gremlin (the vertices:
 * history-vertices.ts; the writes: write-history.ts). Orders are worked out
 * here, as the memory store works them out (history-order.ts), whatever
 * order the server yields.
 */

const READ_CHUNK = 500;

const byComponentId = (a: HistoryHead, b: HistoryHead) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : 0);

export async function readHistoryHeads(connection: GremlinConnection, ids?: readonly string[]): Promise<HistoryHead[]> {
  if (ids === undefined) {
    const rows = await connection.run('read history heads', (g) => g.V().hasLabel(LABEL.historyHead).has('env').map(vertexProjection()).toList());
    return rows.map(parseHead).sort(byComponentId);
  }
  const byId = new Map<string, HistoryHead>();
  for (const chunk of chunks([...new Set(ids)], READ_CHUNK)) {
    const rows = await connection.run('read history heads', (g) =>
      g
        .V(...chunk.map(headId))
        .hasLabel(LABEL.historyHead)
        .has('env')
        .map(vertexProjection())
        .toList(),
    );
    for (const head of rows.map(parseHead)) byId.set(head.componentId, head);
  }
  return ids.flatMap((id) => {
    const head = byId.get(id);
    return head ? [structuredClone(head)] : [];
  });
}

// Counts come back as Int, Long or Double (math() and sum() widen them).
const count = z.coerce.number().int().nonnegative();
const metaSchema = z.object({
  revision: count,
  versions: count,
  transitions: count,
  earliest: z.string().optional(),
  latest: z.string().optional(),
});

/** One read of one vertex and its `has_pending` edges (one per component still pending). */
export async function readHistoryState(connection: GremlinConnection): Promise<HistoryState> {
  const [row] = await connection.run('read history state', (g) =>
    g
      .V(HISTORY_META_ID)
      .hasLabel(LABEL.historyMeta)
      .project('p', 'pending')
      .by(__.valueMap('revision', 'versions', 'transitions', 'earliest', 'latest'))
      .by(__.outE(LABEL.hasPending).count())
      .toList(),
  );
  if (row === undefined) return { revision: 0, versions: 0, transitions: 0, earliest: null, latest: null, pendingComponents: 0 };
  const record = asRecord(row, 'the history state');
  const { earliest = null, latest = null, ...counts } = parseWith(metaSchema, singleValues(record.p, 'the history state'), 'history state');
  return { ...counts, earliest, latest, pendingComponents: Number(record.pending) };
}

/** One `indexKey` text per version, never the document's text. */
export async function readVersionIndex(connection: GremlinConnection, filter: { componentId?: string } = {}): Promise<VersionKey[]> {
  const keys = await connection.run('read the version index', (g) => {
    const versions = filter.componentId === undefined ? g.V().hasLabel(LABEL.docVersion) : g.V(headId(filter.componentId)).hasLabel(LABEL.historyHead).out(LABEL.hasVersion);
    return versions.values('indexKey').toList();
  });
  return sortVersionKeys(keys.map(parseIndexKey));
}

export async function readVersions(connection: GremlinConnection, ids: readonly string[]): Promise<DocumentVersion[]> {
  const byId = new Map<string, DocumentVersion>();
  for (const chunk of chunks([...new Set(ids)], READ_CHUNK)) {
    const rows = await connection.run('read versions', (g) =>
      g
        .V(...chunk)
        .hasLabel(LABEL.docVersion)
        .map(vertexProjection())
        .toList(),
    );
    for (const version of rows.map(parseVersion)) byId.set(version.id, version);
  }
  return ids.flatMap((id) => {
    const version = byId.get(id);
    return version ? [{ ...version }] : [];
  });
}

export async function readDriftTransitions(connection: GremlinConnection, filter: TransitionFilter = {}): Promise<DriftTransition[]> {
  const rows = await connection.run('read drift transitions', (g) => {
    let transitions =
      filter.componentId === undefined ? g.V().hasLabel(LABEL.driftTransition) : g.V(headId(filter.componentId)).hasLabel(LABEL.historyHead).out(LABEL.hasTransition);
    if (filter.until !== undefined) transitions = transitions.has('atMs', P.lte(Date.parse(filter.until)));
    return transitions.map(vertexProjection()).toList();
  });
  return rows.map(parseTransition).sort(compareTransitions);
}
