/**
 * Text widths for the layout, measured the way cytoscape draws labels (a 2D
 * canvas with the stylesheet's font), in a page or a worker; without a
 * canvas (Node), a deterministic estimate that errs wide.
 */
import { estimateTextWidth, FONT_FAMILY, type MeasureText } from '@/lib/graph/layout/drawing-metrics';

type Context = { font: string; measureText(text: string): { width: number } };

function context(): Context | null {
  try {
    if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1).getContext('2d');
    if (typeof document !== 'undefined') return document.createElement('canvas').getContext('2d');
  } catch {
    // No canvas here: estimate.
  }
  return null;
}

export function textMeasure(): MeasureText {
  const ctx = context();
  if (!ctx) return estimateTextWidth;
  const cache = new Map<string, number>();
  return (text, fontSize) => {
    const key = `${fontSize}\n${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      ctx.font = `${fontSize}px ${FONT_FAMILY}`;
      width = Math.ceil(ctx.measureText(text).width);
      cache.set(key, width);
    }
    return width;
  };
}
