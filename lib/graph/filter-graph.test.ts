import { describe, expect, it } from 'vitest';
import { component, graphOf } from '@/lib/testing/builders';
import { filterGraph, findPaths } from './filter-graph';

const base = graphOf([
  ['dev:api/a', 'dev:vpc/main'],
  ['prod:api/a', 'prod:vpc/main'],
  ['prod:site/www', 'prod:api/a'],
]);
const graph = {
  ...base,
  components: base.components.map((c) => (c.id === 'prod:api/a' ? component(c.id, { drift: { status: 'pending' as const, reasons: [], deployedConfigVersion: 1 } }) : c)),
};

describe('filterGraph', () => {
  it('keeps only the asked environments and types, with the edges among what is kept', () => {
    const prodApis = filterGraph(graph, { env: ['prod'], type: ['api', 'vpc'] });
    expect(prodApis.components.map((c) => c.id)).toEqual(['prod:api/a', 'prod:vpc/main']);
    expect(prodApis.edges.map((e) => e.id)).toEqual([expect.stringMatching(/^prod:api\/a->prod:vpc\/main/)]);
  });

  it('filters by drift status', () => {
    expect(filterGraph(graph, { status: ['pending'] }).components.map((c) => c.id)).toEqual(['prod:api/a']);
  });

  it('focuses on ids plus n hops inside the filtered set', () => {
    expect(filterGraph(graph, { ids: ['prod:vpc/main'], hops: 1 }).components.map((c) => c.id)).toEqual(['prod:api/a', 'prod:vpc/main']);
    expect(filterGraph(graph, { ids: ['prod:vpc/main'], hops: 2 }).components).toHaveLength(3);
    expect(filterGraph(graph, { ids: ['prod:vpc/main'], hops: 2, type: ['vpc', 'site'] }).components.map((c) => c.id)).toEqual(['prod:vpc/main']);
  });

  it('focuses direction-aware unless siblings are asked for', () => {
    // prod:site/www and prod:worker/w both use prod:api/a; from the site, the worker is sideways.
    const shared = graphOf([
      ['prod:site/www', 'prod:api/a'],
      ['prod:worker/w', 'prod:api/a'],
    ]);
    expect(filterGraph(shared, { ids: ['prod:site/www'], hops: 2 }).components.map((c) => c.id)).toEqual(['prod:api/a', 'prod:site/www']);
    expect(filterGraph(shared, { ids: ['prod:site/www'], hops: 2, siblings: true }).components.map((c) => c.id)).toEqual(['prod:api/a', 'prod:site/www', 'prod:worker/w']);
  });
});

describe('findPaths', () => {
  it('finds the path inside the filters only', () => {
    expect(findPaths(graph, { from: 'prod:site/www', to: 'prod:vpc/main' }).paths).toMatchObject({
      direction: 'forward',
      hops: 2,
      paths: [['prod:site/www', 'prod:api/a', 'prod:vpc/main']],
    });
    expect(findPaths(graph, { from: 'prod:site/www', to: 'prod:vpc/main', type: ['site', 'vpc'] }).paths).toMatchObject({ direction: 'none', hops: null, paths: [], total: 0 });
  });

  it('answers only what lies on the paths', () => {
    const { graph: drawn } = findPaths(graph, { from: 'prod:vpc/main', to: 'prod:site/www' });
    expect(drawn.components.map((c) => c.id)).toEqual(['prod:api/a', 'prod:site/www', 'prod:vpc/main']);
    expect(drawn.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['prod:api/a>prod:vpc/main', 'prod:site/www>prod:api/a']);
    expect(drawn.ignoredParameters).toEqual([]);
  });

  it('has no path from or to an unknown component, or one outside the filters', () => {
    expect(findPaths(graph, { from: 'prod:nope/x', to: 'prod:vpc/main' })).toEqual({
      graph: { components: [], edges: [], cycles: [], ignoredParameters: [] },
      paths: { from: 'prod:nope/x', to: 'prod:vpc/main', direction: 'none', hops: null, paths: [], total: 0 },
    });
    expect(findPaths(graph, { from: 'prod:site/www', to: 'prod:vpc/main', env: ['dev'] }).paths.direction).toBe('none');
  });
});
