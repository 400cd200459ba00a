import 'server-only';
import { randomUUID } from 'node:crypto';
import type { DocumentVersion, HistoryHead, HistoryWrite, HistoryWriteResult } from '@/lib/model/history';
import type { PropertyRecord } from '../component-record';
import type { SyncGuard } from '../graph-store';
import { planHistoryWrite, type HistoryPlan } from '../history-plan';
import { split } from './change-request-vertex';
import type { GremlinConnection, RoundTrips } from './gremlin-connection';
import { HISTORY_META_ID, idMatch, LABEL, parseVertex, setProperties } from './graph-schema';
import { __, Bytecode, cardinality, direction, GraphTraversal, merge, P, t, type Source, type Traversal } from './gremlin-lib';
import { bareHeadMap, headId, headProperties, headVertex, parseHead, transitionProperties, GAP_FIELDS, versionProperties, withNulls } from './history-vertices';
import { asRecord, asString, chunks } from './traversal-results';
import { countSteps, DEFAULT_BATCH_LIMITS, planBatches, type BatchLimits, type Sized } from './write-batches';

/**
 * A history write on Gremlin, in the order of lib/store/history-plan.ts:
 *
 * 1. Read what the write names — of its versions only the fields a later
 *    sighting may fill, its transition ids, its heads — one request per
 *    chunk of ids.
 * 2. Plan the difference (new records, gaps to fill, heads that differ); a
 *    write of what the store holds plans nothing and sends no write.
 * 3. Send it in batches sized by write-batches.ts, the guard asked before
 *    each: new records first, as rows of one constant list merged by one
 *    mergeV (a handful of steps whatever the batch holds), each linked from
 *    its component's `history_head`; then the fills; heads last, so a write
 *    that stops midway leaves the old heads and the next sync records again
 *    what is missing.
 *
 * Each batch advances `meta:history` in its own traversal (its own
 * transaction): the revision, the time range, and the counts by the records
 * this very traversal created — marked with a nonce on creation, counted,
 * unmarked — so a record a concurrent writer created first is not counted
 * twice. A component is pending while its head has a `has_pending` edge
 * from the meta vertex: a replaced head sets or drops its edge, so the
 * count is of edges, never a tally two writers could both move.
 */

const READ_CHUNK = 500;
const CREATING_WRITE = 'creatingWrite';

type Moment = { ms: number; at: string };

/** A record created from a row: no steps of its own. */
type RecordOp = Sized & { id: string; componentId: string; row: Map<unknown, unknown>; moment: Moment | null };
/** A change chained onto the meta vertex as a side effect. */
type ChainOp = Sized & { append(meta: Traversal): Traversal };

function sizeOf(properties: PropertyRecord): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(properties)) bytes += key.length + (typeof value === 'string' ? value.length : 8);
  return bytes;
}

function recordOp(id: string, componentId: string, label: string, present: PropertyRecord, moment: Moment | null): RecordOp {
  const row = new Map<unknown, unknown>([[t.label, label], ...Object.entries(present)]);
  // The record's label and properties, its has_* edge (label and two ends), its head's share.
  return { id, componentId, row, moment, records: 1 + Object.keys(present).length + 4, steps: 0, bytes: id.length * 3 + sizeOf(present) };
}

function versionOp(version: DocumentVersion): RecordOp {
  const ms = Date.parse(version.modifiedAt);
  return recordOp(version.id, version.componentId, LABEL.docVersion, versionProperties(version), Number.isNaN(ms) ? null : { ms, at: version.modifiedAt });
}

function chainOp(records: number, bytes: number, append: (meta: Traversal) => Traversal): ChainOp {
  const probe = append(new GraphTraversal(null, null, new Bytecode()));
  return { records, steps: countSteps(probe.getBytecode()), bytes, append };
}

/** Only the fields the stored record lacked. */
function fillOp(id: string, filled: Partial<DocumentVersion>): ChainOp {
  const { present } = split(filled as Record<string, string | number | boolean | null>);
  return chainOp(Object.keys(present).length, sizeOf(present), (meta) => meta.sideEffect(setProperties(__.V(id).hasLabel(LABEL.docVersion), { present, absent: [] })));
}

function headOp(head: HistoryHead): ChainOp {
  const properties = headProperties(head);
  const pendingEdge = new Map<unknown, unknown>([
    [t.label, LABEL.hasPending],
    [direction.out, HISTORY_META_ID],
    [direction.in, headId(head.componentId)],
  ]);
  return chainOp(Object.keys(properties.present).length + properties.absent.length + 3, sizeOf(properties.present), (meta) =>
    meta
      .sideEffect(setProperties(headVertex(head.componentId), properties))
      .sideEffect(head.pending.length > 0 ? __.mergeE(pendingEdge) : __.V(headId(head.componentId)).inE(LABEL.hasPending).drop()),
  );
}

/** The meta vertex, created when missing: every batch starts from it and ends by advancing it. */
function metaVertex(g: Source): Traversal {
  const onCreate = new Map<unknown, unknown>([
    [t.label, LABEL.historyMeta],
    ['revision', 0],
    ['versions', 0],
    ['transitions', 0],
  ]);
  return g.mergeV(idMatch(HISTORY_META_ID)).option(merge.onCreate, onCreate);
}

const advanceRevision = (meta: Traversal) => meta.property(cardinality.single, 'revision', __.values('revision').math('_ + 1'));

function widenRange(meta: Traversal, moments: readonly Moment[]): Traversal {
  if (moments.length === 0) return meta;
  const earliest = moments.reduce((a, b) => (b.ms < a.ms ? b : a));
  const latest = moments.reduce((a, b) => (b.ms > a.ms ? b : a));
  return meta
    .sideEffect(
      __.not(__.has('earliestMs', P.lte(earliest.ms)))
        .property(cardinality.single, 'earliestMs', earliest.ms)
        .property(cardinality.single, 'earliest', earliest.at),
    )
    .sideEffect(
      __.not(__.has('latestMs', P.gte(latest.ms)))
        .property(cardinality.single, 'latestMs', latest.ms)
        .property(cardinality.single, 'latest', latest.at),
    );
}

/** New records of one kind, their bare heads and their edges; the count grows by what this traversal created. */
function recordBatch(g: Source, ops: readonly RecordOp[], { edge, count }: { edge: string; count: 'versions' | 'transitions' }): Traversal {
  const nonce = randomUUID();
  const ids = ops.map((op) => op.id);
  const heads = [...new Set(ops.map((op) => op.componentId))].map(
    (id) =>
      new Map<unknown, unknown>([
        ['m', idMatch(headId(id))],
        ['c', bareHeadMap(id)],
      ]),
  );
  const rows = ops.map(
    (op) =>
      new Map<unknown, unknown>([
        ['m', idMatch(op.id)],
        ['c', new Map([...op.row, [CREATING_WRITE, nonce]])],
      ]),
  );
  const edges = ops.map(
    (op) =>
      new Map<unknown, unknown>([
        [t.label, edge],
        [direction.out, headId(op.componentId)],
        [direction.in, op.id],
      ]),
  );
  const created = () => __.V(...ids).has(CREATING_WRITE, nonce);
  const meta = metaVertex(g)
    .sideEffect(__.constant(heads).unfold().mergeV(__.select('m')).option(merge.onCreate, __.select('c')))
    .sideEffect(__.constant(rows).unfold().mergeV(__.select('m')).option(merge.onCreate, __.select('c')))
    .sideEffect(__.constant(edges).unfold().mergeE(__.identity()))
    .property(cardinality.single, count, __.union(__.values(count), created().count()).sum())
    .sideEffect(created().properties(CREATING_WRITE).drop());
  return widenRange(
    advanceRevision(meta),
    ops.flatMap((op) => (op.moment ? [op.moment] : [])),
  );
}

function chainBatch(g: Source, ops: readonly ChainOp[]): Traversal {
  return advanceRevision(ops.reduce((meta, op) => op.append(meta), metaVertex(g)));
}

type Stored = { versions: Map<string, Record<string, unknown>>; transitions: Set<string>; heads: Map<string, HistoryHead> };

/** Step 1: what the store holds of what the write names, one request per chunk of each kind. */
async function readStored(connection: GremlinConnection, input: HistoryWrite, roundTrips: RoundTrips): Promise<Stored> {
  const versionIds = chunks([...new Set(input.versions.map((v) => v.id))], READ_CHUNK);
  const transitionIds = chunks([...new Set(input.transitions.map((x) => x.id))], READ_CHUNK);
  const headIds = chunks([...new Set(input.heads.map((h) => headId(h.componentId)))], READ_CHUNK);
  const stored: Stored = { versions: new Map(), transitions: new Set(), heads: new Map() };
  for (let i = 0; i < Math.max(versionIds.length, transitionIds.length, headIds.length); i++) {
    const parts: Traversal[] = [];
    if (versionIds[i]) {
      parts.push(
        __.V(...versionIds[i])
          .hasLabel(LABEL.docVersion)
          .project('k', 'id', 'p')
          .by(__.constant('v'))
          .by(t.id)
          .by(__.valueMap(...GAP_FIELDS)),
      );
    }
    if (transitionIds[i])
      parts.push(
        __.V(...transitionIds[i])
          .hasLabel(LABEL.driftTransition)
          .project('k', 'id')
          .by(__.constant('t'))
          .by(t.id),
      );
    if (headIds[i])
      parts.push(
        __.V(...headIds[i])
          .hasLabel(LABEL.historyHead)
          .has('env')
          .project('k', 'id', 'p')
          .by(__.constant('h'))
          .by(t.id)
          .by(__.valueMap()),
      );
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
      if (record.k === 'v') {
        const { id, properties } = parseVertex(row, 'history version');
        stored.versions.set(id, properties);
      } else if (record.k === 't') stored.transitions.add(asString(record.id, 'a drift transition id'));
      else {
        const head = parseHead(row);
        stored.heads.set(head.componentId, head);
      }
    }
  }
  return stored;
}

/** Step 2: the plan. A stored version is its gap fields over the incoming record: the rest of a record never changes under one id. */
function plan(stored: Stored, input: HistoryWrite): HistoryPlan {
  const firstSighting = new Map<string, DocumentVersion>();
  for (const v of input.versions) if (!firstSighting.has(v.id)) firstSighting.set(v.id, v);
  return planHistoryWrite(
    {
      version: (id) => {
        const properties = stored.versions.get(id);
        const incoming = firstSighting.get(id);
        if (!properties || !incoming) return undefined;
        return { ...incoming, ...withNulls(properties), raw: incoming.raw, id } as DocumentVersion;
      },
      hasTransition: (id) => stored.transitions.has(id),
      head: (componentId) => stored.heads.get(componentId),
    },
    input,
  );
}

export async function writeHistory(connection: GremlinConnection, input: HistoryWrite, guard?: SyncGuard, limits: BatchLimits = DEFAULT_BATCH_LIMITS): Promise<HistoryWriteResult> {
  const roundTrips: RoundTrips = { count: 0 };
  const planned = plan(await readStored(connection, input, roundTrips), input);
  const requests: Array<(g: Source) => Traversal> = [
    ...planBatches(planned.created.map(versionOp), limits).map((ops) => (g: Source) => recordBatch(g, ops, { edge: LABEL.hasVersion, count: 'versions' })),
    ...planBatches(
      planned.transitions.map((x) => recordOp(x.id, x.componentId, LABEL.driftTransition, transitionProperties(x), null)),
      limits,
    ).map((ops) => (g: Source) => recordBatch(g, ops, { edge: LABEL.hasTransition, count: 'transitions' })),
    ...planBatches(
      planned.updated.map(({ merged, filled }) => fillOp(merged.id, filled)),
      limits,
    ).map((ops) => (g: Source) => chainBatch(g, ops)),
    ...planBatches(planned.heads.map(headOp), limits).map((ops) => (g: Source) => chainBatch(g, ops)),
  ];
  for (const [i, request] of requests.entries()) {
    // Every request checks the guard first: a writer that lost its lease stops before its next write.
    guard?.assertHeld();
    await connection.run(`history: write (batch ${i + 1} of ${requests.length})`, (g) => request(g).iterate(), roundTrips);
  }
  return { written: planned.written, roundTrips: roundTrips.count };
}
