/**
 * The sizes the graph is drawn at, shared by the layout (which reserves
 * room for every node and label) and the stylesheet (which draws them), so
 * what the layout routes around is what cytoscape draws.
 *
 * A node is its shape with its label to the right, both in one box:
 *
 *   ┌──────┐
 *   │ shape│ nickname        the box is NODE_BOX_HEIGHT tall; edges leave the
 *   └──────┘ type            shape's bottom centre and arrive at its top centre
 */

/** The node shape's width and height. */
export const NODE_SIZE = 30;
/** The layout box of a node: its shape and the two label lines beside it. */
export const NODE_BOX_HEIGHT = 34;
/** Node labels: the size every first view must show at ≥ 11 px on screen. */
export const LABEL_FONT_SIZE = 14;
export const LABEL_LINE_HEIGHT = 1.15;
/** Between the shape and its label. */
export const LABEL_GAP = 6;
/** Room kept after the measured label (rounding, text background). */
export const LABEL_SLACK = 6;
export const FONT_FAMILY = 'Helvetica, Arial, sans-serif';

/** Edge labels (field paths): close up, and larger while the edge is hovered. */
export const EDGE_LABEL_FONT_SIZE = 11;
export const EDGE_LABEL_HOVER_FONT_SIZE = 12;
/** Text background padding around an edge label, each side. */
export const EDGE_LABEL_PADDING = 2;

/** An environment frame: its title sits inside the top padding. */
export const FRAME_TITLE_SIZE = 16;
export const FRAME_PADDING = { top: 34, side: 14, bottom: 14 } as const;

/** Text width in pixels at a font size; the layout measures with canvas text metrics where it can. */
export type MeasureText = (text: string, fontSize: number) => number;

/**
 * Deterministic stand-in for canvas metrics (Node, tests): a little wider
 * than Helvetica's average glyph, so room is never short.
 */
export const estimateTextWidth: MeasureText = (text, fontSize) => Math.ceil(text.length * fontSize * 0.62);

/** The layout box of a node whose label has these lines. */
export function nodeBoxSize(lines: readonly string[], measure: MeasureText): { width: number; height: number } {
  const text = Math.max(0, ...lines.map((line) => measure(line, LABEL_FONT_SIZE)));
  return { width: Math.ceil(NODE_SIZE + LABEL_GAP + text + LABEL_SLACK), height: NODE_BOX_HEIGHT };
}

/** An edge label's box (hover size, the larger one), text background included. */
export function edgeLabelSize(text: string, measure: MeasureText): { width: number; height: number } {
  return {
    width: measure(text, EDGE_LABEL_HOVER_FONT_SIZE) + 2 * EDGE_LABEL_PADDING + 4,
    height: Math.ceil(EDGE_LABEL_HOVER_FONT_SIZE * LABEL_LINE_HEIGHT) + 2 * EDGE_LABEL_PADDING + 2,
  };
}
