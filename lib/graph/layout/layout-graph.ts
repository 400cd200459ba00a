/**
 * The graph view's layout as one pipeline of named steps, run off the main
 * thread (components/graph/layout.worker.ts) or in place (tests, the bare
 * benchmark page):
 *
 *   1. decide what to collapse: nothing (`none`), every type group (`type`),
 *      or (`auto`) the most detailed level whose first view is legible,
 *      found by laying out a guess and adjusting it (a few ELK runs at most);
 *   2. collapse: groups replace their members, edges are aggregated;
 *   3. lay out with ELK's layered algorithm and route every edge (above
 *      ELK_MAX_NODES drawn nodes, Karma's linear layered layout places the
 *      nodes and edges are drawn straight);
 *   4. place edge labels where they meet no node, and turn routes into
 *      cytoscape segment data.
 *
 * Returns drawn elements with their positions, ready to add to cytoscape
 * with a preset layout. Deterministic for the same input.
 */
import type { ElementDefinition } from 'cytoscape';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { edgeLabelSize, FRAME_PADDING, NODE_BOX_HEIGHT, NODE_SIZE, nodeBoxSize, type MeasureText } from './drawing-metrics';
import { arrangeGroups } from './arrange-groups';
import { routeBetweenFrames, simplifyRoute } from './corridor-route';
import { ELK_SPACING, FRAME_IN_PORT, FRAME_OUT_PORT, labelLines, toElkGraphs } from './elk-graph';
import { mergeDrawings, moveDrawing, placeLabel, readFrameDrawing, RectIndex, segmentPoints, segmentStyle, type ElkDrawing, type Rect } from './edge-routes';
import { collapseGraph, collapseLevels, typeGroups, type CollapseLevel, type GroupCandidate, type GroupMode } from './group-graph';
import { layeredLayout } from './layered-layout';
import { fitAspect, fitViewport, isLegibleAt, legibleZoom, nodeCapacity, type Viewport } from './legibility';

/** Above this many drawn nodes ELK takes seconds even off the main thread: the linear layout places them. */
export const ELK_MAX_NODES = 1200;
/** ELK runs the `auto` decision may spend. */
const MAX_AUTO_RUNS = 4;

export type LayoutAlgorithm = 'layered' | 'positions-later';

export type LayoutRequest = {
  elements: ElementDefinition[];
  mode: GroupMode;
  /** Groups the user opened (removed from what is collapsed). */
  expand: string[];
  /** Components never folded into a group (the focused one). */
  keep: string[];
  /** An earlier `auto` decision for the same elements, so opening a group does not decide again. */
  collapsed?: string[];
  viewport: Viewport;
  /** `positions-later`: collapse only; the caller runs its own layout (force). */
  algorithm: LayoutAlgorithm;
};

export type LayoutResult = {
  elements: ElementDefinition[];
  drawnOf: Record<string, string>;
  groups: GroupCandidate[];
  /** What the mode decided to collapse before the user's expansions. */
  collapsed: string[];
  /** The zoom that fits the drawing into the viewport. */
  fitZoom: number;
  /** What the drawing covers (frames, routes, edge labels), to fit it. */
  extent: Rect;
  /** Whether edges follow routes (false: straight lines, or positions left to the caller). */
  isRouted: boolean;
  layout: 'elk' | 'karma-layered' | 'none';
  elkRuns: number;
};

export type ElkEngine = { layout(graph: ElkNode): Promise<ElkNode> };

type Drawn = { elements: ElementDefinition[]; extent: Rect; isRouted: boolean; layout: LayoutResult['layout'] };

const EXTENT_NONE: Rect = { x1: 0, y1: 0, x2: 0, y2: 0 };

function drawnNodeCount(elements: readonly ElementDefinition[]): number {
  let count = 0;
  for (const e of elements) if (e.group === 'nodes' && e.data.kind !== 'env') count++;
  return count;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

function frameElement(element: ElementDefinition, box: Rect | undefined): ElementDefinition {
  if (!box) return element;
  return { ...element, data: { ...element.data, w: box.x2 - box.x1, h: box.y2 - box.y1 }, position: { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 } };
}

/**
 * Each environment laid out by ELK on its own, the frames arranged for the
 * viewport, then the cross-environment edges joined up: the stretch inside
 * the source frame (to its bottom port), around the frames, and inside the
 * target frame (from its top port).
 */
async function elkDrawing(elements: ElementDefinition[], elk: ElkEngine, measure: MeasureText, aspect: number): Promise<ElkDrawing> {
  const { envs, crossEdges } = toElkGraphs(elements, { measure, aspect });
  const drawings: ElkDrawing[] = [];
  for (const env of envs) drawings.push(readFrameDrawing(await elk.layout(env.graph)));
  const sizes = drawings.map((d) => ({ width: d.extent.x2 - d.extent.x1, height: d.extent.y2 - d.extent.y1 }));
  const offsets = arrangeGroups(sizes, { aspect, gap: ELK_SPACING.frames });
  const drawing = mergeDrawings(drawings.map((d, i) => moveDrawing(d, { x: offsets[i].x - d.extent.x1, y: offsets[i].y - d.extent.y1 })));
  const frames = [...drawing.frames.values()];
  crossEdges.forEach((edge, i) => {
    const out = drawing.routes.get(`${edge.id}${FRAME_OUT_PORT}`);
    const into = drawing.routes.get(`${edge.id}${FRAME_IN_PORT}`);
    drawing.routes.delete(`${edge.id}${FRAME_OUT_PORT}`);
    drawing.routes.delete(`${edge.id}${FRAME_IN_PORT}`);
    if (!out || !into) return;
    // Lanes 16 … 56 px off the frames, so edges in one corridor do not share a line.
    const between = routeBetweenFrames(frames, out[out.length - 1], into[0], { lane: 16 + 8 * (i % 6) });
    if (between) drawing.routes.set(edge.id, simplifyRoute([...out, ...between, ...into]));
  });
  // The corridors can run outside every frame: the drawing's extent covers them.
  for (const route of drawing.routes.values()) {
    for (const p of route)
      drawing.extent = { x1: Math.min(drawing.extent.x1, p.x), y1: Math.min(drawing.extent.y1, p.y), x2: Math.max(drawing.extent.x2, p.x), y2: Math.max(drawing.extent.y2, p.y) };
  }
  return drawing;
}

async function drawWithElk(elements: ElementDefinition[], elk: ElkEngine, measure: MeasureText, aspect: number): Promise<Drawn> {
  const drawing = await elkDrawing(elements, elk, measure, aspect);
  const obstacles = new RectIndex(drawing.boxes.values());
  const labels = new RectIndex();
  let extent = drawing.extent;
  const out: ElementDefinition[] = [];
  for (const element of elements) {
    if (element.group !== 'nodes') continue;
    const id = String(element.data.id);
    if (element.data.kind === 'env') out.push(frameElement(element, drawing.frames.get(id)));
    else out.push({ ...element, position: drawing.positions.get(id) ?? { x: 0, y: 0 } });
  }
  for (const element of elements) {
    if (element.group !== 'edges') continue;
    const data = element.data;
    const route = drawing.routes.get(String(data.id));
    const source = drawing.positions.get(String(data.source));
    const target = drawing.positions.get(String(data.target));
    const classes = String(element.classes ?? '');
    if (!route || !source || !target) {
      out.push({ ...element, data: { ...data, edgeLabel: data.source === data.target ? String(data.path ?? '') : '' }, classes: `${classes} loop`.trim() });
      continue;
    }
    // Clear of nodes always, and of the labels placed so far where the route allows (else it shows on hover only).
    const size = edgeLabelSize(String(data.path ?? ''), measure);
    const clear = data.kind === 'owner' ? null : placeLabel(route, size, [obstacles, labels]);
    const label = clear ?? (data.kind === 'owner' ? null : placeLabel(route, size, obstacles));
    if (clear) labels.add(clear.box);
    if (label)
      extent = { x1: Math.min(extent.x1, label.box.x1), y1: Math.min(extent.y1, label.box.y1), x2: Math.max(extent.x2, label.box.x2), y2: Math.max(extent.y2, label.box.y2) };
    const points = segmentPoints(route, label);
    if (points.length === 0) {
      out.push({ ...element, data: { ...data, edgeLabel: '' }, classes: `${classes} routed-straight`.trim() });
      continue;
    }
    const { weights, distances } = segmentStyle(points, source, target);
    out.push({
      ...element,
      data: {
        ...data,
        edgeLabel: label ? String(data.path ?? '') : '',
        segmentWeights: weights.map((w) => round(w, 6)).join(' '),
        segmentDistances: distances.map((d) => round(d, 3)).join(' '),
      },
      classes: `${classes} routed${label && !clear ? ' label-crowded' : ''}`.trim(),
    });
  }
  return { elements: out, extent, isRouted: true, layout: 'elk' };
}

/** Karma's linear layered layout, for drawings too big for ELK: straight edges, frames around each environment. */
function drawFast(elements: ElementDefinition[], measure: MeasureText, aspect: number): Drawn {
  const sizes = new Map<string, { width: number; height: number }>();
  let widest = NODE_SIZE;
  for (const e of elements) {
    if (e.group !== 'nodes' || e.data.kind === 'env') continue;
    const size = nodeBoxSize(labelLines(e), measure);
    sizes.set(String(e.data.id), size);
    widest = Math.max(widest, size.width);
  }
  const envOf = new Map<string, string>();
  for (const e of elements) if (e.group === 'nodes' && e.data.kind !== 'env') envOf.set(String(e.data.id), String(e.data.env));
  const positions = layeredLayout(
    [...sizes.keys()].map((id) => ({ id, group: envOf.get(id) ?? '' })),
    elements.filter((e) => e.group === 'edges').map((e) => ({ source: String(e.data.source), target: String(e.data.target) })),
    { aspect, nodeSep: widest + 20, subRowSep: NODE_BOX_HEIGHT + 30, rankSep: NODE_BOX_HEIGHT + 60 },
  );
  const frames = new Map<string, Rect>();
  for (const [id, size] of sizes) {
    const p = positions.get(id) ?? { x: 0, y: 0 };
    const env = envOf.get(id) ?? '';
    const box = { x1: p.x - NODE_SIZE / 2, y1: p.y - size.height / 2, x2: p.x - NODE_SIZE / 2 + size.width, y2: p.y + size.height / 2 };
    const frame = frames.get(env);
    frames.set(env, frame ? { x1: Math.min(frame.x1, box.x1), y1: Math.min(frame.y1, box.y1), x2: Math.max(frame.x2, box.x2), y2: Math.max(frame.y2, box.y2) } : box);
  }
  let extent: Rect = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  const out: ElementDefinition[] = [];
  for (const e of elements) {
    if (e.group === 'edges') {
      // `bulk`: drawn the cheapest way (thousands of them on screen at once).
      out.push({ ...e, data: { ...e.data, edgeLabel: String(e.data.path ?? '') }, classes: `${String(e.classes ?? '')} bulk`.trim() });
    } else if (e.data.kind === 'env') {
      const inner = frames.get(String(e.data.env));
      const box = inner && { x1: inner.x1 - FRAME_PADDING.side, y1: inner.y1 - FRAME_PADDING.top, x2: inner.x2 + FRAME_PADDING.side, y2: inner.y2 + FRAME_PADDING.bottom };
      if (box) extent = { x1: Math.min(extent.x1, box.x1), y1: Math.min(extent.y1, box.y1), x2: Math.max(extent.x2, box.x2), y2: Math.max(extent.y2, box.y2) };
      out.push(frameElement(e, box));
    } else {
      out.push({ ...e, position: positions.get(String(e.data.id)) ?? { x: 0, y: 0 } });
    }
  }
  return { elements: out, extent: Number.isFinite(extent.x1) ? extent : EXTENT_NONE, isRouted: false, layout: 'karma-layered' };
}

async function draw(elements: ElementDefinition[], request: LayoutRequest, elk: ElkEngine, measure: MeasureText): Promise<Drawn> {
  if (request.algorithm === 'positions-later') return { elements, extent: EXTENT_NONE, isRouted: false, layout: 'none' };
  const aspect = fitAspect(request.viewport);
  return drawnNodeCount(elements) > ELK_MAX_NODES ? drawFast(elements, measure, aspect) : drawWithElk(elements, elk, measure, aspect);
}

function fitZoomOf(drawn: Drawn, viewport: Viewport): number {
  return fitViewport(drawn.extent, viewport)?.zoom ?? 1;
}

/**
 * The `auto` decision: the most detailed collapse level whose drawing fits
 * the viewport with legible labels. The first guess comes from the room a
 * node takes; each miss predicts the next level from how far off the zoom
 * was (area goes with the node count, zoom with the square root of area).
 */
async function decideAuto(
  elements: ElementDefinition[],
  request: LayoutRequest,
  keep: ReadonlySet<string>,
  elk: ElkEngine,
  measure: MeasureText,
): Promise<{ level: CollapseLevel; drawn: Awaited<ReturnType<typeof collapseAndDraw>> | null; runs: number }> {
  const levels = collapseLevels(elements, { keep });
  const finestWithin = (count: number, from = 0) => {
    for (let i = from; i < levels.length; i++) if (levels[i].drawnNodes <= count) return i;
    return levels.length - 1;
  };
  let index = finestWithin(nodeCapacity(request.viewport));
  if (request.algorithm === 'positions-later') return { level: levels[index], drawn: null, runs: 0 };
  for (let runs = 1; ; runs++) {
    const drawn = await collapseAndDraw(elements, new Set(levels[index].collapsed), keep, request, elk, measure);
    const zoom = fitZoomOf(drawn.drawn, request.viewport);
    if (isLegibleAt(zoom) || index === levels.length - 1 || runs === MAX_AUTO_RUNS) return { level: levels[index], drawn, runs };
    const target = levels[index].drawnNodes * (zoom / legibleZoom()) ** 2;
    index = Math.max(index + 1, finestWithin(Math.floor(target * 1.1), index + 1));
  }
}

async function collapseAndDraw(
  elements: ElementDefinition[],
  collapsed: ReadonlySet<string>,
  keep: ReadonlySet<string>,
  request: LayoutRequest,
  elk: ElkEngine,
  measure: MeasureText,
) {
  const graph = collapseGraph(elements, { collapsed, keep });
  return { graph, drawn: await draw(graph.elements, request, elk, measure) };
}

export async function layoutGraph(request: LayoutRequest, elk: ElkEngine, measure: MeasureText): Promise<LayoutResult> {
  const { elements, mode } = request;
  const keep = new Set(request.keep);
  const expand = new Set(request.expand);
  let collapsed: string[];
  let decided: Awaited<ReturnType<typeof collapseAndDraw>> | null = null;
  let elkRuns = 0;
  if (mode === 'none') {
    collapsed = [];
  } else if (mode === 'type') {
    collapsed = typeGroups(elements, { keep }).map((g) => g.id);
  } else if (request.collapsed) {
    collapsed = request.collapsed;
  } else {
    const auto = await decideAuto(elements, request, keep, elk, measure);
    collapsed = auto.level.collapsed;
    decided = auto.drawn;
    elkRuns = auto.runs;
  }
  const effective = collapsed.filter((id) => !expand.has(id));
  if (!decided || effective.length !== collapsed.length) {
    decided = await collapseAndDraw(elements, new Set(effective), keep, request, elk, measure);
    if (decided.drawn.layout === 'elk') elkRuns++;
  }
  const { graph, drawn } = decided;
  return {
    elements: drawn.elements,
    drawnOf: graph.drawnOf,
    groups: graph.groups,
    collapsed,
    fitZoom: fitZoomOf(drawn, request.viewport),
    extent: drawn.extent,
    isRouted: drawn.isRouted,
    layout: drawn.layout,
    elkRuns,
  };
}
