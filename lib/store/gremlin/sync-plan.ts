/**
 * What a Gremlin sync has to write, from one read of what the store holds
 * (ids and content hashes) and the graph it should hold. Pure, so the diff
 * is tested without a server; write-ops.ts turns the plan into traversals.
 */
import { runStraight, type Stepwise } from '@/lib/graph/stepwise';
import type { Edge, Graph } from '@/lib/model/graph';
import { edgeHash, graphMetaProperties, storedComponent, type StoredComponent } from '../component-record';
import { diffByHash } from '../diff-by-hash';

export type StoredState = {
  /** Real components: id → content hash. */
  components: Map<string, string>;
  /** Vertices that stand for a component not in the graph. */
  placeholders: Set<string>;
  /** `depends_on` edges: id → hash. */
  edges: Map<string, string>;
  metaHash: string;
  /** The stored graph state; null when no sync has completed on this store (new, or emptied). */
  state: { generation: number } | null;
  /** A sync set its `writing` marker and has not written the state: this one must, even when nothing else differs. */
  isWriting: boolean;
};

export type SyncPlan = {
  /** No vertex with this id yet: created with all its properties at once. */
  createComponents: StoredComponent[];
  /** Changed, or a placeholder becoming real: every property rewritten. */
  updateComponents: StoredComponent[];
  /** Endpoints of written edges that have no vertex and are not components (dangling targets). */
  placeholders: string[];
  isMetaChanged: boolean;
  /** The graph state is written (generation advanced) when anything else is, when the store has none, or when a sync died midway. */
  isStateWritten: boolean;
  /** More than the graph state is written: several requests, so readers are warned first (the `writing` marker). */
  isDataWritten: boolean;
  createEdges: Edge[];
  updateEdges: Edge[];
  dropEdges: string[];
  /** Components that left the graph: kept as placeholders while anything points at them, dropped otherwise. */
  releaseComponents: string[];
  counts: { written: number; removed: number; unchanged: number };
};

export function planSync(stored: StoredState, graph: Graph): SyncPlan {
  return runStraight(planSyncStepwise(stored, graph));
}

/**
 * The same plan, yielding after each component and edge it hashes
 * (lib/graph/stepwise.ts): at 20,000 components the hashing is the longest
 * piece of CPU of a sync's write, which a server runs in slices.
 */
export function* planSyncStepwise(stored: StoredState, graph: Graph): Stepwise<SyncPlan> {
  const componentsById = new Map<string, StoredComponent>();
  const componentHashes = new Map<string, string>();
  for (const component of graph.components) {
    const record = storedComponent(component);
    componentsById.set(component.id, record);
    componentHashes.set(component.id, record.hash);
    yield;
  }
  const edgesById = new Map(graph.edges.map((e) => [e.id, e]));
  const edgeHashes = new Map<string, string>();
  for (const edge of graph.edges) {
    edgeHashes.set(edge.id, edgeHash(edge));
    yield;
  }
  const components = diffByHash(stored.components, componentHashes);
  const edges = diffByHash(stored.edges, edgeHashes);
  const isMetaChanged = stored.metaHash !== graphMetaProperties(graph).hash;

  const createComponents: StoredComponent[] = [];
  const updateComponents: StoredComponent[] = [];
  for (const id of components.added) {
    const component = componentsById.get(id)!;
    if (stored.placeholders.has(id)) updateComponents.push(component);
    else createComponents.push(component);
  }
  for (const id of components.changed) updateComponents.push(componentsById.get(id)!);

  const createEdges = edges.added.map((id) => edgesById.get(id)!);
  const updateEdges = edges.changed.map((id) => edgesById.get(id)!);
  const hasVertex = (id: string) => componentsById.has(id) || stored.components.has(id) || stored.placeholders.has(id);
  const placeholders = new Set<string>();
  for (const edge of [...createEdges, ...updateEdges]) {
    for (const end of [edge.from, edge.to]) if (!hasVertex(end)) placeholders.add(end);
  }

  const written = createComponents.length + updateComponents.length + createEdges.length + updateEdges.length + (isMetaChanged ? 1 : 0);
  const removed = components.removed.length + edges.removed.length;
  return {
    createComponents,
    updateComponents,
    placeholders: [...placeholders].sort(),
    isMetaChanged,
    isStateWritten: written + removed > 0 || stored.state === null || stored.isWriting,
    // Facts alone go in the state write itself, one request.
    isDataWritten: written + removed - (isMetaChanged ? 1 : 0) > 0,
    createEdges,
    updateEdges,
    dropEdges: edges.removed,
    releaseComponents: components.removed,
    counts: {
      written,
      removed,
      unchanged: components.unchanged.length + edges.unchanged.length + (isMetaChanged ? 0 : 1),
    },
  };
}
