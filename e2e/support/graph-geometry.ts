/**
 * What the graph view draws, measured from cytoscape in the page (the
 * instance the canvas publishes as `window.__karmaCy`): node body boxes,
 * every visible edge as a polyline in model coordinates (bend points of
 * segment/taxi edges, sampled quadratic pieces of bezier edges, exactly as
 * cytoscape's renderer builds its path), the edge labels actually drawn,
 * and each node label's on-screen size. The checks themselves run here in
 * Node with lib/graph/layout/edge-geometry.ts: edges through nodes they do
 * not connect, and edge labels on nodes.
 *
 * Written against cytoscape's public API only (boundingBox, sourceEndpoint,
 * segmentPoints, controlPoints, targetEndpoint, style, extent), so it keeps
 * measuring whatever layout, routing or grouping draws the picture.
 */
import { expect, type Page } from '@playwright/test';
import {
  edgeNodeCrossings,
  labelOverlaps,
  type Box,
  type EdgeLabelBox,
  type EdgeNodeCrossing,
  type GeometryEdge,
  type GeometryNode,
  type LabelOverlap,
} from '@/lib/graph/layout/edge-geometry';

export type NodeLabel = {
  id: string;
  text: string;
  /** The label's font size on screen: font-size × zoom, in CSS pixels. */
  renderedPx: number;
  /** Drawn right now: non-empty, not faded out by min-zoomed-font-size, and the node inside the viewport. */
  visible: boolean;
};

export type DrawnGraph = {
  zoom: number;
  /** The viewport in model coordinates (cytoscape's extent). */
  extent: Box;
  /** Every non-frame node measured (components, ghosts, groups; environment frames and compound parents left out). */
  nodes: GeometryNode[];
  /** Every visible edge as the polyline cytoscape draws, in model coordinates. */
  edges: Array<GeometryEdge & { curveStyle: string }>;
  edgeLabels: EdgeLabelBox[];
  labels: NodeLabel[];
};

export type GraphGeometry = {
  zoom: number;
  crossings: EdgeNodeCrossing[];
  labelOverlaps: LabelOverlap[];
  labels: NodeLabel[];
  nodeCount: number;
  edgeCount: number;
  /** What the checks ran on, so a test can check more (or fabricate a failing case) without measuring again. */
  drawn: DrawnGraph;
};

/** Quadratic pieces of a bezier edge are sampled at this many points each: ≤ 2 px off the curve for the curves cytoscape draws. */
const BEZIER_SAMPLES = 16;

/** Waits until the canvas has drawn its graph (the render signal the canvas publishes). */
export async function graphRendered(page: Page, timeout = 30_000): Promise<void> {
  await expect(page.locator('[data-testid=graph-canvas][data-render-state=done]')).toBeVisible({ timeout });
}

/**
 * Lets functions compiled by esbuild with `keepNames` (tsx, which runs the
 * benchmarks) run in the page: they call a `__name` helper that only exists
 * in the module they came from. Playwright's own transform needs none.
 */
export async function allowKeptNames(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}

/** Measures the drawing in the page; no checks. */
export async function measureDrawnGraph(page: Page): Promise<DrawnGraph> {
  await allowKeptNames(page);
  return page.evaluate((bezierSamples) => {
    type P = { x: number; y: number };
    const cy = window.__karmaCy;
    if (!cy) throw new Error('window.__karmaCy is not set: is the graph canvas on this page?');
    const zoom = cy.zoom();
    const extent = cy.extent();
    const isWebgl = document.querySelector<HTMLElement>('[data-testid=graph-canvas]')?.dataset.renderer === 'webgl';
    // The canvas renderer fades labels out by the zoom of the texture level it draws at, a power of two at or above zoom × pixel ratio.
    const renderer = (cy as unknown as { renderer(): { getPixelRatio?: () => number } }).renderer();
    const pixelRatio = renderer.getPixelRatio?.() ?? window.devicePixelRatio ?? 1;
    const textureScale = 2 ** Math.ceil(Math.log2(zoom * pixelRatio));
    const px = (value: string) => Number.parseFloat(value) || 0;
    const isLabelDrawn = (ele: import('cytoscape').NodeSingular | import('cytoscape').EdgeSingular, text: string) => {
      if (text === '' || Number(ele.style('text-opacity')) === 0) return false;
      // The WebGL renderer ignores min-zoomed-font-size (the app switches labels with a class there).
      return isWebgl || px(ele.style('font-size')) * textureScale >= px(ele.style('min-zoomed-font-size'));
    };
    const toBox = (b: { x1: number; y1: number; x2: number; y2: number }) => ({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 });
    const inView = (b: { x1: number; y1: number; x2: number; y2: number }) => b.x2 >= extent.x1 && b.x1 <= extent.x2 && b.y2 >= extent.y1 && b.y1 <= extent.y2;

    const nodes: Array<{ id: string; box: ReturnType<typeof toBox> }> = [];
    const labels: Array<{ id: string; text: string; renderedPx: number; visible: boolean }> = [];
    cy.nodes(':visible').forEach((node) => {
      // Environment frames and compound parents contain what is drawn over them: edges cross them by design.
      if (node.hasClass('env') || node.data('kind') === 'env' || node.isParent()) return;
      const box = toBox(node.boundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false }));
      nodes.push({ id: node.id(), box });
      const text = String(node.style('label') ?? '');
      labels.push({ id: node.id(), text, renderedPx: px(node.style('font-size')) * zoom, visible: isLabelDrawn(node, text) && inView(box) });
    });

    const quadratic = (a: P, c: P, b: P, out: P[]) => {
      for (let i = 1; i <= bezierSamples; i++) {
        const t = i / bezierSamples;
        const u = 1 - t;
        out.push({ x: u * u * a.x + 2 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2 * u * t * c.y + t * t * b.y });
      }
    };
    const edges: Array<{ id: string; source: string; target: string; points: P[]; curveStyle: string }> = [];
    const edgeLabels: Array<{ edge: string; box: ReturnType<typeof toBox> }> = [];
    cy.edges(':visible').forEach((edge) => {
      const start = edge.sourceEndpoint();
      const end = edge.targetEndpoint();
      if (!start || !end || !Number.isFinite(start.x) || !Number.isFinite(end.x)) return;
      const curveStyle = String(edge.style('curve-style'));
      // segments, round-segments, taxi and round-taxi edges have bend points; bezier, unbundled-bezier, loops and
      // compound edges have control points; straight lines, haystack and straight-triangle have neither.
      const bends = edge.segmentPoints() ?? [];
      const controls = edge.controlPoints() ?? [];
      const points: P[] = [{ x: start.x, y: start.y }];
      if (bends.length > 0) {
        points.push(...bends.map((p) => ({ x: p.x, y: p.y })), { x: end.x, y: end.y });
      } else if (controls.length > 0) {
        // As cytoscape draws them: one quadratic per control point, joined at the midpoints between control points.
        let from: P = points[0];
        controls.forEach((control, i) => {
          const next = controls[i + 1];
          const to = next ? { x: (control.x + next.x) / 2, y: (control.y + next.y) / 2 } : end;
          quadratic(from, control, to, points);
          from = to;
        });
      } else {
        points.push({ x: end.x, y: end.y });
      }
      edges.push({ id: edge.id(), source: edge.source().id(), target: edge.target().id(), points, curveStyle });
      const text = String(edge.style('label') ?? '');
      if (isLabelDrawn(edge, text)) {
        const box = edge.boundingBox({
          includeNodes: false,
          includeEdges: false,
          includeLabels: true,
          includeMainLabels: true,
          includeSourceLabels: false,
          includeTargetLabels: false,
          includeOverlays: false,
          includeUnderlays: false,
        });
        if (box.w > 0 && box.h > 0) edgeLabels.push({ edge: edge.id(), box: toBox(box) });
      }
    });
    return { zoom, extent: toBox(extent), nodes, edges, edgeLabels, labels };
  }, BEZIER_SAMPLES);
}

/** The drawing, checked: edges through nodes they do not connect, edge labels on nodes, label sizes. */
export async function graphGeometry(page: Page): Promise<GraphGeometry> {
  const drawn = await measureDrawnGraph(page);
  return {
    zoom: drawn.zoom,
    crossings: edgeNodeCrossings(drawn.nodes, drawn.edges),
    labelOverlaps: labelOverlaps(drawn.nodes, drawn.edgeLabels),
    labels: drawn.labels,
    nodeCount: drawn.nodes.length,
    edgeCount: drawn.edges.length,
    drawn,
  };
}

/** The smallest on-screen size among the labels drawn in view (Infinity when none is). */
export function smallestVisibleLabelPx(labels: NodeLabel[]): number {
  return Math.min(...labels.filter((l) => l.visible).map((l) => l.renderedPx));
}
