/**
 * Whether a first view can be read: the drawing is fitted to the canvas
 * (never closer than MAX_FIT_ZOOM, so two nodes are not blown up to fill the
 * screen), and every label must then be at least MIN_LABEL_PX on screen.
 * The canvas fits with the same function, so the layout's decision and the
 * camera agree.
 */
import { LABEL_FONT_SIZE } from './drawing-metrics';

export const MIN_LABEL_PX = 11;
/** A fitted view never zooms in further than this (a focus of three nodes, a filter with two). */
export const MAX_FIT_ZOOM = 1.25;
export const MIN_ZOOM = 0.03;
/** Room kept around the drawing when it is fitted. */
export const FIT_PADDING = 24;
/** Room kept free at the bottom for the legend bar over the canvas. */
export const LEGEND_INSET = 44;

export type Viewport = { width: number; height: number };
export type Extent = { x1: number; y1: number; x2: number; y2: number };

/** The zoom and pan that fit the extent into the viewport (centred, padded, zoom capped). */
export function fitViewport(extent: Extent, viewport: Viewport, { maxZoom = MAX_FIT_ZOOM, padding = FIT_PADDING } = {}): { zoom: number; pan: { x: number; y: number } } | null {
  const w = extent.x2 - extent.x1;
  const h = extent.y2 - extent.y1;
  if (!Number.isFinite(w) || !Number.isFinite(h) || w <= 0 || h <= 0) return null;
  const width = Math.max(viewport.width - 2 * padding, 1);
  const height = Math.max(viewport.height - 2 * padding - LEGEND_INSET, 1);
  const zoom = Math.min(maxZoom, Math.max(MIN_ZOOM, Math.min(width / w, height / h)));
  return { zoom, pan: { x: padding + width / 2 - zoom * (extent.x1 + w / 2), y: padding + height / 2 - zoom * (extent.y1 + h / 2) } };
}

/** The shape of the room a fitted drawing gets: width / height. */
export function fitAspect(viewport: Viewport, padding = FIT_PADDING): number {
  return Math.max(viewport.width - 2 * padding, 1) / Math.max(viewport.height - 2 * padding - LEGEND_INSET, 1);
}

/** Labels at this zoom are big enough; a small margin covers the renderer's rounding of the frame boxes it fits. */
export function isLegibleAt(zoom: number, fontSize = LABEL_FONT_SIZE): boolean {
  return fontSize * zoom >= MIN_LABEL_PX * 1.01;
}

/** The zoom the labels need. */
export function legibleZoom(fontSize = LABEL_FONT_SIZE): number {
  return (MIN_LABEL_PX * 1.01) / fontSize;
}

/**
 * How many nodes a first guess may draw on this viewport: its area at the
 * legible zoom over the room one node takes in a layered drawing (its box,
 * its share of the gaps between layers and of the room that layering leaves
 * unused). A guess only: the layout then checks the real drawing.
 */
export function nodeCapacity(viewport: Viewport, { nodeArea = 45_000, fontSize = LABEL_FONT_SIZE } = {}): number {
  const zoom = legibleZoom(fontSize);
  const width = (viewport.width - 2 * FIT_PADDING) / zoom;
  const height = (viewport.height - 2 * FIT_PADDING - LEGEND_INSET) / zoom;
  return Math.max(1, Math.floor((width * height) / nodeArea));
}
