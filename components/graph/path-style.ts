/**
 * How a path view (`?path=A,B`) marks what lies on the shortest paths
 * (apply-highlights.ts sets the classes): green nodes and edges, the two ends
 * larger. Green stays apart from the focus colours (teal, pink) and the
 * search highlight (yellow).
 */
import type { StylesheetJson } from 'cytoscape';

export const PATH_COLOR = '#059669';

export const PATH_STYLES: StylesheetJson = [
  { selector: 'node.on-path', style: { label: 'data(label)', 'underlay-color': PATH_COLOR, 'underlay-padding': 7, 'underlay-opacity': 0.35, 'min-zoomed-font-size': 0 } },
  { selector: 'node.path-end', style: { 'underlay-padding': 10, 'underlay-opacity': 0.45, 'font-weight': 'bold' } },
  { selector: 'edge.on-path', style: { width: 3, 'line-color': PATH_COLOR, 'target-arrow-color': PATH_COLOR } },
];
