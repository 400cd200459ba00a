import { describe, expect, it } from 'vitest';
import { placeLabel, RectIndex, routeOf, segmentPoint, segmentPoints, segmentStyle, type Point } from './edge-routes';

const onSegment = (p: Point, a: Point, b: Point) =>
  Math.abs((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)) < 1e-9 &&
  p.x >= Math.min(a.x, b.x) - 1e-9 &&
  p.x <= Math.max(a.x, b.x) + 1e-9 &&
  p.y >= Math.min(a.y, b.y) - 1e-9 &&
  p.y <= Math.max(a.y, b.y) + 1e-9;
const onRoute = (p: Point, route: Point[]) => route.slice(1).some((b, i) => onSegment(p, route[i], b));

describe('segmentStyle', () => {
  it('gives weights along and distances across the line between the node centres, as cytoscape reads them', () => {
    const source = { x: 0, y: 0 };
    const target = { x: 0, y: 100 };
    // Straight down: (−dy, dx)/|d| = (−1, 0), so a point to the left is a positive distance.
    expect(segmentStyle([{ x: -20, y: 50 }], source, target)).toEqual({ weights: [0.5], distances: [20] });
  });

  it('is undone exactly by segmentPoint, for any pair of centres', () => {
    const cases: Array<[Point, Point, Point[]]> = [
      [
        { x: 10, y: 20 },
        { x: 310, y: 420 },
        [
          { x: 10, y: 60 },
          { x: 200, y: 60 },
          { x: 200, y: 380 },
          { x: 310, y: 380 },
        ],
      ],
      [
        { x: 500, y: 400 },
        { x: 20, y: 30 },
        [
          { x: 500, y: 450 },
          { x: 700, y: 450 },
          { x: 700, y: -10 },
          { x: 20, y: -10 },
        ],
      ],
    ];
    for (const [source, target, points] of cases) {
      const { weights, distances } = segmentStyle(points, source, target);
      points.forEach((p, i) => {
        const back = segmentPoint(weights[i], distances[i], source, target);
        expect(back.x).toBeCloseTo(p.x, 9);
        expect(back.y).toBeCloseTo(p.y, 9);
      });
    }
  });
});

describe('segmentPoints', () => {
  const route = [
    { x: 0, y: 0 },
    { x: 0, y: 40 },
    { x: 300, y: 40 },
    { x: 300, y: 200 },
    { x: 340, y: 200 },
    { x: 340, y: 240 },
  ];

  it('without a label: the bends', () => {
    expect(segmentPoints(route, null)).toEqual(route.slice(1, -1));
  });

  it('puts the label point in the middle (where cytoscape draws the label), every point on the route', () => {
    for (const [segment, point] of [
      [0, { x: 0, y: 20 }],
      [1, { x: 150, y: 40 }],
      [3, { x: 320, y: 200 }],
      [4, { x: 340, y: 230 }],
    ] as Array<[number, Point]>) {
      const points = segmentPoints(route, { segment, point, box: { x1: 0, y1: 0, x2: 0, y2: 0 } });
      expect(points.length % 2).toBe(1);
      expect(points[(points.length - 1) / 2]).toEqual(point);
      for (const p of points) expect(onRoute(p, route)).toBe(true);
      // The bends are all still there, in order.
      const bends = route.slice(1, -1);
      expect(points.filter((p) => bends.some((b) => b.x === p.x && b.y === p.y))).toEqual(bends);
    }
  });
});

describe('placeLabel', () => {
  const route = [
    { x: 0, y: 0 },
    { x: 0, y: 100 },
    { x: 200, y: 100 },
    { x: 200, y: 200 },
  ];
  const size = { width: 60, height: 14 };

  it('puts the label at the middle of the route when nothing is in the way', () => {
    expect(placeLabel(route, size, new RectIndex())?.point).toEqual({ x: 100, y: 100 });
  });

  it('moves along the route to a spot where its box meets no node', () => {
    const node = { x1: 60, y1: 80, x2: 140, y2: 120 };
    const spot = placeLabel(route, size, new RectIndex([node]));
    expect(spot).not.toBeNull();
    const { box } = spot!;
    expect(box.x2 < node.x1 || box.x1 > node.x2 || box.y2 < node.y1 || box.y1 > node.y2).toBe(true);
    expect(onRoute(spot!.point, route)).toBe(true);
  });

  it('gives up when every spot meets a node', () => {
    expect(placeLabel(route, size, new RectIndex([{ x1: -100, y1: -100, x2: 300, y2: 300 }]))).toBeNull();
  });
});

describe('routeOf', () => {
  it('joins an edge’s sections from source to target', () => {
    const edge = {
      id: 'e',
      sources: ['a'],
      targets: ['b'],
      sections: [
        { id: 's2', startPoint: { x: 10, y: 50 }, endPoint: { x: 10, y: 90 }, incomingSections: ['s1'] },
        { id: 's1', startPoint: { x: 0, y: 0 }, bendPoints: [{ x: 0, y: 50 }], endPoint: { x: 10, y: 50 }, outgoingSections: ['s2'] },
      ],
    };
    expect(routeOf(edge)).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 50 },
      { x: 10, y: 50 },
      { x: 10, y: 90 },
    ]);
  });
});
