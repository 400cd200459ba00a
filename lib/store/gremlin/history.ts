import 'server-only';
import { isSameHead, mergeVersion } from '@/lib/history/merge-version';
import { AppError } from '@/lib/model/errors';
import { DRIFT_STATUSES, type DriftStatus } from '@/lib/model/graph';
import {
  HISTORY_DOCUMENTS,
  VERSION_SOURCES,
  type DocumentVersion,
  type DriftTransition,
  type HistoryHead,
  type HistoryState,
  type HistoryWrite,
  type HistoryWriteResult,
  type SlotHead,
  type VersionKey,
} from '@/lib/model/history';
import type { SyncGuard } from '../graph-store';
import { split } from './change-request-vertex';
import type { GremlinConnection, RoundTrips } from './gremlin-connection';
import { parseVertex, setProperties, vertexProjection } from './graph-schema';
import { __, cardinality, merge, P, t, type Traversal } from './gremlin-lib';
import { asList, asRecord, chunks } from './traversal-results';

/**
 * Infrastructure memory on Gremlin (ARCHITECTURE.md §6c):
 *
 * - `doc_version` vertices (id `hv:…`), one per recorded version, with
 *   `atMs` (its time as a number) for ordering; `drift_transition`
 *   vertices (id `dt:…`); one `history_head` per component (id
 *   `hh:<componentId>`), linked to its versions and transitions by
 *   `has_version` / `has_transition`. None of them hangs off the component
 *   vertex, which a sync drops when the component goes: its past stays.
 * - `meta:history` holds the revision and the counts, advanced in the
 *   traversal of the batch that wrote (an increment, retried by the
 *   connection on a concurrent modification, so none is lost).
 * - A write reads what it is about to write first (ids, stored records,
 *   heads) and sends only the difference: nothing new, no write.
 */

const LABEL = {
  version: 'doc_version',
  transition: 'drift_transition',
  head: 'history_head',
  hasVersion: 'has_version',
  hasTransition: 'has_transition',
  meta: 'history_meta',
} as const;
const META_ID = 'meta:history';
/** Records per write request: each vertex is ~17 steps, so 60 stay under the 1,500-step budget of lib/store/gremlin/write-batches.ts. */
const WRITE_CHUNK = 60;
const READ_CHUNK = 500;

const headId = (componentId: string) => `hh:${componentId}`;

function versionProperties(v: DocumentVersion) {
  const { id: _id, ...fields } = v;
  return split({ ...fields, atMs: Date.parse(v.modifiedAt) });
}

function asNullableString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function asInt(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new AppError('internal', `Unexpected ${what} from Gremlin: not an integer`);
  return n;
}

function oneOf<T extends string>(values: readonly T[], value: unknown, what: string): T {
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  throw new AppError('internal', `Unexpected ${what} from Gremlin: ${String(value)}`);
}

function status(value: unknown): DriftStatus | null {
  return value === undefined || value === null ? null : oneOf(DRIFT_STATUSES, value, 'drift status');
}

function parseVersion(value: unknown): DocumentVersion {
  const { id, properties: p } = parseVertex(value, 'history version');
  return {
    id,
    componentId: String(p.componentId),
    env: String(p.env),
    type: String(p.type),
    nickname: String(p.nickname),
    document: oneOf(HISTORY_DOCUMENTS, p.document, 'history document'),
    version: asInt(p.version, 'version number'),
    raw: asNullableString(p.raw),
    hash: String(p.hash ?? ''),
    modifiedAt: String(p.modifiedAt),
    modifiedBy: asNullableString(p.modifiedBy),
    description: asNullableString(p.description),
    changeRequestId: asNullableString(p.changeRequestId),
    gitCommit: asNullableString(p.gitCommit),
    source: oneOf(VERSION_SOURCES, p.source, 'version source'),
    recordedAt: String(p.recordedAt),
  };
}

function parseTransition(value: unknown): DriftTransition {
  const { id, properties: p } = parseVertex(value, 'drift transition');
  return {
    id,
    componentId: String(p.componentId),
    from: status(p.from),
    to: status(p.to),
    at: String(p.at),
    observedAt: String(p.observedAt),
    reason: asNullableString(p.reason),
  };
}

function parseHead(value: unknown): HistoryHead {
  const { properties: p } = parseVertex(value, 'history head');
  const slot = (raw: unknown): SlotHead | null => (typeof raw === 'string' ? (JSON.parse(raw) as SlotHead) : null);
  const pending = typeof p.pending === 'string' && p.pending.length > 0 ? p.pending.split(',').map((d) => oneOf(HISTORY_DOCUMENTS, d, 'pending document')) : [];
  return {
    componentId: String(p.componentId),
    env: String(p.env),
    type: String(p.type),
    nickname: String(p.nickname),
    config: slot(p.config),
    runtime: slot(p.runtime),
    drift: status(p.drift),
    pending,
  };
}

function headProperties(h: HistoryHead) {
  return split({
    componentId: h.componentId,
    env: h.env,
    type: h.type,
    nickname: h.nickname,
    config: h.config ? JSON.stringify(h.config) : null,
    runtime: h.runtime ? JSON.stringify(h.runtime) : null,
    drift: h.drift,
    pending: h.pending.join(','),
    isPending: h.pending.length > 0,
  });
}

/** The head vertex, created when missing. */
function headVertex(componentId: string): Traversal {
  return __.mergeV(new Map<unknown, unknown>([[t.id, headId(componentId)]])).option(
    merge.onCreate,
    new Map<unknown, unknown>([
      [t.label, LABEL.head],
      ['componentId', componentId],
    ]),
  );
}

async function readByIds(connection: GremlinConnection, label: string, ids: readonly string[], roundTrips: RoundTrips): Promise<unknown[]> {
  const rows: unknown[] = [];
  for (const chunk of chunks([...new Set(ids)], READ_CHUNK)) {
    rows.push(
      ...(await connection.run(
        `read ${label}`,
        (g) =>
          g
            .V(...chunk)
            .hasLabel(label)
            .map(vertexProjection())
            .toList(),
        roundTrips,
      )),
    );
  }
  return rows;
}

type MetaDelta = { versions: number; transitions: number; pending: number; earliest: number | null; latest: number | null };

export async function readHistoryHeads(connection: GremlinConnection, ids?: readonly string[]): Promise<HistoryHead[]> {
  const rounds: RoundTrips = { count: 0 };
  if (ids) return (await readByIds(connection, LABEL.head, ids.map(headId), rounds)).map(parseHead);
  const rows = await connection.run('read history heads', (g) => g.V().hasLabel(LABEL.head).has('env').map(vertexProjection()).toList());
  return rows.map(parseHead);
}

export async function readHistoryState(connection: GremlinConnection): Promise<HistoryState> {
  const [row] = await connection.run('read history state', (g) => g.V(META_ID).hasLabel(LABEL.meta).map(vertexProjection()).toList());
  if (row === undefined) return { revision: 0, versions: 0, transitions: 0, earliest: null, latest: null, pendingComponents: 0 };
  const { properties: p } = parseVertex(row, 'history state');
  const time = (value: unknown) => (typeof value === 'number' && value > -Infinity ? new Date(value).toISOString() : null);
  return {
    revision: asInt(p.revision, 'history revision'),
    versions: asInt(p.versions, 'version count'),
    transitions: asInt(p.transitions, 'transition count'),
    earliest: p.versions === 0 ? null : time(p.earliest),
    latest: p.versions === 0 ? null : time(p.latest),
    pendingComponents: asInt(p.pending, 'pending count'),
  };
}

/** Advances the revision and the counts by a batch's delta, in the batch's own traversal. */
function bumpMeta(traversal: Traversal, delta: MetaDelta): Traversal {
  let meta = traversal
    .V(META_ID)
    .fold()
    .coalesce(
      __.unfold(),
      __.addV(LABEL.meta)
        .property(t.id, META_ID)
        .property(cardinality.single, 'revision', 0)
        .property(cardinality.single, 'versions', 0)
        .property(cardinality.single, 'transitions', 0)
        .property(cardinality.single, 'pending', 0),
    )
    .as('meta');
  const increment = (key: string, n: number) => meta.property(cardinality.single, key, __.select('meta').values(key).math(`_ + ${n}`));
  meta = increment('revision', 1);
  if (delta.versions) meta = increment('versions', delta.versions);
  if (delta.transitions) meta = increment('transitions', delta.transitions);
  if (delta.pending) meta = increment('pending', delta.pending);
  if (delta.earliest !== null) {
    meta = meta.choose(__.values('earliest').is(P.lte(delta.earliest)), __.identity(), __.property(cardinality.single, 'earliest', delta.earliest));
  }
  if (delta.latest !== null) {
    meta = meta.choose(__.values('latest').is(P.gte(delta.latest)), __.identity(), __.property(cardinality.single, 'latest', delta.latest));
  }
  return meta;
}

type Op =
  | { kind: 'add'; version: DocumentVersion }
  | { kind: 'update'; version: DocumentVersion }
  | { kind: 'transition'; transition: DriftTransition }
  | { kind: 'head'; head: HistoryHead };

function addOp(traversal: Traversal, op: Op): Traversal {
  if (op.kind === 'add') {
    const created = setProperties(traversal.addV(LABEL.version).property(t.id, op.version.id), { present: versionProperties(op.version).present, absent: [] }).as('v');
    return created.sideEffect(headVertex(op.version.componentId).addE(LABEL.hasVersion).to('v'));
  }
  if (op.kind === 'update') return setProperties(traversal.V(op.version.id), versionProperties(op.version));
  if (op.kind === 'transition') {
    const { id, ...fields } = op.transition;
    const created = setProperties(traversal.addV(LABEL.transition).property(t.id, id), { present: split({ ...fields, atMs: Date.parse(fields.at) }).present, absent: [] }).as('tr');
    return created.sideEffect(headVertex(op.transition.componentId).addE(LABEL.hasTransition).to('tr'));
  }
  return setProperties(
    traversal.mergeV(new Map<unknown, unknown>([[t.id, headId(op.head.componentId)]])).option(merge.onCreate, new Map<unknown, unknown>([[t.label, LABEL.head]])),
    headProperties(op.head),
  );
}

export async function writeHistory(connection: GremlinConnection, input: HistoryWrite, guard?: SyncGuard): Promise<HistoryWriteResult> {
  const roundTrips: RoundTrips = { count: 0 };
  // What the store holds of what is about to be written: only the difference is sent.
  const incoming = new Map<string, DocumentVersion>();
  for (const v of input.versions) {
    const earlier = incoming.get(v.id);
    incoming.set(v.id, earlier ? (mergeVersion(earlier, v) ?? earlier) : v);
  }
  const stored = new Map((await readByIds(connection, LABEL.version, [...incoming.keys()], roundTrips)).map(parseVersion).map((v) => [v.id, v]));
  const knownTransitions = new Set(
    (
      await readByIds(
        connection,
        LABEL.transition,
        input.transitions.map((x) => x.id),
        roundTrips,
      )
    ).map((row) => parseTransition(row).id),
  );
  const storedHeads = new Map(
    (
      await readByIds(
        connection,
        LABEL.head,
        input.heads.map((h) => headId(h.componentId)),
        roundTrips,
      )
    )
      .map(parseHead)
      .map((h) => [h.componentId, h]),
  );

  const ops: Array<{ op: Op; delta: MetaDelta }> = [];
  const none = (): MetaDelta => ({ versions: 0, transitions: 0, pending: 0, earliest: null, latest: null });
  for (const v of incoming.values()) {
    const old = stored.get(v.id);
    if (!old) {
      const ms = Date.parse(v.modifiedAt);
      ops.push({ op: { kind: 'add', version: v }, delta: { ...none(), versions: 1, earliest: Number.isNaN(ms) ? null : ms, latest: Number.isNaN(ms) ? null : ms } });
    } else {
      const merged = mergeVersion(old, v);
      if (merged) ops.push({ op: { kind: 'update', version: merged }, delta: none() });
    }
  }
  const seen = new Set<string>();
  for (const x of input.transitions) {
    if (knownTransitions.has(x.id) || seen.has(x.id)) continue;
    seen.add(x.id);
    ops.push({ op: { kind: 'transition', transition: x }, delta: { ...none(), transitions: 1 } });
  }
  for (const h of input.heads) {
    const old = storedHeads.get(h.componentId);
    if (old && isSameHead(old, h)) continue;
    const pending = Number(h.pending.length > 0) - Number((old?.pending.length ?? 0) > 0);
    ops.push({ op: { kind: 'head', head: h }, delta: { ...none(), pending } });
  }
  // Heads after their versions: a head never names a version the store does not hold.
  ops.sort((a, b) => Number(a.op.kind === 'head') - Number(b.op.kind === 'head'));

  for (const batch of chunks(ops, WRITE_CHUNK)) {
    guard?.assertHeld();
    const delta = batch.reduce<MetaDelta>(
      (sum, { delta: d }) => ({
        versions: sum.versions + d.versions,
        transitions: sum.transitions + d.transitions,
        pending: sum.pending + d.pending,
        earliest: d.earliest === null ? sum.earliest : sum.earliest === null ? d.earliest : Math.min(sum.earliest, d.earliest),
        latest: d.latest === null ? sum.latest : sum.latest === null ? d.latest : Math.max(sum.latest, d.latest),
      }),
      none(),
    );
    await connection.run(
      'write history',
      (g) => {
        let traversal: Traversal = g.inject(0);
        for (const { op } of batch) traversal = addOp(traversal, op);
        return bumpMeta(traversal, delta).id().toList();
      },
      roundTrips,
    );
  }
  return { written: ops.length, roundTrips: roundTrips.count };
}

/** Every version without its text, as light rows; sorted like the memory store's. */
export async function readVersionIndex(connection: GremlinConnection, filter: { componentId?: string } = {}): Promise<VersionKey[]> {
  const rows = await connection.run('read version index', (g) => {
    let traversal = g.V().hasLabel(LABEL.version);
    if (filter.componentId !== undefined) traversal = traversal.has('componentId', filter.componentId);
    return traversal
      .project('i', 'c', 'd', 'v', 'm', 'h', 'r')
      .by(t.id)
      .by('componentId')
      .by('document')
      .by('version')
      .by('modifiedAt')
      .by('hash')
      .by(__.choose(__.has('raw'), __.constant(false), __.constant(true)))
      .toList();
  });
  const keys = rows.map((row): VersionKey => {
    const r = asRecord(row, 'version index row');
    return {
      id: String(r.i),
      componentId: String(r.c),
      document: oneOf(HISTORY_DOCUMENTS, r.d, 'history document'),
      version: asInt(r.v, 'version number'),
      modifiedAt: String(r.m),
      hash: String(r.h),
      removed: r.r === true,
    };
  });
  return keys.sort(
    (a, b) =>
      (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : 0) ||
      (a.document < b.document ? -1 : a.document > b.document ? 1 : 0) ||
      Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt) ||
      a.version - b.version ||
      Number(a.removed) - Number(b.removed),
  );
}

export async function readVersions(connection: GremlinConnection, ids: readonly string[]): Promise<DocumentVersion[]> {
  const byId = new Map((await readByIds(connection, LABEL.version, ids, { count: 0 })).map(parseVersion).map((v) => [v.id, v]));
  return ids.map((id) => byId.get(id)).filter((v): v is DocumentVersion => v !== undefined);
}

export async function readDriftTransitions(connection: GremlinConnection, filter: { componentId?: string; until?: string } = {}): Promise<DriftTransition[]> {
  const rows = await connection.run('read drift transitions', (g) => {
    let traversal = g.V().hasLabel(LABEL.transition);
    if (filter.componentId !== undefined) traversal = traversal.has('componentId', filter.componentId);
    if (filter.until !== undefined) traversal = traversal.has('atMs', P.lte(Date.parse(filter.until)));
    return traversal.map(vertexProjection()).toList();
  });
  return asList(rows, 'drift transitions')
    .map(parseTransition)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
