import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { estimateTextWidth, LABEL_FONT_SIZE, NODE_SIZE } from '@/lib/graph/layout/drawing-metrics';
import { edgeNodeCrossings, labelOverlaps, type GeometryEdge, type GeometryNode } from '@/lib/graph/layout/edge-geometry';
import { segmentPoint } from '@/lib/graph/layout/edge-routes';
import { groupId, typeGroups } from '@/lib/graph/layout/group-graph';
import { layoutGraph, type LayoutRequest, type LayoutResult } from '@/lib/graph/layout/layout-graph';
import { MIN_LABEL_PX } from '@/lib/graph/layout/legibility';
import { toGraphNode } from '@/lib/model/api';
import { syntheticGraph } from '@/lib/store/synthetic-graph';
import { toElements } from './to-elements';

/**
 * The layout pipeline (grouping → ELK → routes → cytoscape segment data)
 * on generated estates, checked the way the e2e spec checks the drawing:
 * edges rebuilt from the segment data cytoscape gets, against node boxes.
 */

const elk = new ELK();
const VIEWPORT = { width: 1440, height: 800 };

function estate(n: number) {
  const g = syntheticGraph(n);
  return toElements({ nodes: g.components.map(toGraphNode), edges: g.edges, cycles: [] }).elements;
}

const run = (request: Partial<LayoutRequest> & Pick<LayoutRequest, 'elements'>) =>
  layoutGraph({ mode: 'auto', expand: [], keep: [], viewport: VIEWPORT, algorithm: 'layered', ...request }, elk, estimateTextWidth);

/** What cytoscape will draw: shape boxes, and edges through the points its segment data makes, from shape edge to shape edge. */
function drawnGeometry(result: LayoutResult): { nodes: GeometryNode[]; edges: GeometryEdge[] } {
  const at = new Map<string, { x: number; y: number }>();
  const nodes: GeometryNode[] = [];
  for (const e of result.elements) {
    if (e.group !== 'nodes' || e.data.kind === 'env') continue;
    const p = e.position!;
    at.set(String(e.data.id), p);
    nodes.push({ id: String(e.data.id), box: { x1: p.x - NODE_SIZE / 2, y1: p.y - NODE_SIZE / 2, x2: p.x + NODE_SIZE / 2, y2: p.y + NODE_SIZE / 2 } });
  }
  const edges: GeometryEdge[] = [];
  for (const e of result.elements) {
    if (e.group !== 'edges' || !String(e.classes).includes('routed')) continue;
    const source = at.get(String(e.data.source))!;
    const target = at.get(String(e.data.target))!;
    const weights = String(e.data.segmentWeights ?? '')
      .split(' ')
      .filter(Boolean)
      .map(Number);
    const distances = String(e.data.segmentDistances ?? '')
      .split(' ')
      .filter(Boolean)
      .map(Number);
    const bends = weights.map((w, i) => segmentPoint(w, distances[i], source, target));
    // Cytoscape starts and ends the line on the shapes' borders, towards the first and last bend.
    const first = bends[0] ?? target;
    const last = bends.at(-1) ?? source;
    const toward = (from: { x: number; y: number }, to: { x: number; y: number }) => ({
      x: from.x + Math.sign(to.x - from.x) * (from.x === to.x ? 0 : NODE_SIZE / 2),
      y: from.y + Math.sign(to.y - from.y) * (from.y === to.y ? 0 : NODE_SIZE / 2),
    });
    edges.push({ id: String(e.data.id), source: String(e.data.source), target: String(e.data.target), points: [toward(source, first), ...bends, toward(target, last)] });
  }
  return { nodes, edges };
}

describe('layout pipeline', () => {
  it.each([50, 150, 300])(
    'routes no edge through a node it does not connect, grouped or not (%i components)',
    async (n) => {
      for (const mode of ['auto', 'none'] as const) {
        const result = await run({ elements: estate(n), mode });
        expect(result.layout).toBe('elk');
        const { nodes, edges } = drawnGeometry(result);
        expect(edges.length).toBeGreaterThan(0);
        expect(edgeNodeCrossings(nodes, edges), `${n} ${mode}`).toEqual([]);
      }
    },
    60_000,
  );

  it.each([50, 150])(
    'makes the first view of %i components legible: labels at ≥ 11 px once fitted',
    async (n) => {
      const result = await run({ elements: estate(n) });
      expect(result.fitZoom * LABEL_FONT_SIZE).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    },
    60_000,
  );

  it('collapses only as much as that needs: 150 components fold into groups, 50 keep most of theirs', async () => {
    const small = await run({ elements: estate(50) });
    const big = await run({ elements: estate(150) });
    expect(big.collapsed.length).toBeGreaterThan(small.collapsed.length);
    expect(big.groups.length).toBeGreaterThan(0);
    // Everything shown (none) would be far too small to read.
    const none = await run({ elements: estate(150), mode: 'none' });
    expect(none.fitZoom * LABEL_FONT_SIZE).toBeLessThan(MIN_LABEL_PX);
  }, 60_000);

  it('opens a group the user asked for, reusing the decision for the rest', async () => {
    const elements = estate(150);
    const first = await run({ elements });
    const opened = first.collapsed[0];
    const again = await run({ elements, collapsed: first.collapsed, expand: [opened] });
    expect(again.collapsed).toEqual(first.collapsed);
    expect(again.elements.some((e) => e.data.id === opened)).toBe(false);
    expect(again.groups.map((g) => g.id)).toEqual(first.groups.map((g) => g.id).filter((id) => id !== opened));
  }, 60_000);

  it('never folds a kept component (a focus) into a group', async () => {
    const elements = estate(150);
    const service = 'dev:ecs-service/ecs-0-3';
    const result = await run({ elements, mode: 'type', keep: [service] });
    expect(result.elements.some((e) => e.data.id === service)).toBe(true);
    expect(result.elements.some((e) => e.data.id === groupId('dev', 'ecs-service'))).toBe(true);
    expect(typeGroups(elements, { keep: new Set([service]) }).find((g) => g.id === groupId('dev', 'ecs-service'))!.members).not.toContain(service);
  }, 60_000);

  it('keeps edge labels off nodes', async () => {
    const result = await run({ elements: estate(50) });
    const { nodes } = drawnGeometry(result);
    const labelled = result.elements.filter((e) => e.group === 'edges' && e.data.edgeLabel);
    expect(labelled.length).toBeGreaterThan(0);
    // The label sits on the middle point cytoscape gets; its box (the hover size) is what was kept clear.
    const at = new Map(result.elements.filter((e) => e.position).map((e) => [String(e.data.id), e.position!]));
    const labels = labelled.map((e) => {
      const weights = String(e.data.segmentWeights).split(' ').map(Number);
      const distances = String(e.data.segmentDistances).split(' ').map(Number);
      const mid = (weights.length - 1) / 2;
      const p = segmentPoint(weights[mid], distances[mid], at.get(String(e.data.source))!, at.get(String(e.data.target))!);
      const w = estimateTextWidth(String(e.data.edgeLabel), 12) / 2;
      return { edge: String(e.data.id), box: { x1: p.x - w, y1: p.y - 8, x2: p.x + w, y2: p.y + 8 } };
    });
    expect(labelOverlaps(nodes, labels)).toEqual([]);
  }, 60_000);

  it('is deterministic', async () => {
    const elements = estate(150);
    expect(await run({ elements })).toEqual(await run({ elements }));
  }, 60_000);
});
