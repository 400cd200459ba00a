/**
 * Routes the stretch of a cross-environment edge between two frames: from
 * a port on the bottom of one frame to a port on the top of another,
 * orthogonally, through the free space around the frames (never through
 * one, so never through a node). A shortest path with a penalty per turn
 * over the grid of lines that run along the frames at the edge's lane
 * distance (a Hanan grid: a handful of frames make a few hundred points).
 * Lanes keep several such edges from sharing one line.
 */
import type { Point, Rect } from './edge-routes';

export type CorridorOptions = {
  /** How far from the frames this edge runs (its lane); less than the gap between frames. */
  lane: number;
  /** What the path keeps clear of the frames, at least. */
  clearance?: number;
  bendCost?: number;
};

const inside = (p: Point, r: Rect) => p.x > r.x1 && p.x < r.x2 && p.y > r.y1 && p.y < r.y2;

/** Whether the axis-parallel segment a→b passes through the open rectangle. */
function crosses(a: Point, b: Point, r: Rect): boolean {
  if (a.x === b.x) return a.x > r.x1 && a.x < r.x2 && Math.max(a.y, b.y) > r.y1 && Math.min(a.y, b.y) < r.y2;
  return a.y > r.y1 && a.y < r.y2 && Math.max(a.x, b.x) > r.x1 && Math.min(a.x, b.x) < r.x2;
}

/** A binary heap of (key, cost), cheapest first. */
class MinHeap {
  private readonly keys: number[] = [];
  private readonly costs: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(k: number, cost: number): void {
    let i = this.keys.push(k) - 1;
    this.costs.push(cost);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.costs[parent] <= this.costs[i]) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { k: number; cost: number } {
    const top = { k: this.keys[0], cost: this.costs[0] };
    const lastKey = this.keys.pop()!;
    const lastCost = this.costs.pop()!;
    if (this.keys.length > 0) {
      this.keys[0] = lastKey;
      this.costs[0] = lastCost;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.keys.length && this.costs[l] < this.costs[m]) m = l;
        if (r < this.keys.length && this.costs[r] < this.costs[m]) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.costs[a], this.costs[b]] = [this.costs[b], this.costs[a]];
  }
}

/** Drops repeated points and the middle one of three on a line. */
export function simplifyRoute(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    if (before && last && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}

/**
 * From `from` (on the bottom edge of its frame, leaving downwards) to `to`
 * (on the top edge of its frame, arriving from above), avoiding `frames`.
 * Null when no path exists (it always does around separate frames).
 */
export function routeBetweenFrames(frames: readonly Rect[], from: Point, to: Point, { lane, clearance = 8, bendCost = 60 }: CorridorOptions): Point[] | null {
  const blocked = frames.map((r) => ({ x1: r.x1 - clearance, y1: r.y1 - clearance, x2: r.x2 + clearance, y2: r.y2 + clearance }));
  const start = { x: from.x, y: from.y + lane };
  const end = { x: to.x, y: to.y - lane };
  const xs = new Set<number>([start.x, end.x]);
  const ys = new Set<number>([start.y, end.y]);
  let bounds = { x1: Math.min(start.x, end.x), y1: Math.min(start.y, end.y), x2: Math.max(start.x, end.x), y2: Math.max(start.y, end.y) };
  for (const r of frames) {
    xs.add(r.x1 - lane).add(r.x2 + lane);
    ys.add(r.y1 - lane).add(r.y2 + lane);
    bounds = { x1: Math.min(bounds.x1, r.x1), y1: Math.min(bounds.y1, r.y1), x2: Math.max(bounds.x2, r.x2), y2: Math.max(bounds.y2, r.y2) };
  }
  // Room to go round everything.
  xs.add(bounds.x1 - 2 * lane).add(bounds.x2 + 2 * lane);
  ys.add(bounds.y1 - 2 * lane).add(bounds.y2 + 2 * lane);
  const X = [...xs].sort((a, b) => a - b);
  const Y = [...ys].sort((a, b) => a - b);
  const at = (i: number, j: number) => ({ x: X[i], y: Y[j] });
  const free = (p: Point) => !blocked.some((r) => inside(p, r));
  const open = (a: Point, b: Point) => !blocked.some((r) => crosses(a, b, r));
  if (!free(start) || !free(end)) return null;

  // Dijkstra over (point, direction of arrival): 0 → right, 1 ← left, 2 ↓ down, 3 ↑ up.
  const W = X.length;
  const key = (i: number, j: number, d: number) => (j * W + i) * 4 + d;
  const dist = new Map<number, number>();
  const prev = new Map<number, number>();
  const si = X.indexOf(start.x);
  const sj = Y.indexOf(start.y);
  const ti = X.indexOf(end.x);
  const tj = Y.indexOf(end.y);
  // Leaving the source frame downwards.
  const queue = new MinHeap();
  queue.push(key(si, sj, 2), 0);
  dist.set(key(si, sj, 2), 0);
  const steps: Array<[number, number, number]> = [
    [1, 0, 0],
    [-1, 0, 1],
    [0, 1, 2],
    [0, -1, 3],
  ];
  let found: number | null = null;
  while (queue.size > 0) {
    const { k, cost } = queue.pop();
    if (cost > (dist.get(k) ?? Infinity)) continue;
    const d = k % 4;
    const cell = (k - d) / 4;
    const i = cell % W;
    const j = (cell - i) / W;
    // Arriving at the target frame from above.
    if (i === ti && j === tj && d === 2) {
      found = k;
      break;
    }
    for (const [di, dj, nd] of steps) {
      // No U-turns.
      if ((d ^ 1) === nd) continue;
      const ni = i + di;
      const nj = j + dj;
      if (ni < 0 || nj < 0 || ni >= W || nj >= Y.length) continue;
      const a = at(i, j);
      const b = at(ni, nj);
      if (!free(b) || !open(a, b)) continue;
      const next = cost + Math.abs(b.x - a.x) + Math.abs(b.y - a.y) + (nd === d ? 0 : bendCost);
      const nk = key(ni, nj, nd);
      if (next < (dist.get(nk) ?? Infinity)) {
        dist.set(nk, next);
        prev.set(nk, k);
        queue.push(nk, next);
      }
    }
  }
  if (found === null) return null;
  const path: Point[] = [];
  for (let k: number | undefined = found; k !== undefined; k = prev.get(k)) {
    const cell = (k - (k % 4)) / 4;
    const i = cell % W;
    path.push(at(i, (cell - i) / W));
  }
  path.reverse();
  return simplifyRoute([from, ...path, to]);
}
