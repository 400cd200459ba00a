/**
 * Queries over a built graph: transitive dependencies and dependents (with
 * depth and the path of edges that reaches each), n-hop neighbourhoods and
 * shortest paths. Build the index once per graph; every query is a BFS over
 * adjacency lists, linear in what it visits (dependents and dependencies
 * walk an integer copy of the adjacency, built on the first walk).
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

/**
 * The graph's adjacency as integers, for walks: every id (components and
 * dangling targets) numbered, and per direction the edges of each number
 * in graph order (what `outgoing`/`incoming` return). Built on a graph's
 * first walk and kept with its index. A walk over it touches typed arrays
 * instead of a string-keyed map per edge and the edge objects scattered
 * over the heap: on a 100,000-component graph that memory traffic (with the
 * path copied to every component reached) made a walk of ten times the
 * dependents cost 50 times as much; over integers it is within the
 * allocator's reach of linear.
 */
type Adjacency = {
  slots: Map<string, number>;
  ids: string[];
  edges: readonly Edge[];
  /** Per direction: the edges of slot s are `list[start[s]]` … `list[start[s + 1] - 1]` (edge numbers); `other[e]` is the slot at the far end of edge e. */
  byDirection: Partial<Record<Direction, Lists>>;
  /** Scratch for walks: a slot is seen by the walk whose number it carries (so a walk costs what it visits, not the graph's size). */
  stamp: Uint32Array;
  walks: number;
};

type Lists = { start: Int32Array; list: Int32Array; other: Int32Array };

const adjacencies = new WeakMap<GraphIndex, Adjacency>();

function adjacencyOf(index: GraphIndex, direction: Direction): { adjacency: Adjacency; lists: Lists } {
  let adjacency = adjacencies.get(index);
  if (!adjacency) {
    const slots = new Map<string, number>();
    const ids: string[] = [];
    const slotOf = (id: string) => {
      let slot = slots.get(id);
      if (slot === undefined) {
        slot = ids.length;
        slots.set(id, slot);
        ids.push(id);
      }
      return slot;
    };
    for (const component of index.graph.components) slotOf(component.id);
    for (const edge of index.graph.edges) {
      slotOf(edge.from);
      slotOf(edge.to);
    }
    adjacency = { slots, ids, edges: index.graph.edges, byDirection: {}, stamp: new Uint32Array(ids.length), walks: 0 };
    adjacencies.set(index, adjacency);
  }
  let lists = adjacency.byDirection[direction];
  if (!lists) {
    const { slots, edges } = adjacency;
    const size = adjacency.ids.length;
    const near = new Int32Array(edges.length);
    const other = new Int32Array(edges.length);
    edges.forEach((edge, e) => {
      const [here, there] = direction === 'dependencies' ? [edge.from, edge.to] : [edge.to, edge.from];
      near[e] = slots.get(here)!;
      other[e] = slots.get(there)!;
    });
    const start = new Int32Array(size + 1);
    for (let e = 0; e < edges.length; e++) start[near[e] + 1]++;
    for (let slot = 0; slot < size; slot++) start[slot + 1] += start[slot];
    const next = start.slice(0, size);
    const list = new Int32Array(edges.length);
    for (let e = 0; e < edges.length; e++) list[next[near[e]]++] = e;
    lists = adjacency.byDirection[direction] = { start, list, other };
  }
  return { adjacency, lists };
}

/** Up to this depth a reached component's `via` is its parent's plus one edge, copied at once (short); deeper, it is worked out from the walk's links when first read, so a long chain costs linear time, not its square. */
const COPIED_VIA_DEPTH = 8;
const NO_EDGES: readonly Edge[] = [];

function walk(index: GraphIndex, start: string, direction: Direction, maxDepth: number): Reached[] {
  const { adjacency, lists } = adjacencyOf(index, direction);
  const origin = adjacency.slots.get(start);
  if (origin === undefined || maxDepth < 1) return [];
  const { ids, edges, stamp } = adjacency;
  const { list, other } = lists;
  const walkId = (adjacency.walks = (adjacency.walks % 0xfffffffe) + 1);
  if (walkId === 1) stamp.fill(0);
  stamp[origin] = walkId;
  const reached: Reached[] = [];
  // Per entry of `reached`: its slot, the entry it was reached from (-1: the start) and over which edge.
  const slotAt: number[] = [];
  const parentAt: number[] = [];
  const edgeAt: number[] = [];
  const viaOf = (at: number): Edge[] => {
    const via: Edge[] = [];
    for (let step = at; step >= 0; step = parentAt[step]) via.push(edges[edgeAt[step]]);
    return via.reverse();
  };
  for (let i = -1; i < reached.length; i++) {
    const slot = i < 0 ? origin : slotAt[i];
    const depth = i < 0 ? 0 : reached[i].depth;
    if (depth >= maxDepth) continue;
    const parentVia = i >= 0 && depth < COPIED_VIA_DEPTH ? reached[i].via : NO_EDGES;
    for (let k = lists.start[slot]; k < lists.start[slot + 1]; k++) {
      const e = list[k];
      const next = other[e];
      if (stamp[next] === walkId) continue;
      stamp[next] = walkId;
      const at = reached.length;
      slotAt.push(next);
      parentAt.push(i);
      edgeAt.push(e);
      if (depth < COPIED_VIA_DEPTH) {
        const via = parentVia.slice();
        via.push(edges[e]);
        reached.push({ id: ids[next], depth: depth + 1, via });
      } else {
        let via: Edge[] | undefined;
        reached.push({
          id: ids[next],
          depth: depth + 1,
          get via() {
            return (via ??= viaOf(at));
          },
        });
      }
      // A dangling target has no edges of its own, so walking on from it is
      // harmless; a consumer reached through a dangling edge (the proposed new
      // component it names) must be walked on to find its own dependents.
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
