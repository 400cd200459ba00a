import 'server-only';
import type { Edge, Graph } from '@/lib/model/graph';
import { edgeHash, graphMetaProperties, type PropertyRecord, type StoredComponent } from '../component-record';
import type { GraphState } from '../graph-store';
import { GRAPH_META_ID, idMatch, LABEL, placeholderMap } from './graph-schema';
import { __, Bytecode, cardinality, direction, GraphTraversal, merge, t, type Source, type Traversal } from './gremlin-lib';
import { countSteps, planBatches, type BatchLimits, type Sized } from './write-batches';

/**
 * The writes of a sync, valid Gremlin for TinkerPop 3.6/3.7 and Neptune
 * ≥ 1.2.1.0:
 * - new vertices and all edge upserts are rows of one `inject()`, merged by
 *   a single `mergeV`/`mergeE` step, so a request has a handful of steps
 *   whatever its size and the server plans one small traversal;
 * - updates of existing components chain `property(single, …)` per field
 *   (Neptune's default cardinality is `set`, and onMatch maps take no
 *   cardinality before TinkerPop 3.7), so they are batched by steps too.
 * A vertex created by someone else between the diff and the write is left
 * as it is; the next sync sees its hash differ and updates it.
 */

type Row = Map<unknown, unknown>;
export type WriteOp =
  (Sized & { kind: 'vertex-row'; row: Row }) | (Sized & { kind: 'edge-row'; row: Row }) | (Sized & { kind: 'chain'; append(chain: Source | Traversal): Traversal });

function sizeOf(properties: PropertyRecord): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(properties)) bytes += key.length + (typeof value === 'string' ? value.length : 8);
  return bytes;
}

function chainOp(records: number, bytes: number, append: (chain: Source | Traversal) => Traversal): WriteOp {
  const probe = append(new GraphTraversal(null, null, new Bytecode()));
  return { kind: 'chain', records, steps: countSteps(probe.getBytecode()), bytes, append };
}

function setProperties(traversal: Traversal, present: PropertyRecord, absent: readonly string[]): Traversal {
  let out = traversal;
  for (const [key, value] of Object.entries(present)) out = out.property(cardinality.single, key, value);
  if (absent.length > 0) out = out.sideEffect(__.properties(...absent).drop());
  return out;
}

function componentRecord({ present, absent, hash }: StoredComponent): { present: PropertyRecord; absent: string[] } {
  return { present: { ...present, placeholder: false, contentHash: hash }, absent };
}

/** A component with no vertex yet: all its properties in the onCreate map. */
export function createComponentOp(stored: StoredComponent): WriteOp {
  const { present } = componentRecord(stored);
  const row: Row = new Map([
    ['m', idMatch(stored.component.id)],
    ['c', new Map<unknown, unknown>([[t.label, LABEL.component], ...Object.entries(present)])],
  ]);
  return { kind: 'vertex-row', row, records: 1 + Object.keys(present).length, steps: 0, bytes: sizeOf(present) };
}

export function placeholderOp(id: string): WriteOp {
  const row: Row = new Map([
    ['m', idMatch(id)],
    ['c', placeholderMap(id)],
  ]);
  return { kind: 'vertex-row', row, records: 5, steps: 0, bytes: id.length * 2 };
}

/** A changed component (or a placeholder becoming one): every property rewritten, vanished ones dropped. */
export function updateComponentOp(stored: StoredComponent): WriteOp {
  const { present, absent } = componentRecord(stored);
  const onCreate = new Map<unknown, unknown>([[t.label, LABEL.component]]);
  return chainOp(Object.keys(present).length + absent.length, sizeOf(present), (chain) =>
    setProperties(chain.mergeV(idMatch(stored.component.id)).option(merge.onCreate, onCreate), present, absent),
  );
}

/** The graph-level vertex: its facts when given, its state (generation, last sync) when given; a state write ends the sync's `writing` marker. */
export function graphStateOp(facts: Pick<Graph, 'cycles' | 'ignoredParameters'> | null, state: GraphState | null): WriteOp {
  const present: PropertyRecord = { ...(facts ? graphMetaProperties(facts) : {}), ...(state ?? {}) };
  const onCreate = new Map<unknown, unknown>([[t.label, LABEL.graphMeta]]);
  return chainOp(1 + Object.keys(present).length, sizeOf(present), (chain) =>
    setProperties(chain.mergeV(idMatch(GRAPH_META_ID)).option(merge.onCreate, onCreate), present, state ? [WRITING_MARKER] : []),
  );
}

/** Set on the graph-level vertex before a sync's first write, removed by its state write: readers see that a sync is half done. */
export const WRITING_MARKER = 'writing';

export function writingMarkerOp(startedAt: string): WriteOp {
  const present: PropertyRecord = { [WRITING_MARKER]: startedAt };
  const onCreate = new Map<unknown, unknown>([[t.label, LABEL.graphMeta]]);
  return chainOp(2, sizeOf(present), (chain) => setProperties(chain.mergeV(idMatch(GRAPH_META_ID)).option(merge.onCreate, onCreate), present, []));
}

/** Edge properties are single-valued by nature, so plain onCreate/onMatch maps are safe. */
export function upsertEdgeOp(edge: Edge): WriteOp {
  const hash = edgeHash(edge);
  const row: Row = new Map([
    [
      'm',
      new Map<unknown, unknown>([
        [t.id, edge.id],
        [t.label, LABEL.dependsOn],
        [direction.out, edge.from],
        [direction.in, edge.to],
      ]),
    ],
    [
      'c',
      new Map<unknown, unknown>([
        ['path', edge.path],
        ['rule', edge.rule],
        ['dangling', edge.dangling],
        ['hash', hash],
      ]),
    ],
    [
      'u',
      new Map<unknown, unknown>([
        ['rule', edge.rule],
        ['dangling', edge.dangling],
        ['hash', hash],
      ]),
    ],
  ]);
  return { kind: 'edge-row', row, records: 5, steps: 0, bytes: edge.id.length * 2 + edge.path.length + edge.rule.length + hash.length };
}

/** One traversal per batch; a batch holds ops of one kind. */
function batchTraversal(g: Source, ops: readonly WriteOp[]): Traversal {
  const [first] = ops;
  if (first.kind === 'vertex-row') {
    const rows = ops.map((op) => (op.kind === 'vertex-row' ? op.row : null));
    return g.inject(rows).unfold().mergeV(__.select('m')).option(merge.onCreate, __.select('c'));
  }
  if (first.kind === 'edge-row') {
    const rows = ops.map((op) => (op.kind === 'edge-row' ? op.row : null));
    return g.inject(rows).unfold().mergeE(__.select('m')).option(merge.onCreate, __.select('c')).option(merge.onMatch, __.select('u'));
  }
  let traversal: Traversal | null = null;
  for (const op of ops) if (op.kind === 'chain') traversal = op.append(traversal ?? g);
  return traversal!;
}

/** The requests for `ops`: batched within the limits, ops of a kind together, in order. */
export function writeRequests(ops: readonly WriteOp[], limits: BatchLimits): Array<(g: Source) => Traversal> {
  const kinds: Array<WriteOp['kind']> = ['vertex-row', 'edge-row', 'chain'];
  return kinds.flatMap((kind) =>
    planBatches(
      ops.filter((op) => op.kind === kind),
      limits,
    ).map((batch) => (g: Source) => batchTraversal(g, batch)),
  );
}
