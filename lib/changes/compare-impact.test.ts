import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@/lib/model/json';
import type { SimulationResult, ValidationIssue } from '@/lib/model/simulation';
import { compareImpact } from './compare-impact';

function impact(
  overrides: {
    risk?: 'low' | 'medium' | 'high';
    dependents?: string[];
    truncated?: boolean;
    errors?: ValidationIssue[];
    baseVersion?: number | null;
    conflicts?: string[];
    redeploy?: number;
  } = {},
): SimulationResult {
  const dependents = overrides.dependents ?? ['dev:ecs-cluster/core'];
  const facts = {
    componentId: 'dev:vpc/main',
    env: 'dev',
    type: 'vpc',
    nickname: 'main',
    action: 'update' as const,
    isNew: false,
    baseVersion: overrides.baseVersion === undefined ? 3 : overrides.baseVersion,
    simulatedAt: '2026-11-20T10:00:00.000Z',
    errors: overrides.errors ?? [],
    warnings: [],
    proposedConfig: '{}',
    size: { bytes: 2, limit: 4096, tier: 'Standard' as const },
    schema: 'valid' as const,
    diff: [],
    references: { added: [], removed: [], unchanged: [], broken: [] },
  };
  const redeploy = overrides.redeploy ?? 1;
  return {
    ...facts,
    isDocument: true,
    isValid: (overrides.errors ?? []).length === 0,
    members: [{ ...facts, isDocument: true }],
    consequences: {
      counts: { must_redeploy: redeploy, stale_copy: 0, unaffected: dependents.length - redeploy },
      changedOutputs: [],
      dependents: [],
      staleCopies: [],
      isTruncated: false,
    },
    blastRadius: {
      total: dependents.length,
      groups: [],
      components: dependents.map((id) => ({ id, env: 'dev', type: id.split(':')[1].split('/')[0], nickname: id.split('/')[1], depth: 1, via: [] })),
      isTruncated: overrides.truncated ?? false,
    },
    conflicts: (overrides.conflicts ?? []).map((id) => ({ id, title: 't', status: 'open', author: 'a', componentId: 'dev:vpc/main', relation: 'same_component' })),
    risk: { level: overrides.risk ?? 'medium', reasons: [] },
    rollout: null,
  };
}

const stored = (result: SimulationResult) => JSON.parse(JSON.stringify(result)) as JsonValue;
const cidrError: ValidationIssue = { code: 'schema', message: 'cidr: must match format "cidr"', path: 'cidr', line: null, column: null };

describe('the impact now against the impact at submission', () => {
  it('finds nothing when the graph did not move under the proposal', () => {
    expect(compareImpact(stored(impact()), impact())).toEqual([]);
  });

  it('reports a different risk level, blast radius (who joined, who left) and base version', () => {
    const now = impact({ risk: 'high', dependents: ['dev:ecs-service/web', 'dev:lambda/jobs'], baseVersion: 4 });
    expect(compareImpact(stored(impact()), now)).toEqual([
      { kind: 'base_version', before: 3, after: 4, message: 'Simulated against version 4; the request was simulated against version 3' },
      { kind: 'risk', before: 'medium', after: 'high', message: 'The risk is now high (it was medium at submission)' },
      {
        kind: 'blast_radius',
        before: 1,
        after: 2,
        added: ['dev:ecs-service/web', 'dev:lambda/jobs'],
        removed: ['dev:ecs-cluster/core'],
        message: 'The blast radius is now 2 components (it was 1)',
      },
    ]);
  });

  it('reports a blast radius with the same size but other members', () => {
    const [difference] = compareImpact(stored(impact()), impact({ dependents: ['dev:lambda/jobs'] }));
    expect(difference).toMatchObject({ kind: 'blast_radius', before: 1, after: 1, added: ['dev:lambda/jobs'], removed: ['dev:ecs-cluster/core'] });
  });

  it('only counts when a list was cut short at its limit', () => {
    const [difference] = compareImpact(stored(impact({ truncated: true })), impact({ dependents: ['a:b/c', 'a:b/d'], truncated: true }));
    expect(difference).toMatchObject({ kind: 'blast_radius', before: 1, after: 2, added: [], removed: [] });
  });

  it('reports validation errors that were not there at submission, and new conflicting requests', () => {
    const differences = compareImpact(stored(impact()), impact({ errors: [cidrError], conflicts: ['cr:other'] }));
    expect(differences).toEqual([
      { kind: 'errors', errors: [cidrError], message: '1 new validation error: cidr: must match format "cidr"' },
      { kind: 'conflicts', added: ['cr:other'], message: '1 other open request now touches the same component or its blast radius' },
    ]);
    expect(compareImpact(stored(impact({ errors: [cidrError] })), impact({ errors: [cidrError] }))).toEqual([]);
  });

  it('reports a different count of dependents that must redeploy, and nothing for an impact from before consequences', () => {
    const differences = compareImpact(stored(impact({ dependents: ['a:x/1', 'a:x/2'], redeploy: 0 })), impact({ dependents: ['a:x/1', 'a:x/2'], redeploy: 2 }));
    expect(differences).toEqual([
      {
        kind: 'consequences',
        before: { must_redeploy: 0, stale_copy: 0, unaffected: 2 },
        after: { must_redeploy: 2, stale_copy: 0, unaffected: 0 },
        message: 'Now 2 components must be redeployed and 0 components hold a stale copy (at submission: 0 and 0)',
      },
    ]);
    const { consequences: _c, ...older } = impact({ redeploy: 0 });
    expect(compareImpact(stored(older as SimulationResult), impact({ redeploy: 1 }))).toEqual([]);
  });

  it('compares nothing with a stored impact it cannot read', () => {
    expect(compareImpact({ risk: 'high' }, impact())).toEqual([]);
    expect(compareImpact(null, impact())).toEqual([]);
  });
});
