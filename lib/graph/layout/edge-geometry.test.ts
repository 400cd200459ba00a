import { describe, expect, it } from 'vitest';
import { boxesOverlap, edgeNodeCrossings, labelOverlaps, segmentIntersectsBox, shrinkBox, type Box, type GeometryEdge, type GeometryNode, type Point } from './edge-geometry';
import { seededRandom } from './seeded-random';

const box = (x1: number, y1: number, x2: number, y2: number): Box => ({ x1, y1, x2, y2 });
const node = (id: string, cx: number, cy: number, size = 30): GeometryNode => ({ id, box: box(cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2) });
const edge = (id: string, source: string, target: string, ...points: Array<[number, number]>): GeometryEdge => ({ id, source, target, points: points.map(([x, y]) => ({ x, y })) });
const p = (x: number, y: number): Point => ({ x, y });

describe('segmentIntersectsBox', () => {
  const square = box(10, 10, 20, 20);

  it('finds a segment straight through the box', () => {
    expect(segmentIntersectsBox(p(0, 15), p(30, 15), square)).toBe(true);
    expect(segmentIntersectsBox(p(15, 0), p(15, 30), square)).toBe(true);
  });

  it('finds a diagonal through the box and a segment that ends inside it', () => {
    expect(segmentIntersectsBox(p(0, 0), p(30, 30), square)).toBe(true);
    expect(segmentIntersectsBox(p(0, 15), p(12, 15), square)).toBe(true);
    expect(segmentIntersectsBox(p(14, 14), p(16, 16), square)).toBe(true);
  });

  it('misses a segment that stops short, passes beside, or whose line (not segment) would cross', () => {
    expect(segmentIntersectsBox(p(0, 15), p(9, 15), square)).toBe(false);
    expect(segmentIntersectsBox(p(0, 21), p(30, 21), square)).toBe(false);
    // The infinite line through these points crosses the box; the segment ends before it.
    expect(segmentIntersectsBox(p(0, 0), p(5, 5), square)).toBe(false);
    // Passes the corner diagonally outside: x + y = 9 never meets x, y ≥ 10.
    expect(segmentIntersectsBox(p(0, 9), p(9, 0), square)).toBe(false);
    // A diagonal that clears the box's top-right corner.
    expect(segmentIntersectsBox(p(15, 0), p(30, 14), square)).toBe(false);
  });

  it('treats the box as closed: a segment along its edge touches it', () => {
    expect(segmentIntersectsBox(p(0, 10), p(30, 10), square)).toBe(true);
  });
});

describe('shrinkBox and boxesOverlap', () => {
  it('shrinks on every side and drops boxes with no inside left', () => {
    expect(shrinkBox(box(0, 0, 10, 4), 1)).toEqual(box(1, 1, 9, 3));
    expect(shrinkBox(box(0, 0, 10, 1), 1)).toBeNull();
  });

  it('overlaps when boxes share any point, not when apart on one axis', () => {
    expect(boxesOverlap(box(0, 0, 10, 10), box(5, 5, 15, 15))).toBe(true);
    expect(boxesOverlap(box(0, 0, 10, 10), box(2, 2, 3, 3))).toBe(true);
    expect(boxesOverlap(box(0, 0, 10, 10), box(11, 0, 20, 10))).toBe(false);
    expect(boxesOverlap(box(0, 0, 10, 10), box(0, 11, 10, 20))).toBe(false);
  });
});

describe('edgeNodeCrossings', () => {
  // a → c drawn straight down, with b sitting between them.
  const column = [node('a', 0, 0), node('b', 0, 100), node('c', 0, 200)];

  it('reports a straight edge passing through a node it does not connect', () => {
    expect(edgeNodeCrossings(column, [edge('a->c', 'a', 'c', [0, 15], [0, 185])])).toEqual([{ edge: 'a->c', node: 'b', segmentIndex: 0 }]);
  });

  it('ignores the edge’s own endpoints, which it always touches', () => {
    expect(edgeNodeCrossings(column, [edge('a->b', 'a', 'b', [0, 0], [0, 100])])).toEqual([]);
  });

  it('accepts a routed edge that bends around the node, and names the segment of a bad bend', () => {
    const around = edge('a->c', 'a', 'c', [0, 15], [0, 50], [60, 50], [60, 150], [0, 150], [0, 185]);
    expect(edgeNodeCrossings(column, [around])).toEqual([]);
    const clipsB = edge('a->c', 'a', 'c', [0, 15], [0, 50], [60, 50], [60, 95], [-60, 95], [0, 185]);
    expect(edgeNodeCrossings(column, [clipsB])).toEqual([{ edge: 'a->c', node: 'b', segmentIndex: 3 }]);
  });

  it('lets an edge graze a node’s border within the tolerance, and not beyond it', () => {
    // b spans x −15…15; a segment at x = 15 runs along its border.
    const grazing = edge('a->c', 'a', 'c', [15, 0], [15, 200]);
    expect(edgeNodeCrossings(column, [grazing])).toEqual([]);
    const inside = edge('a->c', 'a', 'c', [13, 0], [13, 200]);
    expect(edgeNodeCrossings(column, [inside])).toEqual([{ edge: 'a->c', node: 'b', segmentIndex: 0 }]);
    expect(edgeNodeCrossings(column, [inside], { tolerance: 3 })).toEqual([]);
  });

  it('finds a crossing by a long diagonal far across a grid of small nodes', () => {
    const nodes: GeometryNode[] = [];
    for (let i = 0; i < 50; i++) for (let j = 0; j < 50; j++) nodes.push(node(`n${i}-${j}`, i * 200 + 100, j * 200 + 100, 20));
    // From the centre of n0-0 to the centre of n49-49: through every n_i-i on the diagonal in between, and nothing else.
    const diagonal = edge('d', 'n0-0', 'n49-49', [100, 100], [9900, 9900]);
    const crossed = edgeNodeCrossings(nodes, [diagonal]).map((c) => c.node);
    expect(crossed).toHaveLength(48);
    expect(new Set(crossed)).toEqual(new Set(Array.from({ length: 48 }, (_, k) => `n${k + 1}-${k + 1}`)));
  });

  it('finds nodes beyond the area the nodes cover and segments that start outside it', () => {
    const nodes = [node('a', 0, 0), node('b', 500, 0)];
    expect(edgeNodeCrossings(nodes, [edge('x->y', 'x', 'y', [-1000, 0], [1000, 0])]).map((c) => c.node)).toEqual(['a', 'b']);
    expect(edgeNodeCrossings(nodes, [edge('x->y', 'x', 'y', [-1000, 100], [1000, 100])])).toEqual([]);
  });

  it('agrees with testing every segment against every node, on random layouts', () => {
    const random = seededRandom(12);
    for (let round = 0; round < 8; round++) {
      const nodes = Array.from({ length: 200 }, (_, i) => node(`n${i}`, random() * 3000, random() * 2000, 10 + random() * 40));
      const edges = Array.from({ length: 300 }, (_, i) => {
        const source = `n${Math.floor(random() * 200)}`;
        const target = `n${Math.floor(random() * 200)}`;
        const points = Array.from({ length: 2 + Math.floor(random() * 3) }, () => ({ x: random() * 3200 - 100, y: random() * 2200 - 100 }));
        return { id: `e${i}`, source, target, points };
      });
      const expected: Array<{ edge: string; node: string; segmentIndex: number }> = [];
      for (const e of edges) {
        for (let s = 0; s + 1 < e.points.length; s++) {
          for (const n of nodes) {
            const inner = shrinkBox(n.box, 1);
            if (n.id !== e.source && n.id !== e.target && inner && segmentIntersectsBox(e.points[s], e.points[s + 1], inner)) {
              expected.push({ edge: e.id, node: n.id, segmentIndex: s });
            }
          }
        }
      }
      const key = (c: { edge: string; node: string; segmentIndex: number }) => `${c.edge}|${c.segmentIndex}|${c.node}`;
      expect(expected.length).toBeGreaterThan(0);
      expect(edgeNodeCrossings(nodes, edges).map(key).sort()).toEqual(expected.map(key).sort());
    }
  });

  it('handles no nodes, no edges and single-point polylines', () => {
    expect(edgeNodeCrossings([], [edge('e', 'a', 'b', [0, 0], [10, 10])])).toEqual([]);
    expect(edgeNodeCrossings(column, [])).toEqual([]);
    expect(edgeNodeCrossings(column, [edge('e', 'a', 'c', [0, 100])])).toEqual([]);
  });
});

describe('labelOverlaps', () => {
  const nodes = [node('a', 0, 0), node('b', 0, 100)];

  it('reports a label drawn on a node, its own endpoints included', () => {
    const labels = [{ edge: 'a->b', box: box(-20, 90, 20, 98) }];
    expect(labelOverlaps(nodes, labels)).toEqual([{ edge: 'a->b', node: 'b' }]);
  });

  it('reports every node one label covers', () => {
    expect(labelOverlaps(nodes, [{ edge: 'long', box: box(-5, -5, 5, 105) }])).toEqual([
      { edge: 'long', node: 'a' },
      { edge: 'long', node: 'b' },
    ]);
  });

  it('accepts labels in the gap between nodes and labels that only touch a border', () => {
    expect(labelOverlaps(nodes, [{ edge: 'a->b', box: box(-20, 40, 20, 60) }])).toEqual([]);
    // a ends at y = 15; a label from y = 15 down touches it, within the tolerance.
    expect(labelOverlaps(nodes, [{ edge: 'a->b', box: box(-20, 15, 20, 30) }])).toEqual([]);
  });
});
