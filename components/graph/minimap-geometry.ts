/**
 * The minimap's arithmetic, apart from drawing: fitting the graph's model
 * bounds into the minimap, mapping points both ways, the viewport rectangle,
 * and the pan that centres the main view on a point. Pure.
 */

export type Bounds = { x1: number; y1: number; x2: number; y2: number };
export type Size = { width: number; height: number };
/** model → minimap: `mx = x * scale + dx`, `my = y * scale + dy`. */
export type MapTransform = { scale: number; dx: number; dy: number };

/** The smallest box holding every point and box; null when there is nothing. */
export function unionBounds(points: ReadonlyArray<{ x: number; y: number }>, boxes: readonly Bounds[] = []): Bounds | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of points) {
    if (p.x < x1) x1 = p.x;
    if (p.y < y1) y1 = p.y;
    if (p.x > x2) x2 = p.x;
    if (p.y > y2) y2 = p.y;
  }
  for (const b of boxes) {
    if (b.x1 < x1) x1 = b.x1;
    if (b.y1 < y1) y1 = b.y1;
    if (b.x2 > x2) x2 = b.x2;
    if (b.y2 > y2) y2 = b.y2;
  }
  return Number.isFinite(x1) && Number.isFinite(y1) ? { x1, y1, x2, y2 } : null;
}

/** Scales `bounds` to fit inside `size` less `padding` on each side, centred, keeping proportions. */
export function fitTransform(bounds: Bounds, size: Size, padding: number): MapTransform {
  const w = Math.max(bounds.x2 - bounds.x1, 1);
  const h = Math.max(bounds.y2 - bounds.y1, 1);
  const scale = Math.min((size.width - 2 * padding) / w, (size.height - 2 * padding) / h);
  return { scale, dx: (size.width - w * scale) / 2 - bounds.x1 * scale, dy: (size.height - h * scale) / 2 - bounds.y1 * scale };
}

export function toMinimap(t: MapTransform, p: { x: number; y: number }): { x: number; y: number } {
  return { x: p.x * t.scale + t.dx, y: p.y * t.scale + t.dy };
}

export function toModel(t: MapTransform, p: { x: number; y: number }): { x: number; y: number } {
  return { x: (p.x - t.dx) / t.scale, y: (p.y - t.dy) / t.scale };
}

/** The main view's extent (model coordinates) as a rectangle on the minimap, clipped to it. */
export function viewportRect(t: MapTransform, extent: Bounds, size: Size): { x: number; y: number; width: number; height: number } {
  const a = toMinimap(t, { x: extent.x1, y: extent.y1 });
  const b = toMinimap(t, { x: extent.x2, y: extent.y2 });
  const x = Math.max(0, Math.min(a.x, size.width));
  const y = Math.max(0, Math.min(a.y, size.height));
  return { x, y, width: Math.max(0, Math.min(b.x, size.width) - x), height: Math.max(0, Math.min(b.y, size.height) - y) };
}

/** The pan that puts model point `p` at the centre of a view of `view` size at `zoom`. */
export function panToCentre(p: { x: number; y: number }, zoom: number, view: Size): { x: number; y: number } {
  return { x: view.width / 2 - p.x * zoom, y: view.height / 2 - p.y * zoom };
}
