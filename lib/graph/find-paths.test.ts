import { describe, expect, it } from 'vitest';
import type { Edge, Graph } from '@/lib/model/graph';
import { graphOf } from '@/lib/testing/builders';
import { findPaths } from './filter-graph';
import { MAX_PATHS, startPathSearch } from './find-paths';

// site → api → db → vpc, api → vpc, cache → vpc
const layered = graphOf(
  [
    ['p:site/www', 'p:api/orders'],
    ['p:api/orders', 'p:db/main'],
    ['p:db/main', 'p:vpc/main'],
    ['p:api/orders', 'p:vpc/main'],
    ['p:cache/c', 'p:vpc/main'],
  ],
  ['p:lone/x'],
);

const paths = (graph: Graph, from: string, to: string) => findPaths(graph, { from, to }).paths;

describe('shortest dependency paths', () => {
  it('takes the fewest edges from a consumer to what it depends on', () => {
    expect(paths(layered, 'p:site/www', 'p:vpc/main')).toEqual({
      from: 'p:site/www',
      to: 'p:vpc/main',
      direction: 'forward',
      hops: 2,
      paths: [['p:site/www', 'p:api/orders', 'p:vpc/main']],
      total: 1,
    });
  });

  it('checks the other direction too, and lists the path consumer first', () => {
    expect(paths(layered, 'p:vpc/main', 'p:site/www')).toMatchObject({ direction: 'backward', hops: 2, paths: [['p:site/www', 'p:api/orders', 'p:vpc/main']], total: 1 });
  });

  it('has no path between components that only share a provider, nor to a lone one', () => {
    expect(paths(layered, 'p:cache/c', 'p:db/main')).toMatchObject({ direction: 'none', hops: null, paths: [], total: 0 });
    expect(paths(layered, 'p:lone/x', 'p:vpc/main').direction).toBe('none');
  });

  it('lists every shortest path, in a fixed order', () => {
    const diamond = graphOf([
      ['d:a/a', 'd:c/c'],
      ['d:a/a', 'd:b/b'],
      ['d:b/b', 'd:z/z'],
      ['d:c/c', 'd:z/z'],
      ['d:a/a', 'd:x/x'],
      ['d:x/x', 'd:y/y'],
      ['d:y/y', 'd:z/z'],
    ]);
    expect(paths(diamond, 'd:a/a', 'd:z/z')).toMatchObject({
      hops: 2,
      paths: [
        ['d:a/a', 'd:b/b', 'd:z/z'],
        ['d:a/a', 'd:c/c', 'd:z/z'],
      ],
      total: 2,
    });
  });

  it(`counts every shortest path but lists at most ${MAX_PATHS}`, () => {
    // a → m0..m4 → n0..n4 → z: 25 paths of 3 hops.
    const layer = (name: string) => Array.from({ length: 5 }, (_, i) => `d:${name}/${i}`);
    const pairs: Array<[string, string]> = [
      ...layer('m').map((m): [string, string] => ['d:a/a', m]),
      ...layer('m').flatMap((m) => layer('n').map((n): [string, string] => [m, n])),
      ...layer('n').map((n): [string, string] => [n, 'd:z/z']),
    ];
    const found = paths(graphOf(pairs), 'd:a/a', 'd:z/z');
    expect(found).toMatchObject({ direction: 'forward', hops: 3, total: 25 });
    expect(found.paths).toHaveLength(MAX_PATHS);
    expect(new Set(found.paths.map((p) => p.join(' '))).size).toBe(MAX_PATHS);
  });

  it('counts a path once however many references join two components, and draws each of them', () => {
    const twice = graphOf([['d:a/a', 'd:b/b']]);
    const second: Edge = { ...twice.edges[0], id: 'd:a/a->d:b/b#other_nickname', path: 'other_nickname' };
    const graph = { ...twice, edges: [...twice.edges, second] };
    const read = findPaths(graph, { from: 'd:a/a', to: 'd:b/b' });
    expect(read.paths).toMatchObject({ hops: 1, paths: [['d:a/a', 'd:b/b']], total: 1 });
    expect(read.graph.edges).toHaveLength(2);
  });

  it('reports both directions when a cycle makes them equally short, and terminates on cycles', () => {
    const cycle = graphOf(
      [
        ['d:x/x', 'd:y/y'],
        ['d:y/y', 'd:x/x'],
      ],
      ['d:lone/l'],
    );
    expect(paths(cycle, 'd:x/x', 'd:y/y')).toMatchObject({
      direction: 'both',
      hops: 1,
      paths: [
        ['d:x/x', 'd:y/y'],
        ['d:y/y', 'd:x/x'],
      ],
      total: 2,
    });
    expect(paths(cycle, 'd:x/x', 'd:lone/l').direction).toBe('none');
    // A longer way back does not count: the shorter direction wins.
    const uneven = graphOf([
      ['d:x/x', 'd:y/y'],
      ['d:y/y', 'd:m/m'],
      ['d:m/m', 'd:x/x'],
    ]);
    expect(paths(uneven, 'd:x/x', 'd:y/y')).toMatchObject({ direction: 'forward', hops: 1, total: 1 });
    expect(paths(uneven, 'd:y/y', 'd:x/x')).toMatchObject({ direction: 'backward', hops: 1, paths: [['d:x/x', 'd:y/y']] });
  });

  it('does not walk dangling edges', () => {
    const search = startPathSearch('d:a/a', 'd:b/b');
    search.advance({ forward: [{ id: 'e', from: 'd:a/a', to: 'd:b/b', path: 'b_nickname', rule: 'nickname', dangling: true }], backward: [] });
    expect(search.isDone()).toBe(true);
    expect(search.result().direction).toBe('none');
  });

  it('ignores edges fed for ids outside the frontier, and has no path from a component to itself', () => {
    const search = startPathSearch('d:a/a', 'd:c/c');
    search.advance({ forward: [{ id: 'e', from: 'd:b/b', to: 'd:c/c', path: 'c_nickname', rule: 'nickname', dangling: false }], backward: [] });
    expect(search.result().direction).toBe('none');
    const self = startPathSearch('d:a/a', 'd:a/a');
    expect(self.isDone()).toBe(true);
    expect(self.frontier('forward')).toEqual([]);
    expect(self.result().direction).toBe('none');
  });
});
