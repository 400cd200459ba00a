/**
 * How the graph is drawn, as plain data (the benchmark's bare cytoscape page
 * serialises the same sheet). Labels fade out when zoomed out
 * (`min-zoomed-font-size`), which is also what keeps 5,000 nodes fluid.
 * Later rules win: focus roles, then search matches, then selection.
 */
import type { StylesheetJson } from 'cytoscape';
import { CYCLE_COLOR, FOCUS_COLORS, GHOST_COLOR, MATCH_COLOR, SELECTED_COLOR } from './type-colors';

const EDGE_COLOR = '#94a3b8';
const LABEL_COLOR = '#0f172a';

export const GRAPH_STYLESHEET: StylesheetJson = [
  {
    selector: 'node.component',
    style: {
      'z-index': 10,
      'z-index-compare': 'manual',
      shape: 'round-rectangle',
      width: 30,
      height: 30,
      'background-color': 'data(color)',
      'border-width': 3,
      'border-color': 'data(border)',
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-max-width': '150px',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'font-size': 12,
      'line-height': 1.15,
      color: LABEL_COLOR,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.75,
      'text-background-padding': '1px',
      'min-zoomed-font-size': 6,
    },
  },
  // Runtime-only components (no config of their own) are round.
  { selector: 'node.runtime-only', style: { shape: 'ellipse' } },
  { selector: 'node.drift-unknown', style: { 'border-width': 2 } },
  {
    selector: 'node.ghost',
    style: {
      'z-index': 10,
      'z-index-compare': 'manual',
      shape: 'round-rectangle',
      width: 30,
      height: 30,
      'background-color': '#ffffff',
      'border-width': 2,
      'border-style': 'dashed',
      'border-color': GHOST_COLOR,
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'font-size': 12,
      color: GHOST_COLOR,
      'min-zoomed-font-size': 6,
    },
  },
  {
    // An environment's frame: a plain node the layout sizes around its components.
    selector: 'node.env',
    style: {
      shape: 'round-rectangle',
      width: 'data(w)',
      height: 'data(h)',
      'background-color': '#ffffff',
      'background-opacity': 1,
      'border-width': 'data(frameBorder)',
      'border-color': '#cbd5e1',
      label: 'data(label)',
      'text-valign': 'top',
      'text-halign': 'center',
      'text-margin-y': -6,
      // Sized with the frame, so a big estate's environment names stay legible from afar.
      'font-size': 'data(titleSize)',
      'font-weight': 'bold',
      color: '#334155',
      'min-zoomed-font-size': 4,
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
      label: 'data(path)',
      'font-size': 9,
      color: '#334155',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': '2px',
      // Field names only from close up (or on hover, below).
      'min-zoomed-font-size': 16,
    },
  },
  { selector: 'edge.dangling', style: { 'line-style': 'dashed', 'line-color': GHOST_COLOR, 'target-arrow-color': GHOST_COLOR, color: GHOST_COLOR } },
  { selector: 'edge.cycle', style: { width: 2.5, 'line-color': CYCLE_COLOR, 'target-arrow-color': CYCLE_COLOR } },
  {
    selector: 'edge.owner',
    style: { 'line-style': 'dotted', width: 1.5, 'line-color': '#64748b', 'target-arrow-shape': 'none', label: '', 'curve-style': 'straight' },
  },
  // WebGL mode switches labels by zoom with this class (it ignores min-zoomed-font-size).
  { selector: '.no-label', style: { label: '' } },
  { selector: 'edge.hover', style: { label: 'data(path)', width: 3, 'min-zoomed-font-size': 0, 'font-size': 13, 'z-index': 10 } },
  { selector: 'edge.owner.hover', style: { label: '' } },
  { selector: 'node.hover', style: { label: 'data(label)', 'underlay-color': '#64748b', 'underlay-padding': 6, 'underlay-opacity': 0.2, 'min-zoomed-font-size': 0 } },

  // Focus mode: the focused component, what it depends on, what depends on it.
  { selector: 'node.focus-root', style: { label: 'data(label)', width: 40, height: 40, 'underlay-color': FOCUS_COLORS.root, 'underlay-padding': 8, 'underlay-opacity': 0.25, 'font-weight': 'bold', 'min-zoomed-font-size': 0 } },
  { selector: 'node.focus-dependency', style: { 'underlay-color': FOCUS_COLORS.dependency, 'underlay-padding': 7, 'underlay-opacity': 0.35 } },
  { selector: 'node.focus-dependent', style: { 'underlay-color': FOCUS_COLORS.dependent, 'underlay-padding': 7, 'underlay-opacity': 0.35 } },
  { selector: 'edge.focus-dependency', style: { width: 2.5, 'line-color': FOCUS_COLORS.dependency, 'target-arrow-color': FOCUS_COLORS.dependency } },
  { selector: 'edge.focus-dependent', style: { width: 2.5, 'line-color': FOCUS_COLORS.dependent, 'target-arrow-color': FOCUS_COLORS.dependent } },

  // Search: matches stand out, everything else steps back.
  { selector: '.dimmed', style: { opacity: 0.18 } },
  { selector: 'node.env.dimmed', style: { opacity: 1 } },
  { selector: 'node.match', style: { label: 'data(label)', 'underlay-color': MATCH_COLOR, 'underlay-padding': 10, 'underlay-opacity': 0.9, 'min-zoomed-font-size': 0, 'z-index': 20 } },

  { selector: 'node.component:selected, node.ghost:selected', style: { label: 'data(label)', 'underlay-color': SELECTED_COLOR, 'underlay-padding': 9, 'underlay-opacity': 0.45, 'min-zoomed-font-size': 0, 'z-index': 30 } },
];
