/**
 * Places the boxes of independently laid-out groups (one per environment)
 * in rows, choosing the number of columns that lets the whole drawing be
 * shown largest in a viewport of the given aspect ratio. Pure; the same
 * sizes and aspect always give the same arrangement.
 */

export type Size = { width: number; height: number };
export type Offset = { x: number; y: number };

function arrange(sizes: readonly Size[], columns: number, gap: number): { offsets: Offset[]; width: number; height: number } {
  const offsets: Offset[] = [];
  let top = 0;
  let width = 0;
  for (let start = 0; start < sizes.length; start += columns) {
    const row = sizes.slice(start, start + columns);
    let left = 0;
    for (const size of row) {
      offsets.push({ x: left, y: top });
      left += size.width + gap;
    }
    width = Math.max(width, left - gap);
    top += Math.max(...row.map((s) => s.height)) + gap;
  }
  return { offsets, width, height: top - gap };
}

function best(sizes: readonly Size[], { aspect, gap }: { aspect: number; gap: number }): { offsets: Offset[]; columns: number; scale: number } {
  let chosen: { offsets: Offset[]; columns: number; scale: number } | null = null;
  for (let columns = 1; columns <= sizes.length; columns++) {
    const { offsets, width, height } = arrange(sizes, columns, gap);
    // How large the drawing could be shown: the smaller of the two fits.
    const scale = Math.min(aspect / Math.max(width, 1), 1 / Math.max(height, 1));
    if (!chosen || scale > chosen.scale * 1.0001) chosen = { offsets, columns, scale };
  }
  return chosen!;
}

/** `aspect` is the viewport's width / height. */
export function arrangeGroups(sizes: readonly Size[], options: { aspect: number; gap: number }): Offset[] {
  return sizes.length === 0 ? [] : best(sizes, options).offsets;
}

/** How many groups side by side `arrangeGroups` would put in a row. */
export function arrangeColumns(sizes: readonly Size[], options: { aspect: number; gap: number }): number {
  return sizes.length === 0 ? 0 : best(sizes, options).columns;
}
