/**
 * The layouts the graph view offers, and the one place that runs them.
 * "layered" reads dependency direction: consumers (sites, services) on top,
 * the providers they stand on (vpc, zones, keys) at the bottom. Up to DAGRE_MAX_NODES it is dagre
 * (better crossing reduction, environment boxes honoured); above, dagre's
 * ranking takes seconds, so Karma's own linear-time layered layout takes
 * over. "force" is cose with a fixed seed, offered while it stays quick.
 * Both are deterministic for the same elements.
 */
import type cytoscapeType from 'cytoscape';
import type { Core, LayoutOptions, NodeCollection, NodeSingular } from 'cytoscape';
import cytoscapeDagre from 'cytoscape-dagre';
import { arrangeGroups } from '@/lib/graph/layout/arrange-groups';
import { layeredLayout, type LayeredOptions } from '@/lib/graph/layout/layered-layout';
import { withSeededRandom } from '@/lib/graph/layout/seeded-random';
import type { LayoutName } from './view-state';

export const DAGRE_MAX_NODES = 300;
export const FORCE_MAX_NODES = 400;
const LAYOUT_SEED = 20261119;

type LayoutCore = typeof cytoscapeType;

type KarmaLayeredOptions = LayoutOptions & Partial<LayeredOptions> & { eles: cytoscapeType.Collection; padding?: number; fit?: boolean };

/**
 * Registered as the cytoscape layout `karma-layered`. Cytoscape calls a
 * layout's constructor with `.call`, so this is a function, not a class.
 */
function KarmaLayered(this: { options: KarmaLayeredOptions }, options: KarmaLayeredOptions) {
  this.options = options;
}

KarmaLayered.prototype.run = function run(this: { options: KarmaLayeredOptions }) {
  const { eles } = this.options;
  const nodes = eles.nodes();
  const positions = layeredLayout(
    nodes.map((n) => ({ id: n.id(), group: String(n.data('env') ?? '') })),
    // The edges touching the laid-out nodes (the layout runs on nodes only).
    nodes.connectedEdges().map((e) => ({ source: e.data('source') as string, target: e.data('target') as string })),
    this.options,
  );
  const place = (node: NodeSingular) => positions.get(node.id()) ?? { x: 0, y: 0 };
  // layoutPositions sets the positions, fits, and emits layoutready/layoutstop like any built-in layout.
  (nodes as unknown as { layoutPositions: (layout: unknown, options: unknown, fn: (n: NodeSingular) => { x: number; y: number }) => void }).layoutPositions(this, { ...this.options, animate: false }, place);
  return this;
};

KarmaLayered.prototype.stop = function stop() {
  return this;
};

let registered = false;

export function registerLayouts(cytoscape: LayoutCore): void {
  if (registered) return;
  cytoscape.use(cytoscapeDagre);
  cytoscape('layout', 'karma-layered', KarmaLayered);
  registered = true;
}

/** What actually runs for a requested layout and graph size (force falls back to layered when too big). */
export function effectiveLayout(name: LayoutName, nodeCount: number): { name: 'dagre' | 'karma-layered' | 'cose'; note: string | null } {
  if (name === 'force' && nodeCount <= FORCE_MAX_NODES) return { name: 'cose', note: null };
  const layered = nodeCount <= DAGRE_MAX_NODES ? 'dagre' : 'karma-layered';
  const note = name === 'force' ? `The force layout is offered up to ${FORCE_MAX_NODES.toLocaleString('en')} components; showing the layered layout.` : null;
  return { name: layered, note };
}

const byId = (a: { id(): string }, b: { id(): string }) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0);

const PADDING = 24;
/** Room kept free at the bottom for the legend bar over the canvas. */
const LEGEND_INSET = 44;
/** Space between environment frames (room for their titles). */
const GROUP_GAP = 70;
/** Space between an environment's frame and its components. */
const FRAME_PADDING = 24;

const DAGRE_OPTIONS = {
  name: 'dagre',
  // Edges point from consumer to provider: consumers on top, what they stand on below.
  rankDir: 'TB',
  nodeSep: 12,
  rankSep: 56,
  edgeSep: 6,
  ranker: 'network-simplex',
  nodeDimensionsIncludeLabels: true,
  sort: byId,
  animate: false,
  fit: false,
} as LayoutOptions;

const COSE_OPTIONS = {
  name: 'cose',
  animate: false,
  randomize: true,
  nodeDimensionsIncludeLabels: true,
  idealEdgeLength: () => 80,
  nodeRepulsion: () => 9000,
  numIter: 1000,
  fit: false,
} as LayoutOptions;

/** The components (and ghosts) of each environment, environments in id order. */
function groupsByEnv(cy: Core): Array<{ frame: NodeSingular; members: NodeCollection }> {
  const frames: NodeSingular[] = [];
  cy.nodes('node.env').forEach((frame) => {
    frames.push(frame);
  });
  return frames.sort(byId).map((frame) => ({ frame, members: cy.nodes(`[env = ${JSON.stringify(String(frame.data('env')))}]`).not('node.env') }));
}

/** Room for the two label lines under a node, when labels are not measured. */
const LABEL_ALLOWANCE = 34;

/**
 * Sizes and places each environment's frame around its members. Measuring
 * labels is exact but costs a text measurement per node; big graphs reserve
 * room for them instead.
 */
function fitFrames(groups: Array<{ frame: NodeSingular; members: NodeCollection }>, { measureLabels = true } = {}): void {
  for (const { frame, members } of groups) {
    const box = members.boundingBox({ includeLabels: measureLabels, includeOverlays: false, includeUnderlays: false });
    const extra = measureLabels ? { x: 0, bottom: 0 } : { x: 40, bottom: LABEL_ALLOWANCE };
    const w = box.w + 2 * (FRAME_PADDING + extra.x);
    // A big estate is seen from far away: its environment names and frames grow with it.
    const scale = measureLabels ? 1 : Math.max(1, w / 660);
    frame.data({ w, h: box.h + extra.bottom + 2 * FRAME_PADDING, titleSize: Math.round(22 * scale), frameBorder: Math.round(scale) });
    frame.position({ x: box.x1 + box.w / 2, y: box.y1 + (box.h + extra.bottom) / 2 });
  }
}

/**
 * The layout per environment, then the environment boxes arranged to fill
 * the viewport: one run over everything interleaves environments (dagre,
 * through cross-environment references) or tangles them (cose), and comes
 * out far too wide or too tall.
 */
function runGrouped(cy: Core, options: LayoutOptions, aspect: number): void {
  const groups = groupsByEnv(cy);
  const boxes = groups.map(({ members }) => {
    members.union(members.edgesWith(members)).layout(options).run();
    return members.boundingBox({ includeLabels: true });
  });
  const offsets = arrangeGroups(
    boxes.map((b) => ({ width: b.w + 2 * FRAME_PADDING, height: b.h + 2 * FRAME_PADDING })),
    { aspect, gap: GROUP_GAP },
  );
  cy.batch(() => {
    groups.forEach(({ members }, i) => {
      const dx = offsets[i].x + FRAME_PADDING - boxes[i].x1;
      const dy = offsets[i].y + FRAME_PADDING - boxes[i].y1;
      members.positions((node: NodeSingular) => ({ x: node.position('x') + dx, y: node.position('y') + dy }));
    });
    fitFrames(groups);
  });
}

/** Runs a layout to completion (all are synchronous) and fits the drawing to the viewport. */
export function runLayout(cy: Core, name: ReturnType<typeof effectiveLayout>['name']): void {
  // The container may have been sized after cytoscape measured it.
  cy.resize();
  const aspect = cy.width() / Math.max(cy.height() - LEGEND_INSET, 1);
  if (name === 'dagre') {
    runGrouped(cy, DAGRE_OPTIONS, aspect);
  } else if (name === 'cose') {
    // cose scatters the nodes with Math.random before simulating: seed it.
    withSeededRandom(LAYOUT_SEED, () => runGrouped(cy, COSE_OPTIONS, aspect));
  } else {
    cy.nodes().not('node.env').layout({ name: 'karma-layered', fit: false, aspect } as LayoutOptions).run();
    cy.batch(() => fitFrames(groupsByEnv(cy), { measureLabels: false }));
  }
  fitView(cy);
}

/**
 * Fits the drawing to the viewport from the frames' boxes alone: cytoscape's
 * own fit measures every edge and label first (a second on 2,000 components).
 */
export function fitView(cy: Core, padding = PADDING): void {
  const frames = cy.nodes('node.env');
  const box = (frames.nonempty() ? frames : cy.nodes()).boundingBox({ includeLabels: true, includeOverlays: false, includeUnderlays: false });
  if (!Number.isFinite(box.w) || box.w <= 0 || box.h <= 0) return;
  const width = cy.width() - 2 * padding;
  const height = cy.height() - 2 * padding - LEGEND_INSET;
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min(width / box.w, height / box.h)));
  cy.viewport({ zoom, pan: { x: padding + width / 2 - zoom * (box.x1 + box.w / 2), y: padding + height / 2 - zoom * (box.y1 + box.h / 2) } });
}
