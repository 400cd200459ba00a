import { describe, expect, it } from 'vitest';
import type { Consequences, DependentConsequence, StaleCopy } from '@/lib/model/consequences';
import type { MemberSimulation, SimulationResult } from '@/lib/model/simulation';
import { impactElements, nodeLabel } from './impact-elements';

const refs = { added: [], removed: [], unchanged: [], broken: [] };

const member = (componentId: string, over: Partial<MemberSimulation> = {}): MemberSimulation =>
  ({
    componentId,
    env: 'prod',
    action: 'update',
    isNew: false,
    baseVersion: 1,
    errors: [],
    warnings: [],
    isDocument: true,
    diff: [],
    references: refs,
    ...over,
  }) as MemberSimulation;

const entry = (id: string, depth: number, via: Array<{ from: string; to: string; path: string }>) => ({ id, env: 'prod', type: 't', nickname: id, depth, via });

const dependent = (id: string, verdict: DependentConsequence['verdict']): DependentConsequence =>
  ({
    id,
    env: 'prod',
    type: 't',
    nickname: id,
    depth: 1,
    via: [],
    verdict,
    reasons: [],
    mustRedeploy: verdict === 'must_redeploy',
    consumes: [],
    copies: [],
    isInSet: false,
  }) as DependentConsequence;

function result(over: Partial<SimulationResult>): SimulationResult {
  const members = over.members ?? [member('prod:vpc/main')];
  return {
    componentId: members[0].componentId,
    env: 'prod',
    action: 'update',
    references: refs,
    members,
    blastRadius: { total: 0, groups: [], components: [], isTruncated: false },
    consequences: null as unknown as Consequences,
    ...over,
  } as SimulationResult;
}

const kinds = (r: SimulationResult) =>
  Object.fromEntries(
    impactElements(r)
      .elements.filter((e) => !('source' in e.data))
      .map((e) => [e.data.id, (e.data as { kind: string }).kind]),
  );

describe('impactElements', () => {
  it('draws every member as changed, and dependents by verdict', () => {
    const r = result({
      members: [member('prod:vpc/main'), member('prod:clickhouse/analytics', { action: 'remove' })],
      blastRadius: {
        total: 2,
        groups: [],
        isTruncated: false,
        components: [
          entry('prod:ecs-cluster/core', 1, [{ from: 'prod:ecs-cluster/core', to: 'prod:vpc/main', path: 'vpc_nickname' }]),
          entry('prod:grafana/ops', 1, [{ from: 'prod:grafana/ops', to: 'prod:vpc/main', path: 'vpc_nickname' }]),
        ],
      },
      consequences: {
        counts: { must_redeploy: 1, stale_copy: 0, unaffected: 1 },
        changedOutputs: [],
        dependents: [dependent('prod:ecs-cluster/core', 'must_redeploy'), dependent('prod:grafana/ops', 'unaffected')],
        staleCopies: [],
        isTruncated: false,
      },
    });
    expect(kinds(r)).toEqual({
      'prod:vpc/main': 'changed',
      'prod:clickhouse/analytics': 'changed',
      'prod:ecs-cluster/core': 'must_redeploy',
      'prod:grafana/ops': 'unaffected',
    });
    const { elements, isByVerdict } = impactElements(r);
    expect(isByVerdict).toBe(true);
    expect(elements.find((e) => e.data.id === 'prod:clickhouse/analytics')?.data).toMatchObject({ action: 'remove', label: 'clickhouse/analytics' });
    expect(elements.filter((e) => 'source' in e.data).map((e) => e.data.id)).toEqual([
      'prod:ecs-cluster/core->prod:vpc/main#vpc_nickname#dependency',
      'prod:grafana/ops->prod:vpc/main#vpc_nickname#dependency',
    ]);
  });

  it('without consequences (an impact from before them) colours by distance', () => {
    const r = result({
      blastRadius: {
        total: 2,
        groups: [],
        isTruncated: false,
        components: [
          entry('prod:a/x', 1, [{ from: 'prod:a/x', to: 'prod:vpc/main', path: 'p' }]),
          entry('prod:b/y', 2, [
            { from: 'prod:a/x', to: 'prod:vpc/main', path: 'p' },
            { from: 'prod:b/y', to: 'prod:a/x', path: 'q' },
          ]),
        ],
      },
    });
    expect(kinds(r)).toEqual({ 'prod:vpc/main': 'changed', 'prod:a/x': 'direct', 'prod:b/y': 'transitive' });
    expect(impactElements(r).isByVerdict).toBe(false);
  });

  it('draws a stale copy outside the dependents with an arrow to the member it copies', () => {
    const copy: StaleCopy = {
      componentId: 'dev:clickhouse/analytics',
      env: 'dev',
      type: 'clickhouse',
      nickname: 'analytics',
      document: 'config',
      path: 'allowed_cidrs[1]',
      value: '10.40.0.0/16',
      of: { componentId: 'prod:vpc/main', path: 'cidr', oldValue: '10.40.0.0/16', newValue: '10.41.0.0/16' },
      match: 'exact',
    };
    const r = result({
      consequences: { counts: { must_redeploy: 0, stale_copy: 1, unaffected: 0 }, changedOutputs: [], dependents: [], staleCopies: [copy], isTruncated: false },
    });
    const { elements, copiesShown } = impactElements(r);
    expect(copiesShown).toBe(1);
    expect(elements.map((e) => e.data.id)).toEqual(['prod:vpc/main', 'dev:clickhouse/analytics', 'dev:clickhouse/analytics->prod:vpc/main#allowed_cidrs[1]#copy']);
  });

  it('labels components of the first member’s environment without it', () => {
    expect(nodeLabel('prod:vpc/main', 'prod')).toBe('vpc/main');
    expect(nodeLabel('dev:vpc/main', 'prod')).toBe('dev:vpc/main');
  });
});
