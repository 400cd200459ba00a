import { describe, expect, it } from 'vitest';
import { component, graphOf } from '@/lib/testing/builders';
import { filterGraph } from './filter-graph';

const base = graphOf([
  ['dev:api/a', 'dev:vpc/main'],
  ['prod:api/a', 'prod:vpc/main'],
  ['prod:site/www', 'prod:api/a'],
]);
const graph = {
  ...base,
  components: base.components.map((c) =>
    c.id === 'prod:api/a' ? component(c.id, { drift: { status: 'pending' as const, reasons: [], deployedConfigVersion: 1 } }) : c,
  ),
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
});
