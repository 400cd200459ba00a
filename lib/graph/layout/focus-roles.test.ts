import { describe, expect, it } from 'vitest';
import { focusRoles } from './focus-roles';

const e = (from: string, to: string, dangling = false) => ({ id: `${from}->${to}`, from, to, dangling });

// site → api → vpc; worker → api; api → zone; other → vpc (a sideways neighbour of api)
const edges = [e('site', 'api'), e('api', 'vpc'), e('worker', 'api'), e('api', 'zone'), e('other', 'vpc'), e('api', 'gone', true)];

describe('focusRoles', () => {
  it('splits what the root depends on from what depends on it, with hop counts', () => {
    const roles = focusRoles('api', edges, 1);
    expect([...roles.dependencies.entries()].sort()).toEqual([['gone', 1], ['vpc', 1], ['zone', 1]]);
    expect([...roles.dependents.entries()].sort()).toEqual([['site', 1], ['worker', 1]]);
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
