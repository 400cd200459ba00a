import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { toGraphNode } from '@/lib/model/api';
import type { Edge } from '@/lib/model/graph';
import { component } from '@/lib/testing/builders';
import { computeLayout, drawLayout, effectiveLayout, type EffectiveLayout } from './graph-layouts';
import { GRAPH_STYLESHEET } from './graph-stylesheet';
import { toElements } from './to-elements';

const edge = (from: string, to: string, path: string): Edge => ({ id: `${from}->${to}#${path}`, from, to, path, rule: 'nickname', dangling: false });

/** A small estate: prod site → api → vpc, and a dev copy of the api. */
const graph = toElements({
  nodes: ['prod:vpc/main', 'prod:serverless-api/orders', 'prod:serverless-site/www', 'dev:vpc/main', 'dev:serverless-api/orders'].map((id) => toGraphNode(component(id))),
  edges: [
    edge('prod:serverless-site/www', 'prod:serverless-api/orders', 'api_nickname'),
    edge('prod:serverless-api/orders', 'prod:vpc/main', 'vpc_nickname'),
    edge('dev:serverless-api/orders', 'dev:vpc/main', 'vpc_nickname'),
    edge('dev:serverless-api/orders', 'prod:vpc/main', 'peer_vpc_nickname'),
  ],
  cycles: [],
});

/** Lays out (in this thread: Node has no workers) and draws on a headless cytoscape, as the canvas does. */
async function drawn(layout: EffectiveLayout) {
  const result = await computeLayout({ elements: graph.elements, layout, mode: 'none', expand: [], keep: [], viewport: { width: 1440, height: 800 } });
  const cy = cytoscape({ headless: true, styleEnabled: true, style: GRAPH_STYLESHEET });
  drawLayout(cy, result, layout);
  return { result, cy, positions: Object.fromEntries(cy.nodes('.component').map((n) => [n.id(), { ...n.position() }])) };
}

describe('the layered layout, drawn', () => {
  it('puts consumers above the providers they depend on', async () => {
    const { positions: pos } = await drawn('elk');
    expect(pos['prod:serverless-site/www'].y).toBeLessThan(pos['prod:serverless-api/orders'].y);
    expect(pos['prod:serverless-api/orders'].y).toBeLessThan(pos['prod:vpc/main'].y);
    expect(pos['dev:serverless-api/orders'].y).toBeLessThan(pos['dev:vpc/main'].y);
  });

  it('draws every edge along its route, the cross-environment one too', async () => {
    const { cy } = await drawn('elk');
    for (const e of graph.elements.filter((el) => el.group === 'edges')) {
      const drawnEdge = cy.getElementById(String(e.data.id));
      expect(drawnEdge.hasClass('routed') || drawnEdge.hasClass('routed-straight'), String(e.data.id)).toBe(true);
    }
    expect(cy.getElementById('dev:serverless-api/orders->prod:vpc/main#peer_vpc_nickname').data('segmentWeights')).toMatch(/^[-\d. ]+$/);
  });

  it('keeps environments apart, each inside its frame', async () => {
    const { cy } = await drawn('elk');
    for (const env of ['dev', 'prod']) {
      const frame = cy.getElementById(`env::${env}`);
      const box = {
        x1: frame.position('x') - frame.data('w') / 2,
        x2: frame.position('x') + frame.data('w') / 2,
        y1: frame.position('y') - frame.data('h') / 2,
        y2: frame.position('y') + frame.data('h') / 2,
      };
      cy.nodes(`.component[env = "${env}"]`).forEach((node) => {
        expect(node.position('x')).toBeGreaterThan(box.x1);
        expect(node.position('x')).toBeLessThan(box.x2);
        expect(node.position('y')).toBeGreaterThan(box.y1);
        expect(node.position('y')).toBeLessThan(box.y2);
      });
    }
  });

  it.each(['elk', 'cose'] as const)('%s gives the same positions every time', async (layout) => {
    const first = await drawn(layout);
    const second = await drawn(layout);
    expect(second.positions).toEqual(first.positions);
  });
});

describe('effectiveLayout', () => {
  it('is the layered layout unless force is asked for a graph it can handle', () => {
    expect(effectiveLayout('layered', 60).name).toBe('elk');
    expect(effectiveLayout('layered', 5000).name).toBe('elk');
    expect(effectiveLayout('force', 60)).toEqual({ name: 'cose', note: null });
    expect(effectiveLayout('force', 5000).name).toBe('elk');
    expect(effectiveLayout('force', 5000).note).toMatch(/force layout/);
  });
});
