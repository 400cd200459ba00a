/**
 * From ELK's results to what cytoscape draws: node positions (the centre of
 * the shape, which sits at the left of each layout box), frame boxes, and
 * each edge's route as cytoscape `segments` data. Cytoscape places segment
 * points relative to the line between the two node centres (weights along
 * it, distances across it, with `edge-distances: node-position`), and draws
 * an edge's label at the middle one of its points; so a route's label point
 * is inserted as a point of its own, and the route padded with points on the
 * straight runs until that point is the middle one. Labels go where their
 * box meets no node (nor node label), and preferably no other edge label:
 * if a route has no such place, the edge has no label.
 */
import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api';
import { NODE_SIZE } from './drawing-metrics';

export type Point = { x: number; y: number };
export type Rect = { x1: number; y1: number; x2: number; y2: number };

export type ElkDrawing = {
  /** Shape centre of every drawn node. */
  positions: Map<string, Point>;
  /** The layout box of every drawn node: its shape and its label. */
  boxes: Map<string, Rect>;
  frames: Map<string, Rect>;
  /** From the source's port to the target's port, bends in between. */
  routes: Map<string, Point[]>;
  extent: Rect;
};

function collectEdges(node: ElkNode, out: ElkExtendedEdge[]): void {
  for (const edge of node.edges ?? []) out.push(edge);
  for (const child of node.children ?? []) collectEdges(child, out);
}

/** An edge's sections joined into one polyline, in order from source to target. */
export function routeOf(edge: ElkExtendedEdge): Point[] | null {
  const sections = edge.sections ?? [];
  if (sections.length === 0) return null;
  const byId = new Map(sections.map((s) => [s.id, s]));
  let current: (typeof sections)[number] | undefined = sections.find((s) => !s.incomingSections?.length) ?? sections[0];
  const points: Point[] = [];
  const push = (p: ElkPoint) => {
    const last = points[points.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) points.push({ x: p.x, y: p.y });
  };
  for (let guard = 0; current && guard < sections.length; guard++) {
    push(current.startPoint);
    for (const bend of current.bendPoints ?? []) push(bend);
    push(current.endPoint);
    const next: string | undefined = current.outgoingSections?.[0];
    current = next ? byId.get(next) : undefined;
  }
  return points;
}

const shift = (p: Point, d: Point): Point => ({ x: p.x + d.x, y: p.y + d.y });
const shiftRect = (r: Rect, d: Point): Rect => ({ x1: r.x1 + d.x, y1: r.y1 + d.y, x2: r.x2 + d.x, y2: r.y2 + d.y });

/** One environment's laid-out frame (ELK's result for its graph), in its own coordinates. */
export function readFrameDrawing(root: ElkNode): ElkDrawing {
  const positions = new Map<string, Point>();
  const boxes = new Map<string, Rect>();
  const frames = new Map<string, Rect>();
  let extent: Rect = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (const frame of root.children ?? []) {
    const box = { x1: frame.x ?? 0, y1: frame.y ?? 0, x2: (frame.x ?? 0) + (frame.width ?? 0), y2: (frame.y ?? 0) + (frame.height ?? 0) };
    frames.set(frame.id, box);
    extent = { x1: Math.min(extent.x1, box.x1), y1: Math.min(extent.y1, box.y1), x2: Math.max(extent.x2, box.x2), y2: Math.max(extent.y2, box.y2) };
    for (const node of frame.children ?? []) {
      const x = node.x ?? 0;
      const y = node.y ?? 0;
      const height = node.height ?? 0;
      boxes.set(node.id, { x1: x, y1: y, x2: x + (node.width ?? 0), y2: y + height });
      positions.set(node.id, { x: x + NODE_SIZE / 2, y: y + height / 2 });
    }
  }
  const edges: ElkExtendedEdge[] = [];
  collectEdges(root, edges);
  const routes = new Map<string, Point[]>();
  for (const edge of edges) {
    const route = routeOf(edge);
    if (route && route.length >= 2) routes.set(edge.id, route);
  }
  return { positions, boxes, frames, routes, extent };
}

/** The drawing moved by `by`. */
export function moveDrawing(drawing: ElkDrawing, by: Point): ElkDrawing {
  return {
    positions: new Map([...drawing.positions].map(([id, p]) => [id, shift(p, by)])),
    boxes: new Map([...drawing.boxes].map(([id, r]) => [id, shiftRect(r, by)])),
    frames: new Map([...drawing.frames].map(([id, r]) => [id, shiftRect(r, by)])),
    routes: new Map([...drawing.routes].map(([id, route]) => [id, route.map((p) => shift(p, by))])),
    extent: shiftRect(drawing.extent, by),
  };
}

/** Several drawings as one (ids are distinct across environments). */
export function mergeDrawings(drawings: readonly ElkDrawing[]): ElkDrawing {
  const merged: ElkDrawing = { positions: new Map(), boxes: new Map(), frames: new Map(), routes: new Map(), extent: { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity } };
  for (const d of drawings) {
    for (const [k, v] of d.positions) merged.positions.set(k, v);
    for (const [k, v] of d.boxes) merged.boxes.set(k, v);
    for (const [k, v] of d.frames) merged.frames.set(k, v);
    for (const [k, v] of d.routes) merged.routes.set(k, v);
    const e = merged.extent;
    merged.extent = { x1: Math.min(e.x1, d.extent.x1), y1: Math.min(e.y1, d.extent.y1), x2: Math.max(e.x2, d.extent.x2), y2: Math.max(e.y2, d.extent.y2) };
  }
  return merged;
}

/** Node boxes bucketed in a uniform grid, for "does this box meet any node" at the cost of the few nearby. */
export class RectIndex {
  private readonly cells = new Map<string, number[]>();
  private readonly rects: Rect[] = [];

  constructor(
    rects: Iterable<Rect> = [],
    private readonly cell = 160,
  ) {
    for (const rect of rects) this.add(rect);
  }

  add(rect: Rect): void {
    const index = this.rects.push(rect) - 1;
    this.forCells(rect, (key) => {
      const list = this.cells.get(key);
      if (list) list.push(index);
      else this.cells.set(key, [index]);
    });
  }

  private forCells(r: Rect, visit: (key: string) => void): void {
    for (let cx = Math.floor(r.x1 / this.cell); cx <= Math.floor(r.x2 / this.cell); cx++) {
      for (let cy = Math.floor(r.y1 / this.cell); cy <= Math.floor(r.y2 / this.cell); cy++) visit(`${cx},${cy}`);
    }
  }

  meets(r: Rect): boolean {
    let hit = false;
    this.forCells(r, (key) => {
      if (hit) return;
      for (const index of this.cells.get(key) ?? []) {
        const o = this.rects[index];
        if (r.x1 <= o.x2 && o.x1 <= r.x2 && r.y1 <= o.y2 && o.y1 <= r.y2) {
          hit = true;
          return;
        }
      }
    });
    return hit;
  }
}

export type LabelSpot = { point: Point; segment: number; box: Rect };

/**
 * Where on the route a label box of this size can sit without meeting a
 * node: candidates along the route, nearest to its middle first (a label
 * names the edge it sits on most clearly halfway). Null when there is none.
 */
export function placeLabel(route: readonly Point[], size: { width: number; height: number }, obstacles: RectIndex | readonly RectIndex[], margin = 2): LabelSpot | null {
  const indexes = Array.isArray(obstacles) ? obstacles : [obstacles as RectIndex];
  const lengths = route.slice(1).map((p, i) => Math.hypot(p.x - route[i].x, p.y - route[i].y));
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  // Every few pixels along the route (a free spot can be the short gap between two layers), and the middle of every run.
  const step = Math.max(4, total / 400);
  const candidates: Array<{ at: number }> = [];
  for (let at = step / 2; at < total; at += step) candidates.push({ at });
  let start = 0;
  for (const length of lengths) {
    candidates.push({ at: start + length / 2 });
    start += length;
  }
  candidates.sort((a, b) => Math.abs(a.at - total / 2) - Math.abs(b.at - total / 2) || a.at - b.at);
  const halfW = size.width / 2 + margin;
  const halfH = size.height / 2 + margin;
  for (const { at } of candidates) {
    let walked = 0;
    for (let segment = 0; segment < lengths.length; segment++) {
      if (walked + lengths[segment] < at && segment < lengths.length - 1) {
        walked += lengths[segment];
        continue;
      }
      const t = lengths[segment] === 0 ? 0 : (at - walked) / lengths[segment];
      const a = route[segment];
      const b = route[segment + 1];
      const point = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
      const box = { x1: point.x - halfW, y1: point.y - halfH, x2: point.x + halfW, y2: point.y + halfH };
      if (!indexes.some((index) => index.meets(box))) return { point, segment, box };
      break;
    }
  }
  return null;
}

/**
 * The points cytoscape should draw between the two ends: the route's bends,
 * with the label point inserted and the shorter side padded (midpoints of
 * its longest straight runs) so the label point is the middle one.
 */
export function segmentPoints(route: readonly Point[], label: LabelSpot | null): Point[] {
  const bends = route.slice(1, -1);
  if (!label) return bends;
  // Split the route at the label point: before it (start … point) and after it (point … end).
  const before = [...route.slice(0, label.segment + 1), label.point];
  const after = [label.point, ...route.slice(label.segment + 1)];
  const pad = (line: Point[], count: number) => {
    for (let n = 0; n < count; n++) {
      let longest = 0;
      let length = -1;
      for (let i = 0; i + 1 < line.length; i++) {
        const l = Math.hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
        if (l > length) [longest, length] = [i, l];
      }
      const a = line[longest];
      const b = line[longest + 1];
      line.splice(longest + 1, 0, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
    }
  };
  const innerBefore = before.length - 2;
  const innerAfter = after.length - 2;
  if (innerBefore < innerAfter) pad(before, innerAfter - innerBefore);
  else pad(after, innerBefore - innerAfter);
  return [...before.slice(1, -1), label.point, ...after.slice(1, -1)];
}

/**
 * Cytoscape's `segment-weights` and `segment-distances` for these points, with
 * `edge-distances: node-position`: a point is source + w·(target − source) + d·n,
 * n the unit normal (−dy, dx)/|d| of the line between the node centres.
 */
export function segmentStyle(points: readonly Point[], source: Point, target: Point): { weights: number[]; distances: number[] } {
  const dx = target.x - source.x;
  const dy = target.y - source.y;
  const length2 = dx * dx + dy * dy;
  const length = Math.sqrt(length2);
  const weights: number[] = [];
  const distances: number[] = [];
  for (const p of points) {
    const px = p.x - source.x;
    const py = p.y - source.y;
    weights.push((px * dx + py * dy) / length2);
    distances.push((px * -dy + py * dx) / length);
  }
  return { weights, distances };
}

/** Where cytoscape puts a point of `segmentStyle`: the inverse, for tests and for checking a drawing. */
export function segmentPoint(weight: number, distance: number, source: Point, target: Point): Point {
  const dx = target.x - source.x;
  const dy = target.y - source.y;
  const length = Math.hypot(dx, dy);
  return { x: source.x + weight * dx + (distance * -dy) / length, y: source.y + weight * dy + (distance * dx) / length };
}
