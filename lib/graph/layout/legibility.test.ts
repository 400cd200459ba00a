import { describe, expect, it } from 'vitest';
import { LABEL_FONT_SIZE } from './drawing-metrics';
import { fitViewport, isLegibleAt, legibleZoom, LEGEND_INSET, MAX_FIT_ZOOM, MIN_LABEL_PX, nodeCapacity } from './legibility';

describe('fitViewport', () => {
  const viewport = { width: 1440, height: 800 };

  it('centres the drawing in the room left by the padding and the legend', () => {
    const fit = fitViewport({ x1: 0, y1: 0, x2: 2784, y2: 1416 }, viewport, { padding: 24 })!;
    expect(fit.zoom).toBeCloseTo(Math.min((1440 - 48) / 2784, (800 - 48 - LEGEND_INSET) / 1416), 9);
    // The drawing's centre lands on the room's centre.
    expect(fit.pan.x + fit.zoom * 1392).toBeCloseTo(24 + (1440 - 48) / 2, 6);
    expect(fit.pan.y + fit.zoom * 708).toBeCloseTo(24 + (800 - 48 - LEGEND_INSET) / 2, 6);
  });

  it('never zooms in past MAX_FIT_ZOOM: two nodes are not blown up to fill the screen', () => {
    expect(fitViewport({ x1: 0, y1: 0, x2: 120, y2: 40 }, viewport)!.zoom).toBe(MAX_FIT_ZOOM);
  });

  it('has nothing to fit in an empty drawing', () => {
    expect(fitViewport({ x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity }, viewport)).toBeNull();
  });
});

describe('legibility', () => {
  it('asks for labels of at least 11 px on screen', () => {
    expect(isLegibleAt(11.2 / LABEL_FONT_SIZE)).toBe(true);
    expect(isLegibleAt(10.9 / LABEL_FONT_SIZE)).toBe(false);
    expect(legibleZoom() * LABEL_FONT_SIZE).toBeGreaterThanOrEqual(MIN_LABEL_PX);
  });

  it('guesses more room for nodes on a bigger screen', () => {
    expect(nodeCapacity({ width: 1920, height: 1080 })).toBeGreaterThan(nodeCapacity({ width: 1440, height: 800 }));
    expect(nodeCapacity({ width: 100, height: 100 })).toBe(1);
  });
});
