import 'server-only';
import { AppError } from '@/lib/model/errors';
import type { Graph } from '@/lib/model/graph';
import type { GraphDiff } from '@/lib/model/history';
import type { ServedSnapshot } from './graph-service';
import { GraphSnapshot } from './graph-snapshot';
import type { HistoricalGraph } from './history-service';

/**
 * The past, served like the present: a graph rebuilt as of a moment becomes
 * a snapshot of its own (generation = the history revision it was built
 * from), so the routes cut it with the same filters, focus and paths, and
 * answer it through the same per-snapshot cache and ETags as the live
 * graph. The history service keeps the few graphs the slider moves between;
 * their snapshots live exactly as long (keyed weakly on the graph).
 */
const snapshots = new WeakMap<Graph, GraphSnapshot>();

export function pastServed({ graph, revision, at }: Pick<HistoricalGraph, 'graph' | 'revision' | 'at'>): ServedSnapshot {
  let snapshot = snapshots.get(graph);
  if (!snapshot) {
    snapshot = new GraphSnapshot({ generation: revision, syncedAt: at }, graph);
    snapshots.set(graph, snapshot);
  }
  return { snapshot, stale: false };
}

/** A focus or path end that did not exist then: a 404 that says when (`when`: "as of 2026-07-01T00:00:00.000Z"). */
export function assertExistedAt({ snapshot }: ServedSnapshot, ids: readonly string[], when: string): void {
  for (const id of new Set(ids)) if (!snapshot.index.component(id)) throw new AppError('not_found', `No component ${id} ${when}`);
}

/** The differences cut to what an answer shows: components among its nodes, edges among its edges. */
export function diffWithin(diff: GraphDiff, graph: Pick<Graph, 'components' | 'edges'>): GraphDiff {
  const ids = new Set(graph.components.map((c) => c.id));
  const edges = new Set(graph.edges.map((e) => e.id));
  return {
    ...diff,
    added: diff.added.filter((id) => ids.has(id)),
    removed: diff.removed.filter((id) => ids.has(id)),
    changed: diff.changed.filter((c) => ids.has(c.id)),
    edgesAdded: diff.edgesAdded.filter((e) => edges.has(e.id)),
    edgesRemoved: diff.edgesRemoved.filter((e) => edges.has(e.id)),
  };
}
