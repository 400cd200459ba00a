/**
 * The layouts the graph view offers, and the one place that puts a layout
 * on the canvas. "layered" reads dependency direction: consumers (sites,
 * services) on top, the providers they stand on (vpc, zones, keys) below.
 * It is ELK's layered algorithm with routed edges, computed off the main
 * thread (lib/graph/layout/layout-graph.ts through layout-client.ts) and
 * drawn here as preset positions. "force" is cose with a fixed seed, on the
 * same grouped elements, offered while it stays quick. Both are
 * deterministic for the same elements.
 */
import type cytoscapeType from 'cytoscape';
import type { Core, ElementDefinition, LayoutOptions, NodeCollection, NodeSingular } from 'cytoscape';
import { arrangeGroups } from '@/lib/graph/layout/arrange-groups';
import type { Rect } from '@/lib/graph/layout/edge-routes';
import type { GroupMode } from '@/lib/graph/layout/group-graph';
import { ELK_MAX_NODES, type LayoutRequest, type LayoutResult } from '@/lib/graph/layout/layout-graph';
import { fitViewport } from '@/lib/graph/layout/legibility';
import { withSeededRandom } from '@/lib/graph/layout/seeded-random';
import { DRAWN_OF_KEY } from './apply-highlights';
import { runLayoutRequest } from './layout-client';
import type { LayoutName } from './view-state';

export const FORCE_MAX_NODES = 400;
const LAYOUT_SEED = 20261119;

type LayoutCore = typeof cytoscapeType;

export type EffectiveLayout = 'elk' | 'karma-layered' | 'cose';

/** cytoscape's own layouts are built in; nothing to register any more (kept for callers that set cytoscape up). */
export function registerLayouts(_cytoscape: LayoutCore): void {}

/** What runs for a requested layout and graph size (force falls back to layered when too big). */
export function effectiveLayout(name: LayoutName, nodeCount: number): { name: EffectiveLayout; note: string | null } {
  if (name === 'force' && nodeCount <= FORCE_MAX_NODES) return { name: 'cose', note: null };
  const note = name === 'force' ? `The force layout is offered up to ${FORCE_MAX_NODES.toLocaleString('en')} components; showing the layered layout.` : null;
  return { name: 'elk', note };
}

export type LayoutInput = {
  elements: ElementDefinition[];
  layout: EffectiveLayout;
  mode: GroupMode;
  expand: readonly string[];
  keep: readonly string[];
  /** A decision `auto` made earlier for this graph (so opening a group keeps the rest as it was). */
  collapsed?: readonly string[];
  viewport: { width: number; height: number };
};

/** Lays the graph out (off the main thread where it can): what to draw, where, and along which routes. */
export function computeLayout(input: LayoutInput): Promise<LayoutResult> {
  const request: LayoutRequest = {
    elements: input.elements,
    mode: input.mode,
    expand: [...input.expand],
    keep: [...input.keep],
    ...(input.collapsed ? { collapsed: [...input.collapsed] } : {}),
    viewport: input.viewport,
    algorithm: input.layout === 'cose' ? 'positions-later' : 'layered',
  };
  return runLayoutRequest(request);
}

/** A note for what the layout had to give up, if anything. */
export function layoutNote(result: LayoutResult): string | null {
  if (result.layout !== 'karma-layered') return null;
  return `Over ${ELK_MAX_NODES.toLocaleString('en')} nodes are drawn: edges are straight lines and may pass behind other nodes. Group components (or filter) to see routed edges.`;
}

const EXTENT_KEY = 'karma-extent';

const byId = (a: { id(): string }, b: { id(): string }) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0);

/** Space between environment frames (room for their titles), for the force layout. */
const GROUP_GAP = 70;
/** Space between an environment's frame and its components. */
const FRAME_PADDING = 24;

const COSE_OPTIONS = {
  name: 'cose',
  animate: false,
  randomize: true,
  nodeDimensionsIncludeLabels: true,
  idealEdgeLength: () => 90,
  nodeRepulsion: () => 12000,
  numIter: 1000,
  fit: false,
} as LayoutOptions;

/** The components, ghosts and groups of each environment, environments in id order. */
function groupsByEnv(cy: Core): Array<{ frame: NodeSingular; members: NodeCollection }> {
  const frames: NodeSingular[] = [];
  cy.nodes('node.env').forEach((frame) => {
    frames.push(frame);
  });
  return frames.sort(byId).map((frame) => ({ frame, members: cy.nodes(`[env = ${JSON.stringify(String(frame.data('env')))}]`).not('node.env') }));
}

/** Sizes and places each environment's frame around its members (title room on top). */
function fitFrames(groups: Array<{ frame: NodeSingular; members: NodeCollection }>): void {
  for (const { frame, members } of groups) {
    const box = members.boundingBox({ includeLabels: true, includeOverlays: false, includeUnderlays: false });
    frame.data({ w: box.w + 2 * FRAME_PADDING, h: box.h + 3 * FRAME_PADDING });
    frame.position({ x: box.x1 + box.w / 2, y: box.y1 + box.h / 2 - FRAME_PADDING / 2 });
  }
}

/** cose per environment, then the environment boxes arranged to fill the viewport. */
function runForce(cy: Core, aspect: number): void {
  withSeededRandom(LAYOUT_SEED, () => {
    const groups = groupsByEnv(cy);
    const boxes = groups.map(({ members }) => {
      members.union(members.edgesWith(members)).layout(COSE_OPTIONS).run();
      return members.boundingBox({ includeLabels: true });
    });
    const offsets = arrangeGroups(
      boxes.map((b) => ({ width: b.w + 2 * FRAME_PADDING, height: b.h + 3 * FRAME_PADDING })),
      { aspect, gap: GROUP_GAP },
    );
    cy.batch(() => {
      groups.forEach(({ members }, i) => {
        const dx = offsets[i].x + FRAME_PADDING - boxes[i].x1;
        const dy = offsets[i].y + 2 * FRAME_PADDING - boxes[i].y1;
        members.positions((node: NodeSingular) => ({ x: node.position('x') + dx, y: node.position('y') + dy }));
      });
      fitFrames(groups);
    });
  });
}

/**
 * Puts a layout result on the canvas in one batch (the old elements go and
 * the new ones come in a single redraw), runs the force layout on it when
 * that is the choice, and fits the view.
 */
export function drawLayout(cy: Core, result: LayoutResult, layout: EffectiveLayout): void {
  cy.batch(() => {
    cy.elements().remove();
    cy.add(result.elements);
  });
  // After the swap: a resize redraws at once, and the old graph must not be drawn again.
  cy.resize();
  cy.scratch(DRAWN_OF_KEY, result.drawnOf);
  if (layout === 'cose') {
    runForce(cy, cy.width() / Math.max(cy.height(), 1));
    cy.removeScratch(EXTENT_KEY);
  } else {
    cy.scratch(EXTENT_KEY, result.extent);
  }
  fitView(cy);
}

/**
 * Fits the drawing to the viewport, never closer than MAX_FIT_ZOOM, from
 * the layout's extent (frames, routes, labels) or the frames' boxes: never
 * from cytoscape's own fit, which measures every edge and label first (a
 * second on 2,000 components).
 */
export function fitView(cy: Core): void {
  const extent = cy.scratch(EXTENT_KEY) as Rect | undefined;
  const frames = cy.nodes('node.env');
  const box = extent ?? (frames.nonempty() ? frames : cy.nodes()).boundingBox({ includeLabels: true, includeOverlays: false, includeUnderlays: false });
  const fit = fitViewport(box, { width: cy.width(), height: cy.height() });
  if (fit) cy.viewport(fit);
}

/** Fits a set of elements (search matches, a small selection), never closer than MAX_FIT_ZOOM. */
export function fitElements(cy: Core, eles: cytoscapeType.Collection, { animate = true } = {}): void {
  const box = eles.boundingBox({ includeLabels: true, includeOverlays: false, includeUnderlays: false });
  const fit = fitViewport(box, { width: cy.width(), height: cy.height() }, { padding: 80 });
  if (!fit) return;
  if (animate) cy.animate({ ...fit, duration: 350 });
  else cy.viewport(fit);
}
