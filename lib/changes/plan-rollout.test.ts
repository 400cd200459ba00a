import { describe, expect, it } from 'vitest';
import type { MemberAction } from '@/lib/model/change-request';
import { parseComponentId } from '@/lib/model/ids';
import { planRollout } from './plan-rollout';

const key = (id: string) => ({ id, ...parseComponentId(id)! });
const changed = (id: string, action: MemberAction = 'update') => ({ ...key(id), action });

/** `edges`: consumer → the providers it refers to after the change; `before`: the same before it (what a removal waits on). */
function plan(input: { changed: ReturnType<typeof changed>[]; mustRedeploy?: string[]; edges: Record<string, string[]>; before?: Record<string, string[]> }) {
  const incoming = (id: string) => Object.entries(input.before ?? input.edges).flatMap(([from, tos]) => (tos.includes(id) ? [from] : []));
  return planRollout({
    changed: input.changed,
    mustRedeploy: (input.mustRedeploy ?? []).map(key),
    waitsOn: (id, action) => (action === 'remove' ? incoming(id) : (input.edges[id] ?? [])),
  });
}
const waves = (p: ReturnType<typeof plan>) => p.waves.map((w) => w.members.map((m) => m.componentId));

describe('planRollout', () => {
  it('puts the change in wave 1 and the dependents that must redeploy after it, leaving out the unaffected', () => {
    const p = plan({
      changed: [changed('prod:vpc/main')],
      mustRedeploy: ['prod:ecs-service/api', 'prod:lambda/jobs'],
      // prod:grafana/ops depends on the vpc but is unaffected: not in the verdicts, not in the plan.
      edges: { 'prod:ecs-service/api': ['prod:vpc/main'], 'prod:lambda/jobs': ['prod:vpc/main'], 'prod:grafana/ops': ['prod:vpc/main'] },
    });
    expect(waves(p)).toEqual([['prod:vpc/main'], ['prod:ecs-service/api', 'prod:lambda/jobs']]);
    expect(p.total).toBe(3);
    expect(p.waves[0].members[0]).toMatchObject({ reason: 'changed', action: 'update', waitsFor: [], inCycle: false });
    expect(p.waves[1].members[0]).toMatchObject({ reason: 'must_redeploy', action: null, waitsFor: ['prod:vpc/main'] });
    expect(p.cycles).toEqual([]);
  });

  it('orders dependents among themselves: one that consumes another redeploys after it', () => {
    const p = plan({
      changed: [changed('prod:vpc/main')],
      mustRedeploy: ['prod:ecs-cluster/main', 'prod:ecs-service/api'],
      edges: { 'prod:ecs-cluster/main': ['prod:vpc/main'], 'prod:ecs-service/api': ['prod:vpc/main', 'prod:ecs-cluster/main'] },
    });
    expect(waves(p)).toEqual([['prod:vpc/main'], ['prod:ecs-cluster/main'], ['prod:ecs-service/api']]);
    expect(p.waves[2].members[0].waitsFor).toEqual(['prod:ecs-cluster/main', 'prod:vpc/main']);
  });

  it('follows edges across environments and groups each wave by environment', () => {
    const p = plan({
      changed: [changed('prod:route53-zone/root')],
      mustRedeploy: ['dev:api-gateway/edge', 'prod:api-gateway/edge', 'dev:lambda/hook'],
      edges: { 'dev:api-gateway/edge': ['prod:route53-zone/root'], 'prod:api-gateway/edge': ['prod:route53-zone/root'], 'dev:lambda/hook': ['dev:api-gateway/edge'] },
    });
    expect(waves(p)).toEqual([['prod:route53-zone/root'], ['dev:api-gateway/edge', 'prod:api-gateway/edge'], ['dev:lambda/hook']]);
    expect(p.waves[1].envs).toEqual(['dev', 'prod']);
    expect(p.waves[2].envs).toEqual(['dev']);
  });

  it('waits for every provider of a diamond: the bottom goes after both sides', () => {
    const p = plan({
      changed: [changed('prod:vpc/main')],
      mustRedeploy: ['prod:sg/left', 'prod:sg/right', 'prod:ecs-service/api'],
      edges: {
        'prod:sg/left': ['prod:vpc/main'],
        'prod:sg/right': ['prod:vpc/main'],
        'prod:ecs-service/api': ['prod:sg/left', 'prod:sg/right', 'prod:vpc/main'],
      },
    });
    expect(waves(p)).toEqual([['prod:vpc/main'], ['prod:sg/left', 'prod:sg/right'], ['prod:ecs-service/api']]);
  });

  it('reports a cycle and gives its members one wave; the rest of the plan is unaffected', () => {
    const p = plan({
      changed: [changed('prod:vpc/main')],
      mustRedeploy: ['prod:svc/a', 'prod:svc/b', 'prod:svc/c'],
      edges: { 'prod:svc/a': ['prod:vpc/main', 'prod:svc/b'], 'prod:svc/b': ['prod:svc/a'], 'prod:svc/c': ['prod:svc/b'] },
    });
    expect(waves(p)).toEqual([['prod:vpc/main'], ['prod:svc/a', 'prod:svc/b'], ['prod:svc/c']]);
    expect(p.cycles).toEqual([['prod:svc/a', 'prod:svc/b']]);
    expect(p.waves[1].members.every((m) => m.inCycle)).toBe(true);
    expect(p.waves[2].members[0].inCycle).toBe(false);
  });

  it('never makes a component wait for itself', () => {
    const p = plan({ changed: [changed('prod:svc/self')], edges: { 'prod:svc/self': ['prod:svc/self'] } });
    expect(waves(p)).toEqual([['prod:svc/self']]);
    expect(p.cycles).toEqual([]);
  });

  it('puts a member of the change that depends on another member at its own wave, as a change, not as a dependent', () => {
    const p = plan({
      changed: [changed('prod:vpc/main'), changed('prod:ecs-service/api'), changed('prod:sqs-queue/new', 'create')],
      // The service is also a dependent that must redeploy: it stays a change.
      mustRedeploy: ['prod:ecs-service/api', 'prod:lambda/jobs'],
      edges: { 'prod:ecs-service/api': ['prod:vpc/main', 'prod:sqs-queue/new'], 'prod:lambda/jobs': ['prod:ecs-service/api'] },
    });
    expect(waves(p)).toEqual([['prod:sqs-queue/new', 'prod:vpc/main'], ['prod:ecs-service/api'], ['prod:lambda/jobs']]);
    expect(p.waves[1].members[0]).toMatchObject({ reason: 'changed', action: 'update' });
    expect(p.total).toBe(4);
  });

  it('removes a component only after the members that referred to it', () => {
    const p = plan({
      changed: [changed('prod:sqs-queue/old', 'remove'), changed('prod:ecs-service/api')],
      // The service stops referring to the queue in this change.
      edges: { 'prod:ecs-service/api': [] },
      before: { 'prod:ecs-service/api': ['prod:sqs-queue/old'] },
    });
    expect(waves(p)).toEqual([['prod:ecs-service/api'], ['prod:sqs-queue/old']]);
    expect(p.waves[1].members[0]).toMatchObject({ action: 'remove', waitsFor: ['prod:ecs-service/api'] });
  });

  it('plans thousands of components in chains without recursion limits', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `prod:svc/s${String(i).padStart(5, '0')}`);
    const edges = Object.fromEntries(ids.slice(1).map((id, i) => [id, [ids[i]]]));
    const p = plan({ changed: [changed(ids[0])], mustRedeploy: ids.slice(1), edges });
    expect(p.waves).toHaveLength(5_000);
    expect(p.waves.at(-1)!.members[0].componentId).toBe(ids.at(-1));
  });
});
