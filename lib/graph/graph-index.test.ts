import { describe, expect, it } from 'vitest';
import { graphOf } from '@/lib/testing/builders';
import { dependenciesOf, dependentsOf, indexGraph, neighbourhood } from './graph-index';

// site → api → db → vpc, api → vpc, cache → vpc
const graph = graphOf(
  [
    ['p:site/www', 'p:api/orders'],
    ['p:api/orders', 'p:db/main'],
    ['p:db/main', 'p:vpc/main'],
    ['p:api/orders', 'p:vpc/main'],
    ['p:cache/c', 'p:vpc/main'],
  ],
  ['p:lone/x'],
);
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
      edges: [...graph.edges, { id: 'x', from: 'p:site/www', to: 'p:new/thing', path: 'new_nickname', rule: 'nickname', dangling: true }],
    };
    expect(dependentsOf(indexGraph(withDangling), 'p:new/thing').map((r) => [r.id, r.depth])).toEqual([['p:site/www', 1]]);
    const chained = { ...withDangling, edges: [...withDangling.edges, { id: 'y', from: 'p:cache/c', to: 'p:site/www', path: 'site_nickname', rule: 'nickname', dangling: false }] };
    expect(dependentsOf(indexGraph(chained), 'p:new/thing').map((r) => r.id)).toEqual(['p:site/www', 'p:cache/c']);
  });

  it('terminates on cycles', () => {
    const cyclic = indexGraph(
      graphOf([
        ['d:a/a', 'd:b/b'],
        ['d:b/b', 'd:a/a'],
      ]),
    );
    expect(dependentsOf(cyclic, 'd:a/a').map((r) => r.id)).toEqual(['d:b/b']);
  });
});

describe('neighbourhood', () => {
  const ids = (g: { components: Array<{ id: string }> }) => g.components.map((c) => c.id);

  it('takes dependencies forward and dependents backward, n hops each, with the edges among them', () => {
    const one = neighbourhood(index, ['p:db/main'], 1);
    expect(ids(one)).toEqual(['p:api/orders', 'p:db/main', 'p:vpc/main']);
    expect(one.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['p:api/orders>p:db/main', 'p:db/main>p:vpc/main', 'p:api/orders>p:vpc/main']);
    // cache → vpc is a sibling of db (another consumer of its provider): not a dependency, not a dependent.
    expect(ids(neighbourhood(index, ['p:db/main'], 2))).toEqual(['p:api/orders', 'p:db/main', 'p:site/www', 'p:vpc/main']);
  });

  it('adds what lies sideways only when siblings are asked for', () => {
    expect(ids(neighbourhood(index, ['p:db/main'], 2, { siblings: true }))).toEqual(['p:api/orders', 'p:cache/c', 'p:db/main', 'p:site/www', 'p:vpc/main']);
    expect(ids(neighbourhood(index, ['p:db/main'], 1, { siblings: true }))).toEqual(['p:api/orders', 'p:db/main', 'p:vpc/main']);
  });

  it('walks each direction on its own, so a cycle does not cut the other side short', () => {
    // s → t → s, w → t: w depends on s through t, though t is also what s depends on.
    const cyclic = indexGraph(
      graphOf([
        ['d:s/s', 'd:t/t'],
        ['d:t/t', 'd:s/s'],
        ['d:w/w', 'd:t/t'],
      ]),
    );
    expect(ids(neighbourhood(cyclic, ['d:s/s'], 1))).toEqual(['d:s/s', 'd:t/t']);
    expect(ids(neighbourhood(cyclic, ['d:s/s'], 2))).toEqual(['d:s/s', 'd:t/t', 'd:w/w']);
  });

  it('keeps the dangling edges of what it returns, drops unknown ids, and takes several ids at once', () => {
    const dangling = { id: 'x', from: 'p:db/main', to: 'p:gone/x', path: 'gone_nickname', rule: 'nickname', dangling: true };
    const withDangling = indexGraph({ ...graph, edges: [...graph.edges, dangling] });
    const found = neighbourhood(withDangling, ['p:db/main', 'p:nope/x'], 1);
    expect(ids(found)).toEqual(['p:api/orders', 'p:db/main', 'p:vpc/main']);
    expect(found.edges).toContainEqual(dangling);
    expect(ids(neighbourhood(index, ['p:site/www', 'p:cache/c'], 1))).toEqual(['p:api/orders', 'p:cache/c', 'p:site/www', 'p:vpc/main']);
    expect(ids(neighbourhood(index, ['p:db/main'], 0))).toEqual(['p:db/main']);
    expect(ids(neighbourhood(index, ['p:nope/x'], 3))).toEqual([]);
  });
});
