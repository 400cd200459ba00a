/**
 * A layered (Sugiyama-style) layout in linear time per sweep, for graphs too
 * big for dagre (dagre's network-simplex ranking takes seconds at 2,000
 * nodes and minutes with compound parents). Providers end up on the left,
 * their consumers to the right:
 *
 *   1. rank: longest path to a provider with no dependencies (back edges of
 *      cycles are ignored, found by an iterative DFS in id order);
 *   2. order inside each rank: a few barycentre sweeps, left→right then
 *      right→left, to untangle crossings;
 *   3. place: ranks become columns (very tall ranks wrap into several
 *      sub-columns so the drawing keeps a screen-like shape); groups
 *      (environments) are laid out independently and stacked top to bottom.
 *
 * Pure and deterministic: the same input gives the same positions.
 */

export type LayeredNode = { id: string; group: string };
/** consumer → provider, as graph edges point. */
export type LayeredEdge = { source: string; target: string };

export type LayeredOptions = {
  /** Horizontal distance between rank columns. */
  rankSep: number;
  /** Vertical distance between nodes of one column. */
  nodeSep: number;
  /** Horizontal distance between the sub-columns of a wrapped rank. */
  subColumnSep: number;
  /** Vertical gap between groups. */
  groupSep: number;
  /** Barycentre sweeps (each is one pass in both directions). */
  sweeps: number;
};

export const DEFAULT_LAYERED_OPTIONS: LayeredOptions = { rankSep: 190, nodeSep: 64, subColumnSep: 150, groupSep: 160, sweeps: 4 };

export type Point = { x: number; y: number };

type GroupGraph = { ids: string[]; out: number[][]; inn: number[][] };

function groupGraphs(nodes: LayeredNode[], edges: LayeredEdge[]): Map<string, GroupGraph> {
  const sorted = [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const groups = new Map<string, GroupGraph>();
  const where = new Map<string, { group: GroupGraph; index: number }>();
  for (const node of sorted) {
    let group = groups.get(node.group);
    if (!group) groups.set(node.group, (group = { ids: [], out: [], inn: [] }));
    where.set(node.id, { group, index: group.ids.length });
    group.ids.push(node.id);
    group.out.push([]);
    group.inn.push([]);
  }
  for (const edge of edges) {
    const from = where.get(edge.source);
    const to = where.get(edge.target);
    // Edges across groups are drawn but do not shape a group's layers.
    if (!from || !to || from.group !== to.group || from.index === to.index) continue;
    from.group.out[from.index].push(to.index);
    to.group.inn[to.index].push(from.index);
  }
  return groups;
}

/** Longest path to a sink along out-edges, ignoring DFS back edges (cycles). */
function rankNodes({ ids, out }: GroupGraph): Int32Array {
  const n = ids.length;
  const rank = new Int32Array(n);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const cursor = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue;
    stack.push(start);
    state[start] = 1;
    while (stack.length > 0) {
      const v = stack[stack.length - 1];
      const next = out[v];
      if (cursor[v] < next.length) {
        const w = next[cursor[v]++];
        if (state[w] === 0) {
          state[w] = 1;
          stack.push(w);
        }
        continue;
      }
      let r = 0;
      for (const w of next) if (state[w] === 2 && rank[w] + 1 > r) r = rank[w] + 1;
      rank[v] = r;
      state[v] = 2;
      stack.pop();
    }
  }
  return rank;
}

function orderRanks(group: GroupGraph, rank: Int32Array, sweeps: number): number[][] {
  let maxRank = 0;
  for (const r of rank) if (r > maxRank) maxRank = r;
  const layers: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (let v = 0; v < group.ids.length; v++) layers[rank[v]].push(v);
  // Normalised position 0..1 inside its layer, so layers of different sizes compare.
  const pos = new Float64Array(group.ids.length);
  const setPositions = (layer: number[]) => layer.forEach((v, i) => (pos[v] = layer.length > 1 ? i / (layer.length - 1) : 0.5));
  layers.forEach(setPositions);
  const reorder = (layer: number[], towardLower: boolean) => {
    const keyed = layer.map((v, i) => {
      let sum = 0;
      let count = 0;
      const neighbours = towardLower ? group.out[v] : group.inn[v];
      for (const w of neighbours) {
        sum += pos[w];
        count++;
      }
      return { v, key: count > 0 ? sum / count : pos[v], i };
    });
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    keyed.forEach((k, i) => (layer[i] = k.v));
    setPositions(layer);
  };
  for (let s = 0; s < sweeps; s++) {
    for (let r = 1; r <= maxRank; r++) reorder(layers[r], true);
    for (let r = maxRank - 1; r >= 0; r--) reorder(layers[r], false);
  }
  return layers;
}

export function layeredLayout(nodes: LayeredNode[], edges: LayeredEdge[], options: Partial<LayeredOptions> = {}): Map<string, Point> {
  const { rankSep, nodeSep, subColumnSep, groupSep, sweeps } = { ...DEFAULT_LAYERED_OPTIONS, ...options };
  const positions = new Map<string, Point>();
  let top = 0;
  const groups = [...groupGraphs(nodes, edges).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, group] of groups) {
    const layers = orderRanks(group, rankNodes(group), sweeps);
    // Wrap tall ranks so a group is roughly as tall as it is wide.
    const columnCap = Math.max(12, Math.ceil(Math.sqrt(group.ids.length) * 2));
    const height = Math.min(columnCap, Math.max(...layers.map((l) => l.length))) * nodeSep;
    let x = 0;
    for (const layer of layers) {
      // Row-major, so the barycentre order still reads top to bottom.
      const columns = Math.ceil(layer.length / columnCap);
      const rows = Math.ceil(layer.length / columns);
      layer.forEach((v, i) => {
        const row = Math.floor(i / columns);
        const column = i % columns;
        positions.set(group.ids[v], { x: x + column * subColumnSep, y: top + height / 2 + (row - (rows - 1) / 2) * nodeSep });
      });
      x += (columns - 1) * subColumnSep + rankSep;
    }
    top += height + groupSep;
  }
  return positions;
}
