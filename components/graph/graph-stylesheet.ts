/**
 * How the graph is drawn, as plain data (the benchmark's bare cytoscape page
 * uses the same sheet). Sizes come from lib/graph/layout/drawing-metrics.ts,
 * which the layout reserves room with. A node is its type's shape and colour
 * with its label to the right and a drift badge at its corner; a group is
 * drawn like its type with a ring, and its badge counts the members that
 * drift. Routed edges follow the layout's bend points (`segments`, relative
 * to the node centres). Labels fade out when zoomed out
 * (`min-zoomed-font-size`), which is also what keeps big graphs fluid; edge
 * labels show close up or on hover. Later rules win: focus roles, a path,
 * a comparison's differences, a rollout's member states, then search
 * matches, then selection.
 */
import type { EdgeSingular, NodeSingular, StylesheetJson } from 'cytoscape';
import {
  EDGE_LABEL_FONT_SIZE,
  EDGE_LABEL_HOVER_FONT_SIZE,
  EDGE_LABEL_PADDING,
  FONT_FAMILY,
  FRAME_TITLE_SIZE,
  LABEL_FONT_SIZE,
  LABEL_GAP,
  LABEL_LINE_HEIGHT,
  NODE_SIZE,
} from '@/lib/graph/layout/drawing-metrics';
import { DIFF_STYLES } from './diff-style';
import { BADGE_SIZE, BADGED_STATUSES, driftBadge, groupBadge } from './drift-badges';
import { PATH_STYLES } from './path-style';
import { MEMBER_STATE_STYLE, memberStateBadge, STATE_ORDER } from '@/components/rollouts/rollout-style';
import { CYCLE_COLOR, FOCUS_COLORS, GHOST_COLOR, MATCH_COLOR, SELECTED_COLOR } from './type-colors';

const EDGE_COLOR = '#94a3b8';
const LABEL_COLOR = '#0f172a';
/** Node labels fade out below this on-screen size (far out, or a huge estate). */
const NODE_LABEL_MIN_PX = 8;
/** Edge labels need a closer look: they show from zoom > 1 (cytoscape fades text by power-of-two zoom steps), so at ≥ 11 px. */
const EDGE_LABEL_MIN_PX = 22;

const BADGE_STYLE = {
  'background-width': BADGE_SIZE,
  'background-height': BADGE_SIZE,
  'background-position-x': '100%',
  'background-position-y': '0%',
  // Half out over the corner, like a badge; never over the label (which starts LABEL_GAP to the right).
  'background-offset-x': LABEL_GAP - 2,
  'background-offset-y': -5,
  'background-clip': 'none',
  'background-image-containment': 'over',
  'background-fit': 'none',
} as const;

const driftBadgeRules = BADGED_STATUSES.map((status) => ({
  selector: `node.component.drift-${status}`,
  style: { 'background-image': driftBadge(status)!, ...BADGE_STYLE },
}));

const groupBadgeOf = (node: NodeSingular) => groupBadge(String(node.data('drift')), Number(node.data('driftCount'))) ?? 'none';

/** What every drawn node (component, missing reference, group) shares: its size, and drawn above frames and edges. */
const nodeBody = { 'z-index': 10, 'z-index-compare': 'manual', width: NODE_SIZE, height: NODE_SIZE } as const;

const nodeLabel = {
  label: 'data(label)',
  'text-wrap': 'wrap',
  'text-max-width': '480px',
  'text-halign': 'right',
  'text-valign': 'center',
  'text-justification': 'left',
  'text-margin-x': LABEL_GAP,
  'font-family': FONT_FAMILY,
  'font-size': LABEL_FONT_SIZE,
  'line-height': LABEL_LINE_HEIGHT,
  color: LABEL_COLOR,
  'text-background-color': '#ffffff',
  'text-background-opacity': 0.8,
  'text-background-padding': '1px',
  'min-zoomed-font-size': NODE_LABEL_MIN_PX,
} as const;

export const GRAPH_STYLESHEET: StylesheetJson = [
  {
    selector: 'node.component',
    style: {
      ...nodeBody,
      shape: 'data(shape)' as 'round-rectangle',
      'background-color': 'data(color)',
      'border-width': 1,
      'border-color': '#ffffff',
      ...nodeLabel,
    },
  },
  ...driftBadgeRules,
  // Runtime-only components (no config of their own): their category's shape with a dashed outline.
  { selector: 'node.runtime-only', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#0f172a' } },
  {
    selector: 'node.ghost',
    style: {
      ...nodeBody,
      shape: 'round-rectangle',
      'background-color': '#ffffff',
      'border-width': 2,
      'border-style': 'dashed',
      'border-color': GHOST_COLOR,
      ...nodeLabel,
      color: GHOST_COLOR,
    },
  },
  {
    // Many components of one type (or of one category) as one node: the type's look with a ring, and a count badge.
    selector: 'node.group',
    style: {
      ...nodeBody,
      shape: 'data(shape)' as 'round-rectangle',
      'background-color': 'data(color)',
      'border-width': 3,
      'border-style': 'double',
      'border-color': '#ffffff',
      'outline-width': 2,
      'outline-color': 'data(color)',
      'outline-offset': 0,
      ...nodeLabel,
      'font-weight': 'bold',
      'background-image': groupBadgeOf,
      ...BADGE_STYLE,
    },
  },
  {
    selector: 'node.ghost-group',
    style: { 'background-color': '#ffffff', 'outline-color': GHOST_COLOR, 'border-color': GHOST_COLOR, 'border-style': 'dashed', 'border-width': 2, color: GHOST_COLOR },
  },
  {
    // An environment's frame: a plain node the layout sizes around its components; its title inside the top.
    selector: 'node.env',
    style: {
      shape: 'round-rectangle',
      width: 'data(w)',
      height: 'data(h)',
      'background-color': '#ffffff',
      'background-opacity': 1,
      'border-width': 1,
      'border-color': '#cbd5e1',
      label: 'data(label)',
      'text-valign': 'top',
      'text-halign': 'center',
      'text-margin-y': FRAME_TITLE_SIZE + 12,
      'font-family': FONT_FAMILY,
      'font-size': FRAME_TITLE_SIZE,
      'font-weight': 'bold',
      color: '#334155',
      'min-zoomed-font-size': 6,
      'z-index': 0,
      'z-index-compare': 'manual',
      events: 'no',
    },
  },
  {
    selector: 'edge',
    style: {
      'z-index': 5,
      'z-index-compare': 'manual',
      width: 1.5,
      'curve-style': 'bezier',
      'line-color': EDGE_COLOR,
      'target-arrow-color': EDGE_COLOR,
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      label: 'data(edgeLabel)',
      'font-family': FONT_FAMILY,
      'font-size': EDGE_LABEL_FONT_SIZE,
      color: '#334155',
      'text-rotation': 'none',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': `${EDGE_LABEL_PADDING}px`,
      // Field names only from close up (or on hover, below).
      'min-zoomed-font-size': EDGE_LABEL_MIN_PX,
    },
  },
  // The layout's routes: bend points relative to the node centres, and the label at the route's middle point.
  {
    selector: 'edge.routed',
    style: {
      'curve-style': 'segments',
      'edge-distances': 'node-position',
      'segment-weights': 'data(segmentWeights)',
      'segment-distances': 'data(segmentDistances)',
    } as Record<string, string>,
  },
  { selector: 'edge.routed-straight', style: { 'curve-style': 'straight' } },
  // Thousands of unrouted edges (an ungrouped big estate): plain lines, direction shown on hover.
  { selector: 'edge.bulk', style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none', width: 1 } },
  { selector: 'edge.bulk.hover', style: { 'curve-style': 'straight', 'target-arrow-shape': 'triangle' } },
  // A label that would overlap another edge's label: shown on hover only.
  { selector: 'edge.label-crowded', style: { 'min-zoomed-font-size': 1000 } },
  { selector: 'edge.aggregate', style: { width: (edge: EdgeSingular) => Math.min(4.5, 1.5 + Math.log2(Number(edge.data('count')) || 1)) } },
  { selector: 'edge.dangling', style: { 'line-style': 'dashed', 'line-color': GHOST_COLOR, 'target-arrow-color': GHOST_COLOR, color: GHOST_COLOR } },
  { selector: 'edge.cycle', style: { width: 2.5, 'line-color': CYCLE_COLOR, 'target-arrow-color': CYCLE_COLOR } },
  { selector: 'edge.owner', style: { 'line-style': 'dotted', width: 1.5, 'line-color': '#64748b', 'target-arrow-shape': 'none', label: '' } },
  // WebGL mode switches labels by zoom with this class (it ignores min-zoomed-font-size).
  { selector: '.no-label', style: { label: '' } },
  { selector: 'edge.hover', style: { width: 3, 'min-zoomed-font-size': 0, 'font-size': EDGE_LABEL_HOVER_FONT_SIZE, 'z-index': 10 } },
  { selector: 'edge.hover.no-label', style: { label: 'data(edgeLabel)' } },
  { selector: 'edge.owner.hover', style: { label: '' } },
  { selector: 'node.hover', style: { label: 'data(label)', 'underlay-color': '#64748b', 'underlay-padding': 6, 'underlay-opacity': 0.2, 'min-zoomed-font-size': 0 } },

  // Focus mode: the focused component, what it depends on, what depends on it.
  {
    selector: 'node.focus-root',
    style: { label: 'data(label)', 'underlay-color': FOCUS_COLORS.root, 'underlay-padding': 8, 'underlay-opacity': 0.3, 'font-weight': 'bold', 'min-zoomed-font-size': 0 },
  },
  { selector: 'node.focus-dependency', style: { 'underlay-color': FOCUS_COLORS.dependency, 'underlay-padding': 7, 'underlay-opacity': 0.35 } },
  { selector: 'node.focus-dependent', style: { 'underlay-color': FOCUS_COLORS.dependent, 'underlay-padding': 7, 'underlay-opacity': 0.35 } },
  { selector: 'edge.focus-dependency', style: { width: 2.5, 'line-color': FOCUS_COLORS.dependency, 'target-arrow-color': FOCUS_COLORS.dependency } },
  { selector: 'edge.focus-dependent', style: { width: 2.5, 'line-color': FOCUS_COLORS.dependent, 'target-arrow-color': FOCUS_COLORS.dependent } },

  // Path view: what lies on the shortest paths (path-style.ts).
  ...PATH_STYLES,

  // `?compare=`: added, removed and changed components and references (diff-style.ts).
  ...DIFF_STYLES,

  // `?rollout=`: its members by state — a halo in the state's colour, the rollout page's state icon in place of the drift badge (components/rollouts/rollout-style.ts); the rest dimmed below.
  { selector: 'node.rollout-member', style: { label: 'data(label)', 'min-zoomed-font-size': 0, 'underlay-padding': 8, 'underlay-opacity': 0.4, 'z-index': 15 } },
  ...STATE_ORDER.map((state) => ({
    selector: `node.rollout-${state}`,
    style: {
      'underlay-color': MEMBER_STATE_STYLE[state].color,
      ...(state === 'waiting' ? { 'underlay-opacity': 0.2 } : {}),
      'background-image': memberStateBadge(state),
      ...BADGE_STYLE,
    },
  })),

  // Search: matches stand out, everything else steps back.
  { selector: '.dimmed', style: { opacity: 0.18 } },
  { selector: 'node.env.dimmed', style: { opacity: 1 } },
  {
    selector: 'node.match',
    style: { label: 'data(label)', 'underlay-color': MATCH_COLOR, 'underlay-padding': 10, 'underlay-opacity': 0.9, 'min-zoomed-font-size': 0, 'z-index': 20 },
  },

  {
    selector: 'node.component:selected, node.ghost:selected',
    style: { label: 'data(label)', 'underlay-color': SELECTED_COLOR, 'underlay-padding': 9, 'underlay-opacity': 0.45, 'min-zoomed-font-size': 0, 'z-index': 30 },
  },
];
