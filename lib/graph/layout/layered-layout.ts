/**
 * A layered (Sugiyama-style) layout in linear time per sweep, for drawings
 * too big for ELK (layout-graph.ts: thousands of ungrouped nodes take ELK
 * tens of seconds). It places nodes only: edges are drawn straight. Same
 * reading direction as the routed layout: consumers on top, the providers
 * they depend on below.
 *
 *   1. rank: longest path to a provider with no dependencies (back edges of
 *      cycles are ignored, found by an iterative DFS in id order);
 *   2. order inside each rank: a few barycentre sweeps, down then up, to
 *      untangle crossings;
 *   3. place: ranks become rows (very wide ranks wrap into several sub-rows
 *      so a group keeps a screen-like shape); groups (environments) are laid
 *      out independently and arranged in a grid.
 *
 * Pure and deterministic: the same input gives the same positions.
 */

import { arrangeGroups } from './arrange-groups';

export type LayeredNode = { id: string; group: string };
/** consumer → provider, as graph edges point. */
export type LayeredEdge = { source: string; target: string };

export type LayeredOptions = {
  /** Vertical gap between ranks (on top of their sub-rows). */
  rankSep: number;
  /** Horizontal distance between neighbours in a row (labels sit under nodes). */
  nodeSep: number;
  /** Vertical distance between the sub-rows of a wrapped rank. */
  subRowSep: number;
  /** Gap between groups. */
  groupSep: number;
  /** Barycentre sweeps (each is one pass in both directions). */
  sweeps: number;
  /** The viewport's width / height, to arrange the groups for. */
  aspect: number;
};

export const DEFAULT_LAYERED_OPTIONS: LayeredOptions = { rankSep: 110, nodeSep: 130, subRowSep: 64, groupSep: 220, sweeps: 4, aspect: 1.6 };

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

type Placed = { ids: string[]; points: Point[]; width: number; height: number };

/** Rows from the top: consumers (highest rank) first; wide ranks wrap. */
function placeGroup(group: GroupGraph, layers: number[][], { rankSep, nodeSep, subRowSep }: LayeredOptions): Placed {
  // Wrap so a group comes out roughly 1.6 times as wide as it is tall.
  const rowCap = Math.max(8, Math.ceil(Math.sqrt(group.ids.length * 1.6 * (subRowSep / nodeSep))));
  const width = (Math.min(rowCap, Math.max(...layers.map((l) => l.length))) - 1) * nodeSep;
  const ids: string[] = [];
  const points: Point[] = [];
  let y = 0;
  for (let r = layers.length - 1; r >= 0; r--) {
    const layer = layers[r];
    const rows = Math.ceil(layer.length / rowCap);
    const perRow = Math.ceil(layer.length / rows);
    layer.forEach((v, i) => {
      const row = Math.floor(i / perRow);
      const inRow = Math.min(perRow, layer.length - row * perRow);
      ids.push(group.ids[v]);
      points.push({ x: width / 2 + (i - row * perRow - (inRow - 1) / 2) * nodeSep, y: y + row * subRowSep });
    });
    y += (rows - 1) * subRowSep + rankSep;
  }
  return { ids, points, width, height: y - rankSep };
}

export function layeredLayout(nodes: LayeredNode[], edges: LayeredEdge[], options: Partial<LayeredOptions> = {}): Map<string, Point> {
  const settings = { ...DEFAULT_LAYERED_OPTIONS, ...options };
  const groups = [...groupGraphs(nodes, edges).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const placed = groups.map(([, group]) => placeGroup(group, orderRanks(group, rankNodes(group), settings.sweeps), settings));
  const offsets = arrangeGroups(placed, { aspect: settings.aspect, gap: settings.groupSep });
  const positions = new Map<string, Point>();
  placed.forEach((group, g) => group.ids.forEach((id, i) => positions.set(id, { x: offsets[g].x + group.points[i].x, y: offsets[g].y + group.points[i].y })));
  return positions;
}
