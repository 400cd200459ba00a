/**
 * Queries over a built graph: transitive dependencies and dependents (with
 * depth and the path of edges that reaches each), n-hop neighbourhoods and
 * shortest paths. Build the index once per graph; every query is a BFS over
 * adjacency lists, linear in what it visits.
 */
import type { Component, Edge, Graph } from '@/lib/model/graph';

export type Reached = {
  id: string;
  depth: number;
  /** Edges from the start to this component, in walking order. */
  via: Edge[];
};

export type GraphIndex = {
  graph: Graph;
  component(id: string): Component | undefined;
  /** Edges leaving `id` (what it depends on). */
  outgoing(id: string): Edge[];
  /** Edges arriving at `id` (what depends on it). */
  incoming(id: string): Edge[];
};

export function indexGraph(graph: Graph): GraphIndex {
  const components = new Map(graph.components.map((c) => [c.id, c]));
  const outgoing = new Map<string, Edge[]>();
  const incoming = new Map<string, Edge[]>();
  const append = (map: Map<string, Edge[]>, key: string, edge: Edge) => {
    const list = map.get(key);
    if (list) list.push(edge);
    else map.set(key, [edge]);
  };
  for (const edge of graph.edges) {
    append(outgoing, edge.from, edge);
    append(incoming, edge.to, edge);
  }
  return {
    graph,
    component: (id) => components.get(id),
    outgoing: (id) => outgoing.get(id) ?? [],
    incoming: (id) => incoming.get(id) ?? [],
  };
}

type Direction = 'dependencies' | 'dependents';

function walk(index: GraphIndex, start: string, direction: Direction, maxDepth: number): Reached[] {
  const seen = new Map<string, Reached>([[start, { id: start, depth: 0, via: [] }]]);
  const queue = [start];
  const reached: Reached[] = [];
  for (let i = 0; i < queue.length; i++) {
    const current = seen.get(queue[i])!;
    if (current.depth >= maxDepth) continue;
    const edges = direction === 'dependencies' ? index.outgoing(current.id) : index.incoming(current.id);
    for (const edge of edges) {
      const next = direction === 'dependencies' ? edge.to : edge.from;
      if (seen.has(next)) continue;
      const entry = { id: next, depth: current.depth + 1, via: [...current.via, edge] };
      seen.set(next, entry);
      reached.push(entry);
      // A dangling target has no edges of its own, so walking on from it is
      // harmless; a consumer reached through a dangling edge (the proposed new
      // component it names) must be walked on to find its own dependents.
      queue.push(next);
    }
  }
  return reached;
}

/** What `id` depends on, transitively, nearest first. */
export function dependenciesOf(index: GraphIndex, id: string, maxDepth = Infinity): Reached[] {
  return walk(index, id, 'dependencies', maxDepth);
}

/** What depends on `id`, transitively, nearest first: the blast radius of changing it. */
export function dependentsOf(index: GraphIndex, id: string, maxDepth = Infinity): Reached[] {
  return walk(index, id, 'dependents', maxDepth);
}

export type NeighbourhoodOptions = {
  /**
   * Also what lies sideways: the undirected neighbourhood (edges walked
   * either way at every hop), which brings in the other consumers of what
   * `ids` depend on and the other providers of what depends on them.
   */
  siblings?: boolean;
};

/**
 * The components within `hops` edges of any of `ids`, and the edges among
 * them. By default direction-aware: what `ids` depend on (edges followed
 * forward) and what depends on them (followed backward), each up to `hops`;
 * with `siblings`, everything within `hops` edges either way.
 */
export function neighbourhood(index: GraphIndex, ids: string[], hops: number, { siblings = false }: NeighbourhoodOptions = {}): Graph {
  const starts = ids.filter((id) => index.component(id));
  const forward = (id: string) => index.outgoing(id).map((e) => e.to);
  const backward = (id: string) => index.incoming(id).map((e) => e.from);
  const steps = siblings ? [(id: string) => [...forward(id), ...backward(id)]] : [forward, backward];
  const inside = new Set(starts);
  // Each direction walks with its own visited set: a component reached one way must not stop the walk the other way.
  for (const step of steps) for (const id of reach(index, starts, hops, step)) inside.add(id);
  return subgraph(index.graph, inside);
}

function reach(index: GraphIndex, starts: string[], hops: number, step: (id: string) => string[]): Set<string> {
  const seen = new Set(starts);
  let frontier = starts;
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of step(id)) {
        if (seen.has(other) || !index.component(other)) continue;
        seen.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return seen;
}

/** The components in `ids`, the edges between them, and their dangling edges. */
export function subgraph(graph: Graph, ids: ReadonlySet<string>): Graph {
  return {
    components: graph.components.filter((c) => ids.has(c.id)),
    edges: graph.edges.filter((e) => ids.has(e.from) && (ids.has(e.to) || e.dangling)),
    cycles: graph.cycles.filter((cycle) => cycle.every((id) => ids.has(id))),
    ignoredParameters: [],
  };
}
