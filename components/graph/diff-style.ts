/**
 * How a comparison of two moments (`?compare=`) marks the graph
 * (apply-highlights.ts sets the classes): what was added green, what was
 * removed red, dashed and faded (it is drawn from the earlier moment only),
 * what changed amber; edges the same. The colours match the list beside the
 * graph (diff-panel.tsx) and stay apart from the focus, path and search
 * highlights.
 */
import type { StylesheetJson } from 'cytoscape';

export const DIFF_COLORS = { added: '#16a34a', removed: '#dc2626', changed: '#d97706' } as const;
export type DiffKind = keyof typeof DIFF_COLORS;

export const DIFF_STYLES: StylesheetJson = [
  {
    selector: 'node.diff-added',
    style: {
      label: 'data(label)',
      'min-zoomed-font-size': 0,
      'underlay-color': DIFF_COLORS.added,
      'underlay-padding': 8,
      'underlay-opacity': 0.45,
      'border-width': 3,
      'border-color': DIFF_COLORS.added,
    },
  },
  {
    selector: 'node.diff-changed',
    style: {
      label: 'data(label)',
      'min-zoomed-font-size': 0,
      'underlay-color': DIFF_COLORS.changed,
      'underlay-padding': 8,
      'underlay-opacity': 0.45,
      'border-width': 3,
      'border-color': DIFF_COLORS.changed,
    },
  },
  {
    selector: 'node.diff-removed',
    style: {
      label: 'data(label)',
      'min-zoomed-font-size': 0,
      opacity: 0.55,
      'border-width': 3,
      'border-style': 'dashed',
      'border-color': DIFF_COLORS.removed,
      'underlay-color': DIFF_COLORS.removed,
      'underlay-padding': 6,
      'underlay-opacity': 0.25,
      color: DIFF_COLORS.removed,
    },
  },
  { selector: 'edge.diff-added', style: { width: 3, 'line-color': DIFF_COLORS.added, 'target-arrow-color': DIFF_COLORS.added, 'z-index': 8 } },
  {
    selector: 'edge.diff-removed',
    style: { width: 2.5, 'line-style': 'dashed', opacity: 0.6, 'line-color': DIFF_COLORS.removed, 'target-arrow-color': DIFF_COLORS.removed, 'z-index': 8 },
  },
];
