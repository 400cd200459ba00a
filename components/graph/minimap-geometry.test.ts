import { describe, expect, it } from 'vitest';
import { fitTransform, panToCentre, toMinimap, toModel, unionBounds, viewportRect } from './minimap-geometry';

describe('unionBounds', () => {
  it('spans every point and box', () => {
    expect(
      unionBounds(
        [
          { x: 10, y: 5 },
          { x: -4, y: 40 },
        ],
        [{ x1: 0, y1: -20, x2: 30, y2: 10 }],
      ),
    ).toEqual({ x1: -4, y1: -20, x2: 30, y2: 40 });
  });
  it('is null for an empty graph', () => {
    expect(unionBounds([])).toBeNull();
  });
});

describe('fitTransform', () => {
  const size = { width: 200, height: 100 };
  it('fits a wide graph to the width and centres it vertically', () => {
    const t = fitTransform({ x1: 0, y1: 0, x2: 1000, y2: 100 }, size, 10);
    expect(t.scale).toBeCloseTo(0.18);
    expect(toMinimap(t, { x: 0, y: 0 })).toEqual({ x: 10, y: 41 });
    expect(toMinimap(t, { x: 1000, y: 100 }).x).toBeCloseTo(190);
  });
  it('fits a tall graph to the height and centres it horizontally', () => {
    const t = fitTransform({ x1: -50, y1: -500, x2: 50, y2: 500 }, size, 0);
    expect(t.scale).toBeCloseTo(0.1);
    expect(toMinimap(t, { x: 0, y: 0 })).toEqual({ x: 100, y: 50 });
  });
  it('maps minimap points back to the model points they show', () => {
    const t = fitTransform({ x1: 120, y1: -80, x2: 900, y2: 400 }, size, 6);
    const p = { x: 345.5, y: 12.25 };
    const back = toModel(t, toMinimap(t, p));
    expect(back.x).toBeCloseTo(p.x);
    expect(back.y).toBeCloseTo(p.y);
  });
});

describe('viewportRect', () => {
  const t = { scale: 0.1, dx: 0, dy: 0 };
  const size = { width: 200, height: 100 };
  it('draws the visible part of the model', () => {
    expect(viewportRect(t, { x1: 100, y1: 200, x2: 600, y2: 500 }, size)).toEqual({ x: 10, y: 20, width: 50, height: 30 });
  });
  it('clips a view larger than the graph to the minimap', () => {
    expect(viewportRect(t, { x1: -1000, y1: -1000, x2: 5000, y2: 5000 }, size)).toEqual({ x: 0, y: 0, width: 200, height: 100 });
  });
});

describe('panToCentre', () => {
  it('puts the point at the centre of the view', () => {
    const pan = panToCentre({ x: 300, y: -40 }, 0.5, { width: 1000, height: 600 });
    // rendered = model * zoom + pan
    expect(300 * 0.5 + pan.x).toBe(500);
    expect(-40 * 0.5 + pan.y).toBe(300);
  });
});
