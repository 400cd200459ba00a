import { describe, expect, it } from 'vitest';
import { graphOf } from '@/lib/testing/builders';
import { filterGraph } from '../filter-graph';
import { focusRoles, sidewaysCount } from './focus-roles';
import { seededRandom } from './seeded-random';

const e = (from: string, to: string, dangling = false) => ({ id: `${from}->${to}`, from, to, dangling });

// site → api → vpc; worker → api; api → zone; other → vpc (a sideways neighbour of api)
const edges = [e('site', 'api'), e('api', 'vpc'), e('worker', 'api'), e('api', 'zone'), e('other', 'vpc'), e('api', 'gone', true)];

describe('focusRoles', () => {
  it('splits what the root depends on from what depends on it, with hop counts', () => {
    const roles = focusRoles('api', edges, 1);
    expect([...roles.dependencies.entries()].sort()).toEqual([
      ['gone', 1],
      ['vpc', 1],
      ['zone', 1],
    ]);
    expect([...roles.dependents.entries()].sort()).toEqual([
      ['site', 1],
      ['worker', 1],
    ]);
    expect(roles.dependencyEdges.has('api->vpc')).toBe(true);
    expect(roles.dependentEdges.has('site->api')).toBe(true);
  });

  it('gives no role to components reached only sideways', () => {
    const roles = focusRoles('api', edges, 2);
    expect(roles.dependencies.has('other')).toBe(false);
    expect(roles.dependents.has('other')).toBe(false);
  });

  it('stops at the hop limit', () => {
    expect(focusRoles('site', edges, 1).dependencies.has('vpc')).toBe(false);
    expect(focusRoles('site', edges, 2).dependencies.get('vpc')).toBe(2);
  });
});

describe('focusRoles agrees with the server’s focus', () => {
  // Seeded random estates: for every root and hop count, the direction-aware
  // focus the server cuts is exactly the root and the components given a role.
  const estates = Array.from({ length: 6 }, (_, seed) => {
    const random = seededRandom(seed + 1);
    const ids = Array.from({ length: 14 }, (_, i) => `d:t/c${i}`);
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < 24; i++) {
      const [from, to] = [ids[Math.floor(random() * ids.length)], ids[Math.floor(random() * ids.length)]];
      if (from !== to) pairs.push([from, to]);
    }
    const graph = graphOf(pairs, ids);
    return { ...graph, edges: graph.edges.filter((edge, i) => graph.edges.findIndex((other) => other.id === edge.id) === i) };
  });

  it('gives every component of a direction-aware focus a role, and none to what siblings add', () => {
    for (const graph of estates) {
      for (const { id: root } of graph.components) {
        for (const hops of [1, 2, 3]) {
          const focused = filterGraph(graph, { ids: [root], hops });
          const roles = focusRoles(root, focused.edges, hops);
          const withRoles = new Set([root, ...roles.dependencies.keys(), ...roles.dependents.keys()]);
          expect([...withRoles].sort(), `${root} at ${hops}`).toEqual(focused.components.map((c) => c.id).sort());
          expect(
            sidewaysCount(
              roles,
              focused.components.map((c) => c.id),
            ),
          ).toBe(0);

          const wide = filterGraph(graph, { ids: [root], hops, siblings: true });
          const wideRoles = focusRoles(root, wide.edges, hops);
          expect(wideRoles.dependencies).toEqual(roles.dependencies);
          expect(wideRoles.dependents).toEqual(roles.dependents);
          expect(
            sidewaysCount(
              wideRoles,
              wide.components.map((c) => c.id),
            ),
          ).toBe(wide.components.length - withRoles.size);
        }
      }
    }
  });
});
