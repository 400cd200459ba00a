import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { toGraphNode } from '@/lib/model/api';
import type { Edge } from '@/lib/model/graph';
import { component } from '@/lib/testing/builders';
import { effectiveLayout, registerLayouts, runLayout } from './graph-layouts';
import { GRAPH_STYLESHEET } from './graph-stylesheet';
import { toElements } from './to-elements';

registerLayouts(cytoscape);

const edge = (from: string, to: string, path: string): Edge => ({ id: `${from}->${to}#${path}`, from, to, path, rule: 'nickname', dangling: false });

/** A small estate: prod site → api → vpc, and a dev copy of the api. */
function drawn(names: Array<'dagre' | 'karma-layered' | 'cose'>) {
  const nodes = ['prod:vpc/main', 'prod:serverless-api/orders', 'prod:serverless-site/www', 'dev:vpc/main', 'dev:serverless-api/orders'].map((id) => toGraphNode(component(id)));
  const edges = [
    edge('prod:serverless-site/www', 'prod:serverless-api/orders', 'api_nickname'),
    edge('prod:serverless-api/orders', 'prod:vpc/main', 'vpc_nickname'),
    edge('dev:serverless-api/orders', 'dev:vpc/main', 'vpc_nickname'),
  ];
  return names.map((name) => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: GRAPH_STYLESHEET, elements: toElements({ nodes, edges, cycles: [] }).elements });
    runLayout(cy, name);
    return Object.fromEntries(cy.nodes('.component').map((n) => [n.id(), { ...n.position() }]));
  });
}

describe('runLayout', () => {
  it.each(['dagre', 'karma-layered'] as const)('%s puts consumers above the providers they depend on', (name) => {
    const [pos] = drawn([name]);
    expect(pos['prod:serverless-site/www'].y).toBeLessThan(pos['prod:serverless-api/orders'].y);
    expect(pos['prod:serverless-api/orders'].y).toBeLessThan(pos['prod:vpc/main'].y);
    expect(pos['dev:serverless-api/orders'].y).toBeLessThan(pos['dev:vpc/main'].y);
  });

  it.each(['dagre', 'karma-layered', 'cose'] as const)('%s gives the same positions every time', (name) => {
    const [first, second] = drawn([name, name]);
    expect(second).toEqual(first);
  });

  it('keeps environments apart', () => {
    const [pos] = drawn(['dagre']);
    const dev = [pos['dev:vpc/main'], pos['dev:serverless-api/orders']];
    const prod = [pos['prod:vpc/main'], pos['prod:serverless-api/orders'], pos['prod:serverless-site/www']];
    const apart = (a: typeof dev, b: typeof dev, axis: 'x' | 'y') => Math.max(...a.map((p) => p[axis])) < Math.min(...b.map((p) => p[axis]));
    expect(apart(dev, prod, 'x') || apart(dev, prod, 'y')).toBe(true);
  });
});

describe('effectiveLayout', () => {
  it('uses dagre for small graphs, the linear layered layout for big ones, and refuses force when too big', () => {
    expect(effectiveLayout('layered', 60).name).toBe('dagre');
    expect(effectiveLayout('layered', 2000).name).toBe('karma-layered');
    expect(effectiveLayout('force', 60)).toEqual({ name: 'cose', note: null });
    expect(effectiveLayout('force', 5000).name).toBe('karma-layered');
    expect(effectiveLayout('force', 5000).note).toMatch(/force layout/);
  });
});
