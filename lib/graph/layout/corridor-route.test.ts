import { describe, expect, it } from 'vitest';
import { routeBetweenFrames, simplifyRoute } from './corridor-route';
import { segmentIntersectsBox } from './edge-geometry';
import type { Point, Rect } from './edge-routes';

const shrink = (r: Rect, by = 1): Rect => ({ x1: r.x1 + by, y1: r.y1 + by, x2: r.x2 - by, y2: r.y2 - by });

function expectClear(route: Point[], frames: Rect[]) {
  for (let i = 0; i + 1 < route.length; i++) {
    const [a, b] = [route[i], route[i + 1]];
    // Orthogonal, and never through a frame (touching its border at the two ports is fine).
    expect(a.x === b.x || a.y === b.y).toBe(true);
    for (const frame of frames) expect(segmentIntersectsBox(a, b, shrink(frame))).toBe(false);
  }
}

describe('routeBetweenFrames', () => {
  it('leaves downwards, goes round a frame beside it and arrives from above', () => {
    const dev = { x1: 0, y1: 0, x2: 400, y2: 300 };
    const prod = { x1: 472, y1: 0, x2: 900, y2: 500 };
    const from = { x: 200, y: 300 };
    const to = { x: 600, y: 0 };
    const route = routeBetweenFrames([dev, prod], from, to, { lane: 20 })!;
    expect(route[0]).toEqual(from);
    expect(route[1]).toMatchObject({ x: 200 });
    expect(route[1].y).toBeGreaterThan(from.y);
    expect(route.at(-1)).toEqual(to);
    expect(route.at(-2)).toMatchObject({ x: 600 });
    expect(route.at(-2)!.y).toBeLessThan(to.y);
    expectClear(route, [dev, prod]);
  });

  it('goes straight down to a frame below', () => {
    const top = { x1: 0, y1: 0, x2: 400, y2: 300 };
    const below = { x1: 0, y1: 372, x2: 400, y2: 600 };
    const route = routeBetweenFrames([top, below], { x: 100, y: 300 }, { x: 300, y: 372 }, { lane: 20 })!;
    expect(route).toEqual([
      { x: 100, y: 300 },
      { x: 100, y: 320 },
      { x: 300, y: 320 },
      { x: 300, y: 372 },
    ]);
    expectClear(route, [top, below]);
  });

  it('finds its way round a frame in between', () => {
    const a = { x1: 0, y1: 0, x2: 300, y2: 200 };
    const wall = { x1: -200, y1: 272, x2: 900, y2: 500 };
    const b = { x1: 0, y1: 572, x2: 300, y2: 800 };
    const route = routeBetweenFrames([a, wall, b], { x: 150, y: 200 }, { x: 150, y: 572 }, { lane: 24 })!;
    expectClear(route, [a, wall, b]);
    expect(route.some((p) => p.x < wall.x1 || p.x > wall.x2)).toBe(true);
  });
});

describe('simplifyRoute', () => {
  it('drops repeated points and points in the middle of a straight run', () => {
    expect(
      simplifyRoute([
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 0, y: 10 },
        { x: 0, y: 20 },
        { x: 5, y: 20 },
      ]),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 20 },
      { x: 5, y: 20 },
    ]);
  });
});
