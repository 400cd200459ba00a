/**
 * Checks a drawn graph for edges that lie: an edge segment passing through
 * the box of a node it does not connect (it reads as an edge to that node),
 * and edge labels drawn on top of a node. Pure geometry over boxes and
 * polylines in one coordinate system (the e2e probe and the render benchmark
 * feed it what cytoscape reports). Node boxes sit in a uniform grid, so a
 * check of 5,000 nodes × 10,000 edges looks at the few nodes near each
 * segment rather than at all of them.
 */

export type Point = { x: number; y: number };
/** Axis-aligned: x1 ≤ x2, y1 ≤ y2. */
export type Box = { x1: number; y1: number; x2: number; y2: number };
export type GeometryNode = { id: string; box: Box };
export type GeometryEdge = { id: string; source: string; target: string; points: Point[] };
export type EdgeLabelBox = { edge: string; box: Box };
export type EdgeNodeCrossing = { edge: string; node: string; segmentIndex: number };
export type LabelOverlap = { edge: string; node: string };

export type GeometryOptions = {
  /**
   * Pixels each node box is shrunk by before testing, so an edge that grazes
   * a border or ends on it (rounding in the renderer's endpoints) is not a
   * crossing. Default 1.
   */
  tolerance?: number;
};

const DEFAULT_TOLERANCE = 1;

/** The box shrunk by `by` on every side, or null when nothing is left of it. */
export function shrinkBox(box: Box, by: number): Box | null {
  const shrunk = { x1: box.x1 + by, y1: box.y1 + by, x2: box.x2 - by, y2: box.y2 - by };
  return shrunk.x1 <= shrunk.x2 && shrunk.y1 <= shrunk.y2 ? shrunk : null;
}

/**
 * Whether the segment a→b has a point in the closed box (Liang–Barsky
 * clipping: the segment's parameter range inside each slab, intersected).
 */
export function segmentIntersectsBox(a: Point, b: Point, box: Box): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  // Each pair: p·t ≤ q keeps the point on the inner side of one box edge.
  const constraints: Array<[number, number]> = [
    [-dx, a.x - box.x1],
    [dx, box.x2 - a.x],
    [-dy, a.y - box.y1],
    [dy, box.y2 - a.y],
  ];
  for (const [p, q] of constraints) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return t0 <= t1;
}

/** Whether two closed boxes share a point. */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x1 <= b.x2 && b.x1 <= a.x2 && a.y1 <= b.y2 && b.y1 <= a.y2;
}

/** Node boxes bucketed by grid cell; a box is listed in every cell it covers. */
class BoxGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly cell: number;
  private readonly origin: Point;
  private readonly columns: number;
  private readonly rows: number;
  /** Marks which boxes a query has already returned (one stamp per query, no Set per query). */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(readonly boxes: Box[]) {
    this.seen = new Uint32Array(boxes.length);
    if (boxes.length === 0) {
      this.cell = 1;
      this.origin = { x: 0, y: 0 };
      this.columns = this.rows = 0;
      return;
    }
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    let sizes = 0;
    for (const box of boxes) {
      x1 = Math.min(x1, box.x1);
      y1 = Math.min(y1, box.y1);
      x2 = Math.max(x2, box.x2);
      y2 = Math.max(y2, box.y2);
      sizes += Math.max(box.x2 - box.x1, box.y2 - box.y1);
    }
    // About two node sizes per cell, but never more than 1,024 cells a side (memory stays bounded whatever the spread).
    const span = Math.max(x2 - x1, y2 - y1, 1);
    this.cell = Math.max((2 * sizes) / boxes.length, span / 1024, 1);
    this.origin = { x: x1, y: y1 };
    this.columns = Math.floor((x2 - x1) / this.cell) + 1;
    this.rows = Math.floor((y2 - y1) / this.cell) + 1;
    boxes.forEach((box, index) => {
      const [c1, r1] = this.cellOf(box.x1, box.y1);
      const [c2, r2] = this.cellOf(box.x2, box.y2);
      for (let r = r1; r <= r2; r++) {
        for (let c = c1; c <= c2; c++) {
          const key = r * this.columns + c;
          const list = this.cells.get(key);
          if (list) list.push(index);
          else this.cells.set(key, [index]);
        }
      }
    });
  }

  private cellOf(x: number, y: number): [number, number] {
    const c = Math.floor((x - this.origin.x) / this.cell);
    const r = Math.floor((y - this.origin.y) / this.cell);
    return [Math.min(Math.max(c, 0), this.columns - 1), Math.min(Math.max(r, 0), this.rows - 1)];
  }

  private collect(c: number, r: number, out: number[]): void {
    const list = this.cells.get(r * this.columns + c);
    if (!list) return;
    for (const index of list) {
      if (this.seen[index] === this.stamp) continue;
      this.seen[index] = this.stamp;
      out.push(index);
    }
  }

  private nextStamp(): void {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
  }

  /** Indices of the boxes in the cells the box covers (candidates, not yet tested). */
  nearBox(box: Box): number[] {
    const out: number[] = [];
    if (this.columns === 0) return out;
    this.nextStamp();
    const [c1, r1] = this.cellOf(box.x1, box.y1);
    const [c2, r2] = this.cellOf(box.x2, box.y2);
    for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) this.collect(c, r, out);
    return out;
  }

  /**
   * Indices of the boxes in the cells the segment passes through: the
   * segment is clipped to the grid, then walked cell by cell (Amanatides &
   * Woo), so a long edge costs its length in cells, not the grid's area.
   */
  nearSegment(a: Point, b: Point): number[] {
    const out: number[] = [];
    if (this.columns === 0) return out;
    const grid = { x1: this.origin.x, y1: this.origin.y, x2: this.origin.x + this.columns * this.cell, y2: this.origin.y + this.rows * this.cell };
    const clipped = clipSegment(a, b, grid);
    if (!clipped) return out;
    this.nextStamp();
    const [from, to] = clipped;
    let [c, r] = this.cellOf(from.x, from.y);
    const [cEnd, rEnd] = this.cellOf(to.x, to.y);
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const stepC = dx > 0 ? 1 : dx < 0 ? -1 : 0;
    const stepR = dy > 0 ? 1 : dy < 0 ? -1 : 0;
    const cellEdgeX = this.origin.x + (stepC > 0 ? c + 1 : c) * this.cell;
    const cellEdgeY = this.origin.y + (stepR > 0 ? r + 1 : r) * this.cell;
    let tMaxX = stepC === 0 ? Infinity : (cellEdgeX - from.x) / dx;
    let tMaxY = stepR === 0 ? Infinity : (cellEdgeY - from.y) / dy;
    const tDeltaX = stepC === 0 ? Infinity : this.cell / Math.abs(dx);
    const tDeltaY = stepR === 0 ? Infinity : this.cell / Math.abs(dy);
    // Bounded by the cells between the ends, so rounding can never loop forever.
    const limit = Math.abs(cEnd - c) + Math.abs(rEnd - r) + 2;
    for (let step = 0; step <= limit; step++) {
      this.collect(c, r, out);
      // A segment through a cell corner touches the diagonal neighbours too: take both.
      if (Math.abs(tMaxX - tMaxY) < 1e-12 && stepC !== 0 && stepR !== 0) {
        if (c + stepC >= 0 && c + stepC < this.columns) this.collect(c + stepC, r, out);
        if (r + stepR >= 0 && r + stepR < this.rows) this.collect(c, r + stepR, out);
      }
      if (c === cEnd && r === rEnd) break;
      if (tMaxX < tMaxY) {
        c += stepC;
        tMaxX += tDeltaX;
      } else {
        r += stepR;
        tMaxY += tDeltaY;
      }
      if (c < 0 || r < 0 || c >= this.columns || r >= this.rows) break;
    }
    return out;
  }
}

/** The part of a→b inside the box, or null when the segment misses it. */
function clipSegment(a: Point, b: Point, box: Box): [Point, Point] | null {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, a.x - box.x1],
    [dx, box.x2 - a.x],
    [-dy, a.y - box.y1],
    [dy, box.y2 - a.y],
  ]) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  return [
    { x: a.x + t0 * dx, y: a.y + t0 * dy },
    { x: a.x + t1 * dx, y: a.y + t1 * dy },
  ];
}

/** Shrinks every node box by the tolerance; nodes too small to have an inside drop out. */
function innerBoxes<T extends { box: Box }>(items: T[], tolerance: number): { items: T[]; boxes: Box[] } {
  const kept: T[] = [];
  const boxes: Box[] = [];
  for (const item of items) {
    const inner = shrinkBox(item.box, tolerance);
    if (!inner) continue;
    kept.push(item);
    boxes.push(inner);
  }
  return { items: kept, boxes };
}

/**
 * Every (edge, node, segment) where a segment of the edge's polyline passes
 * through the box of a node that is neither the edge's source nor its target.
 * One row per segment and node, in edge order then segment order.
 */
export function edgeNodeCrossings(nodes: GeometryNode[], edges: GeometryEdge[], { tolerance = DEFAULT_TOLERANCE }: GeometryOptions = {}): EdgeNodeCrossing[] {
  const inner = innerBoxes(nodes, tolerance);
  const grid = new BoxGrid(inner.boxes);
  const crossings: EdgeNodeCrossing[] = [];
  for (const edge of edges) {
    for (let i = 0; i + 1 < edge.points.length; i++) {
      const a = edge.points[i];
      const b = edge.points[i + 1];
      const hits = grid
        .nearSegment(a, b)
        .filter((index) => {
          const { id } = inner.items[index];
          return id !== edge.source && id !== edge.target && segmentIntersectsBox(a, b, inner.boxes[index]);
        })
        .sort((x, y) => x - y);
      for (const index of hits) crossings.push({ edge: edge.id, node: inner.items[index].id, segmentIndex: i });
    }
  }
  return crossings;
}

/**
 * Every (label, node) where an edge's drawn label box overlaps a node box,
 * its own endpoints included: a label on a node hides one or the other.
 */
export function labelOverlaps(nodes: GeometryNode[], labels: EdgeLabelBox[], { tolerance = DEFAULT_TOLERANCE }: GeometryOptions = {}): LabelOverlap[] {
  const inner = innerBoxes(nodes, tolerance);
  const grid = new BoxGrid(inner.boxes);
  const overlaps: LabelOverlap[] = [];
  for (const label of labels) {
    const hits = grid
      .nearBox(label.box)
      .filter((index) => boxesOverlap(label.box, inner.boxes[index]))
      .sort((x, y) => x - y);
    for (const index of hits) overlaps.push({ edge: label.edge, node: inner.items[index].id });
  }
  return overlaps;
}
