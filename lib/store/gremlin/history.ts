import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/model/errors';
import type { DocumentVersion, DriftTransition, HistoryHead, HistoryState, HistoryWrite, HistoryWriteResult, VersionKey } from '@/lib/model/history';
import type { SyncGuard } from '../graph-store';
import { compareTransitions, compareVersionKeys, type TransitionFilter } from '../history-order';
import { planHistoryWrite, type HistoryPlan } from '../history-plan';
import { documentVersionSchema, driftTransitionSchema, historyHeadSchema, versionKeySchema } from '../stored-schemas';
import { split } from './change-request-vertex';
import type { GremlinConnection, RoundTrips } from './gremlin-connection';
import { HISTORY_META_ID, idMatch, LABEL, parseVertex, setProperties, vertexProjection } from './graph-schema';
import { __, Bytecode, cardinality, GraphTraversal, merge, P, t, type Source, type Traversal } from './gremlin-lib';
import { asList, asRecord, chunks, singleValues } from './traversal-results';
import { countSteps, DEFAULT_BATCH_LIMITS, planBatches, type BatchLimits, type Sized } from './write-batches';

/**
 * Infrastructure memory on Gremlin (ARCHITECTURE.md §6c):
 *
 * - `doc_version` vertices (id `hv:…`), `drift_transition` vertices (id
 *   `dt:…`) and one `history_head` per component (id `hh:<componentId>`),
 *   which links to its records (`has_version`, `has_transition`). None
 *   hangs off the `component` vertex, which a sync drops when the component
 *   goes: its past stays. Null fields are absent properties (split);
 *   `removed` and `atMs` are kept beside them for the index and the filters.
 * - `meta:history` holds the revision, the counts and the time range,
 *   advanced in the traversal of each batch that wrote, so they never
 *   disagree with what is stored: records are created with addV, and one a
 *   concurrent writer created first fails the batch (the next write, diffing
 *   again, skips it) rather than being counted twice. Components still
 *   pending are counted when asked, since two writers (a sync and the
 *   history worker) may replace one head.
 * - A write first reads what it names — versions without their text,
 *   transition ids, heads — and sends only the difference, in batches sized
 *   by write-batches.ts, each checked against the guard: given what the
 *   store holds, it sends no write at all.
 */

const READ_CHUNK = 500;

const headId = (componentId: string) => `hh:${componentId}`;

/** Every stored property of a version but its text: what a write's diff needs. */
const VERSION_FIELDS_BUT_RAW = documentVersionSchema.keyof().options.filter((key) => key !== 'id' && key !== 'raw');

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError('internal', `Stored ${what} is malformed: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return result.data;
}

/** Absent properties read as null, as they were written (split). */
function withNulls(properties: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out = { ...properties };
  for (const key of keys) out[key] ??= null;
  return out;
}

const NULLABLE_VERSION_FIELDS = ['raw', 'modifiedBy', 'description', 'changeRequestId', 'gitCommit'] as const;

function parseVersion(value: unknown): DocumentVersion {
  const { id, properties } = parseVertex(value, 'history version');
  const { removed: _removed, atMs: _atMs, ...stored } = properties;
  return parseWith(documentVersionSchema, { ...withNulls(stored, NULLABLE_VERSION_FIELDS), id }, `version ${id}`);
}

function parseTransition(value: unknown): DriftTransition {
  const { id, properties } = parseVertex(value, 'drift transition');
  const { atMs: _atMs, ...stored } = properties;
  return parseWith(driftTransitionSchema, { ...withNulls(stored, ['from', 'to', 'reason']), id }, `drift transition ${id}`);
}

function parseJsonProperty(id: string, key: string, raw: unknown): unknown {
  if (raw === undefined) return null;
  try {
    return JSON.parse(String(raw));
  } catch (error) {
    throw new AppError('internal', `Stored property ${key} of ${id} is not valid JSON`, { cause: error });
  }
}

function parseHead(value: unknown): HistoryHead {
  const { id, properties: p } = parseVertex(value, 'history head');
  const { isPending: _isPending, ...stored } = p;
  const head = {
    ...withNulls(stored, ['drift']),
    config: parseJsonProperty(id, 'config', p.config),
    runtime: parseJsonProperty(id, 'runtime', p.runtime),
    pending: typeof p.pending === 'string' && p.pending !== '' ? p.pending.split(',') : [],
  };
  return parseWith(historyHeadSchema, head, `history head ${id}`);
}

function versionProperties(version: DocumentVersion) {
  const { id: _id, ...fields } = version;
  return split({ ...fields, removed: version.raw === null, atMs: Date.parse(version.modifiedAt) }).present;
}

function transitionProperties(transition: DriftTransition) {
  const { id: _id, ...fields } = transition;
  return split({ ...fields, atMs: Date.parse(transition.at) }).present;
}

function headProperties(head: HistoryHead) {
  return split({
    componentId: head.componentId,
    env: head.env,
    type: head.type,
    nickname: head.nickname,
    config: head.config && JSON.stringify(head.config),
    runtime: head.runtime && JSON.stringify(head.runtime),
    drift: head.drift,
    pending: head.pending.join(','),
    isPending: head.pending.length > 0,
  });
}

/** The component's head vertex, created bare (no `env`, so no head to read) when a record comes before its first head. */
function headVertex(componentId: string): Traversal {
  return __.mergeV(idMatch(headId(componentId))).option(
    merge.onCreate,
    new Map<unknown, unknown>([
      [t.label, LABEL.historyHead],
      ['componentId', componentId],
    ]),
  );
}

// ---------------------------------------------------------------- reads

/** What a write needs to know of what the store holds, for the ids it names, in one request per chunk of each. */
async function readStored(connection: GremlinConnection, input: HistoryWrite, roundTrips: RoundTrips) {
  const versionIds = chunks([...new Set(input.versions.map((v) => v.id))], READ_CHUNK);
  const transitionIds = chunks([...new Set(input.transitions.map((x) => x.id))], READ_CHUNK);
  const headIds = chunks([...new Set(input.heads.map((h) => headId(h.componentId)))], READ_CHUNK);
  const versions = new Map<string, Record<string, unknown>>();
  const transitions = new Set<string>();
  const heads = new Map<string, HistoryHead>();
  for (let i = 0; i < Math.max(versionIds.length, transitionIds.length, headIds.length); i++) {
    const parts: Traversal[] = [];
    if (versionIds[i]) {
      const fields = __.valueMap(...VERSION_FIELDS_BUT_RAW);
      parts.push(
        __.V(...versionIds[i])
          .hasLabel(LABEL.docVersion)
          .project('k', 'id', 'p')
          .by(__.constant('v'))
          .by(t.id)
          .by(fields),
      );
    }
    if (transitionIds[i]) {
      parts.push(
        __.V(...transitionIds[i])
          .hasLabel(LABEL.driftTransition)
          .project('k', 'id')
          .by(__.constant('t'))
          .by(t.id),
      );
    }
    if (headIds[i]) {
      parts.push(
        __.V(...headIds[i])
          .hasLabel(LABEL.historyHead)
          .has('env')
          .project('k', 'id', 'p')
          .by(__.constant('h'))
          .by(t.id)
          .by(__.valueMap()),
      );
    }
    const rows = await connection.run(
      'history: read what the write names',
      (g) =>
        g
          .inject(0)
          .union(...parts)
          .toList(),
      roundTrips,
    );
    for (const row of rows) {
      const record = asRecord(row, 'a stored history record');
      if (record.k === 'v') versions.set(String(record.id), parseVertex(row, 'history version').properties);
      else if (record.k === 't') transitions.add(String(record.id));
      else {
        const head = parseHead(row);
        heads.set(head.componentId, head);
      }
    }
  }
  return { versions, transitions, heads };
}

export async function readHistoryHeads(connection: GremlinConnection, ids?: readonly string[]): Promise<HistoryHead[]> {
  if (ids === undefined) {
    const rows = await connection.run('read history heads', (g) => g.V().hasLabel(LABEL.historyHead).has('env').map(vertexProjection()).toList());
    return rows.map(parseHead).sort((a, b) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : 0));
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

const stateSchema = z.object({
  revision: z.number().int(),
  versions: z.number().int(),
  transitions: z.number().int(),
  earliest: z.string().optional(),
  latest: z.string().optional(),
});

export async function readHistoryState(connection: GremlinConnection): Promise<HistoryState> {
  const [row] = await connection.run('read history state', (g) =>
    g
      .inject(0)
      .project('s', 'p')
      .by(__.V(HISTORY_META_ID).hasLabel(LABEL.historyMeta).valueMap('revision', 'versions', 'transitions', 'earliest', 'latest').fold())
      .by(__.V().hasLabel(LABEL.historyHead).has('isPending', true).count())
      .toList(),
  );
  const record = asRecord(row, 'the history state');
  const [meta] = asList(record.s, 'the history state');
  const pendingComponents = Number(record.p);
  if (meta === undefined) return { revision: 0, versions: 0, transitions: 0, earliest: null, latest: null, pendingComponents };
  const { earliest = null, latest = null, ...counts } = parseWith(stateSchema, singleValues(meta, 'the history state'), 'history state');
  return { ...counts, earliest, latest, pendingComponents };
}

function parseKey(value: unknown): VersionKey {
  const r = asRecord(value, 'a version index row');
  return parseWith(versionKeySchema, { id: r.i, componentId: r.c, document: r.d, version: r.v, modifiedAt: r.m, hash: r.h, removed: r.r }, `version index row ${String(r.i)}`);
}

/** Light rows (never the text); one request, since rows of seven short values stream well even by the hundred thousand. */
export async function readVersionIndex(connection: GremlinConnection, filter: { componentId?: string } = {}): Promise<VersionKey[]> {
  const rows = await connection.run('read the version index', (g) => {
    const versions = filter.componentId === undefined ? g.V().hasLabel(LABEL.docVersion) : g.V(headId(filter.componentId)).hasLabel(LABEL.historyHead).out(LABEL.hasVersion);
    return versions.project('i', 'c', 'd', 'v', 'm', 'h', 'r').by(t.id).by('componentId').by('document').by('version').by('modifiedAt').by('hash').by('removed').toList();
  });
  return rows.map(parseKey).sort(compareVersionKeys);
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

// ---------------------------------------------------------------- writes

/** What a batch adds to the meta vertex. */
type MetaDelta = { versions: number; transitions: number; earliest: { ms: number; at: string } | null; latest: { ms: number; at: string } | null };

type HistoryOp = Sized & { delta: MetaDelta; append(traversal: Traversal): Traversal };

const NO_DELTA: MetaDelta = { versions: 0, transitions: 0, earliest: null, latest: null };

function sizeOf(properties: Record<string, unknown>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(properties)) bytes += key.length + (typeof value === 'string' ? value.length : 8);
  return bytes;
}

function historyOp(records: number, bytes: number, delta: MetaDelta, append: (traversal: Traversal) => Traversal): HistoryOp {
  const probe = append(new GraphTraversal(null, null, new Bytecode()));
  return { records, steps: countSteps(probe.getBytecode()), bytes, delta, append };
}

function createVersionOp(version: DocumentVersion): HistoryOp {
  const present = versionProperties(version);
  const ms = Date.parse(version.modifiedAt);
  const moment = Number.isNaN(ms) ? null : { ms, at: version.modifiedAt };
  return historyOp(Object.keys(present).length + 4, sizeOf(present), { ...NO_DELTA, versions: 1, earliest: moment, latest: moment }, (traversal) =>
    setProperties(traversal.addV(LABEL.docVersion).property(t.id, version.id), { present, absent: [] })
      .as('rec')
      .sideEffect(headVertex(version.componentId).addE(LABEL.hasVersion).to('rec')),
  );
}

/** Only the fields the stored record lacked. */
function fillVersionOp(id: string, filled: Partial<DocumentVersion>): HistoryOp {
  const { present } = split(filled as Record<string, string | number | boolean | null>);
  return historyOp(Object.keys(present).length, sizeOf(present), NO_DELTA, (traversal) =>
    traversal.sideEffect(setProperties(__.V(id).hasLabel(LABEL.docVersion), { present, absent: [] })),
  );
}

function createTransitionOp(transition: DriftTransition): HistoryOp {
  const present = transitionProperties(transition);
  return historyOp(Object.keys(present).length + 4, sizeOf(present), { ...NO_DELTA, transitions: 1 }, (traversal) =>
    setProperties(traversal.addV(LABEL.driftTransition).property(t.id, transition.id), { present, absent: [] })
      .as('rec')
      .sideEffect(headVertex(transition.componentId).addE(LABEL.hasTransition).to('rec')),
  );
}

function replaceHeadOp(head: HistoryHead): HistoryOp {
  const properties = headProperties(head);
  return historyOp(Object.keys(properties.present).length + properties.absent.length, sizeOf(properties.present), NO_DELTA, (traversal) =>
    traversal.sideEffect(setProperties(headVertex(head.componentId), properties)),
  );
}

function sumDeltas(ops: readonly HistoryOp[]): MetaDelta {
  const earlier = (a: MetaDelta['earliest'], b: MetaDelta['earliest']) => (a === null ? b : b === null || a.ms <= b.ms ? a : b);
  const later = (a: MetaDelta['latest'], b: MetaDelta['latest']) => (a === null ? b : b === null || a.ms >= b.ms ? a : b);
  return ops.reduce<MetaDelta>(
    (sum, { delta }) => ({
      versions: sum.versions + delta.versions,
      transitions: sum.transitions + delta.transitions,
      earliest: earlier(sum.earliest, delta.earliest),
      latest: later(sum.latest, delta.latest),
    }),
    NO_DELTA,
  );
}

/** Advances the revision, the counts and the time range by a batch's delta, in the batch's own traversal. */
function advanceMeta(traversal: Traversal, delta: MetaDelta): Traversal {
  const onCreate = new Map<unknown, unknown>([
    [t.label, LABEL.historyMeta],
    ['revision', 0],
    ['versions', 0],
    ['transitions', 0],
  ]);
  let meta = traversal.mergeV(idMatch(HISTORY_META_ID)).option(merge.onCreate, onCreate).as('meta');
  const increment = (key: string, n: number) => meta.property(cardinality.single, key, __.select('meta').values(key).math(`_ + ${n}`));
  meta = increment('revision', 1);
  if (delta.versions > 0) meta = increment('versions', delta.versions);
  if (delta.transitions > 0) meta = increment('transitions', delta.transitions);
  if (delta.earliest) {
    const { ms, at } = delta.earliest;
    meta = meta.sideEffect(
      __.not(__.has('earliestMs', P.lte(ms)))
        .property(cardinality.single, 'earliestMs', ms)
        .property(cardinality.single, 'earliest', at),
    );
  }
  if (delta.latest) {
    const { ms, at } = delta.latest;
    meta = meta.sideEffect(
      __.not(__.has('latestMs', P.gte(ms)))
        .property(cardinality.single, 'latestMs', ms)
        .property(cardinality.single, 'latest', at),
    );
  }
  return meta;
}

/** Records before heads: a broken write leaves the old heads, so the next sync records again what is missing (upserts by id). */
function opsOf(plan: HistoryPlan): HistoryOp[] {
  return [
    ...plan.created.map(createVersionOp),
    ...plan.updated.map(({ merged, filled }) => fillVersionOp(merged.id, filled)),
    ...plan.transitions.map(createTransitionOp),
    ...plan.heads.map(replaceHeadOp),
  ];
}

export async function writeHistory(connection: GremlinConnection, input: HistoryWrite, guard?: SyncGuard, limits: BatchLimits = DEFAULT_BATCH_LIMITS): Promise<HistoryWriteResult> {
  const roundTrips: RoundTrips = { count: 0 };
  const stored = await readStored(connection, input, roundTrips);
  const firstSighting = new Map<string, DocumentVersion>();
  for (const v of input.versions) if (!firstSighting.has(v.id)) firstSighting.set(v.id, v);
  const plan = planHistoryWrite(
    {
      // The stored record without its text, which one id never changes.
      version: (id) => {
        const properties = stored.versions.get(id);
        const incoming = firstSighting.get(id);
        return properties && incoming ? ({ ...incoming, ...withNulls(properties, NULLABLE_VERSION_FIELDS), raw: incoming.raw, id } as DocumentVersion) : undefined;
      },
      hasTransition: (id) => stored.transitions.has(id),
      head: (componentId) => stored.heads.get(componentId),
    },
    input,
  );
  const batches = planBatches(opsOf(plan), limits);
  for (const [i, batch] of batches.entries()) {
    // Every request checks the guard first: a writer that lost its lease stops before its next write.
    guard?.assertHeld();
    await connection.run(
      `history: write (batch ${i + 1} of ${batches.length})`,
      (g: Source) => {
        let traversal: Traversal = g.inject(0);
        for (const op of batch) traversal = op.append(traversal);
        return advanceMeta(traversal, sumDeltas(batch)).iterate();
      },
      roundTrips,
    );
  }
  return { written: plan.written, roundTrips: roundTrips.count };
}
