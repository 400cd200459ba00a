import { describe, expect, it } from 'vitest';
import { graphOf } from '@/lib/testing/builders';
import { dependenciesOf, dependentsOf, indexGraph, neighbourhood, shortestPath } from './graph-index';

// site → api → db → vpc, api → vpc, cache → vpc
const graph = graphOf([
  ['p:site/www', 'p:api/orders'],
  ['p:api/orders', 'p:db/main'],
  ['p:db/main', 'p:vpc/main'],
  ['p:api/orders', 'p:vpc/main'],
  ['p:cache/c', 'p:vpc/main'],
], ['p:lone/x']);
const index = indexGraph(graph);

describe('dependents and dependencies', () => {
  it('walks dependents transitively with the shortest depth and the path that reaches each', () => {
    const reached = dependentsOf(index, 'p:vpc/main');
    expect(reached.map((r) => [r.id, r.depth])).toEqual([
      ['p:db/main', 1],
      ['p:api/orders', 1],
      ['p:cache/c', 1],
      ['p:site/www', 2],
    ]);
    expect(reached[3].via.map((e) => e.from)).toEqual(['p:api/orders', 'p:site/www']);
  });

  it('walks dependencies and honours a depth limit', () => {
    expect(dependenciesOf(index, 'p:site/www').map((r) => r.id)).toEqual(['p:api/orders', 'p:db/main', 'p:vpc/main']);
    expect(dependenciesOf(index, 'p:site/www', 1).map((r) => r.id)).toEqual(['p:api/orders']);
  });

  it('walks on from consumers that reach the start through a dangling edge', () => {
    const withDangling = {
      ...graph,
      edges: [
        ...graph.edges,
        { id: 'x', from: 'p:site/www', to: 'p:new/thing', path: 'new_nickname', rule: 'nickname', dangling: true },
      ],
    };
    expect(dependentsOf(indexGraph(withDangling), 'p:new/thing').map((r) => [r.id, r.depth])).toEqual([['p:site/www', 1]]);
    const chained = { ...withDangling, edges: [...withDangling.edges, { id: 'y', from: 'p:cache/c', to: 'p:site/www', path: 'site_nickname', rule: 'nickname', dangling: false }] };
    expect(dependentsOf(indexGraph(chained), 'p:new/thing').map((r) => r.id)).toEqual(['p:site/www', 'p:cache/c']);
  });

  it('terminates on cycles', () => {
    const cyclic = indexGraph(graphOf([['d:a/a', 'd:b/b'], ['d:b/b', 'd:a/a']]));
    expect(dependentsOf(cyclic, 'd:a/a').map((r) => r.id)).toEqual(['d:b/b']);
  });
});

describe('neighbourhood', () => {
  it('takes n hops in both directions with the edges among them', () => {
    const one = neighbourhood(index, ['p:db/main'], 1);
    expect(one.components.map((c) => c.id)).toEqual(['p:api/orders', 'p:db/main', 'p:vpc/main']);
    expect(one.edges).toHaveLength(3);
    const two = neighbourhood(index, ['p:db/main'], 2);
    expect(two.components.map((c) => c.id)).toEqual(['p:api/orders', 'p:cache/c', 'p:db/main', 'p:site/www', 'p:vpc/main']);
  });
});

describe('shortestPath', () => {
  it('finds the fewest edges along dependency direction', () => {
    expect(shortestPath(index, 'p:site/www', 'p:vpc/main')!.map((e) => e.to)).toEqual(['p:api/orders', 'p:vpc/main']);
  });

  it('answers null against the direction unless undirected', () => {
    expect(shortestPath(index, 'p:vpc/main', 'p:site/www')).toBeNull();
    expect(shortestPath(index, 'p:cache/c', 'p:db/main', { undirected: true })!.length).toBe(2);
    expect(shortestPath(index, 'p:lone/x', 'p:vpc/main', { undirected: true })).toBeNull();
  });
});
