import { describe, expect, it } from 'vitest';
import type { RolloutMember } from '@/lib/model/rollout';
import { rolloutMember } from '@/lib/testing/builders';
import { hookFor, isWaveDone, judgeDeploy, newRollout, pauseReason, retriedMember, statusAfterMemberAction, timeoutMinutes } from './rollout-progress';
import { planRollout } from './plan-rollout';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const mirrors = { vpc: { cidr: 'vpc_cidr' } };

/** prod:vpc/main being deployed: config v5 published at 11:58, asked for at 11:59 with runtime v3 there. */
const member = (over: Partial<RolloutMember> = {}): RolloutMember =>
  rolloutMember('prod:vpc/main', {
    state: 'deploying',
    configVersion: 5,
    configPublishedAt: '2026-12-02T11:58:00.000Z',
    runtimeBefore: 3,
    requestedAt: '2026-12-02T11:59:00.000Z',
    deadline: '2026-12-02T12:29:00.000Z',
    attempts: 1,
    delivery: 'rd:1',
    hook: 'http://pipeline/deploy',
    ...over,
  });
const runtime = (version: number, modifiedAt: string, value: object) => ({ version, modifiedAt, value: JSON.stringify(value) });
const config = JSON.stringify({ cidr: '10.50.0.0/16' });

describe('judgeDeploy', () => {
  it('counts a runtime newer than at the request, written after the config was published, agreeing on the mirrors', () => {
    const verdict = judgeDeploy(member(), { runtime: runtime(4, '2026-12-02T11:59:30.000Z', { vpc_cidr: '10.50.0.0/16' }), configText: config }, { mirrors, now: NOW });
    expect(verdict).toEqual({ state: 'deployed', observedRuntimeVersion: 4, observedAt: '2026-12-02T11:59:30.000Z', note: 'runtime v4 written at 2026-12-02T11:59:30.000Z' });
  });

  it('keeps waiting while the runtime is the one seen at the request', () => {
    expect(judgeDeploy(member(), { runtime: runtime(3, '2026-12-01T00:00:00.000Z', {}), configText: config }, { mirrors, now: NOW })).toEqual({ state: 'deploying' });
  });

  it('fails a runtime whose mirrored output disagrees with the config it deployed', () => {
    const verdict = judgeDeploy(member(), { runtime: runtime(4, '2026-12-02T11:59:30.000Z', { vpc_cidr: '10.40.0.0/16' }), configText: config }, { mirrors, now: NOW });
    expect(verdict).toMatchObject({ state: 'failed', error: 'Runtime v4 was written, but vpc_cidr is "10.40.0.0/16" where the config v5 says cidr = "10.50.0.0/16"' });
  });

  it('times out at the deadline without a runtime write', () => {
    const late = new Date('2026-12-02T12:30:00.000Z');
    expect(judgeDeploy(member(), { runtime: runtime(3, '2026-12-01T00:00:00.000Z', {}), configText: config }, { mirrors, now: late })).toMatchObject({
      state: 'failed',
      error: 'No runtime write within 31 min of the deploy request (timed out)',
    });
  });

  it('does not count a runtime dated before the config was published (the drift rule), and says so at the deadline', () => {
    const early = runtime(4, '2026-12-02T11:00:00.000Z', { vpc_cidr: '10.50.0.0/16' });
    expect(judgeDeploy(member(), { runtime: early, configText: config }, { mirrors, now: NOW })).toEqual({ state: 'deploying' });
    expect(judgeDeploy(member(), { runtime: early, configText: config }, { mirrors, now: new Date('2026-12-02T13:00:00.000Z') })).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('before config v5 was published'),
    });
  });

  it('counts a first runtime for a component that had none', () => {
    const verdict = judgeDeploy(member({ runtimeBefore: null }), { runtime: runtime(1, '2026-12-02T11:59:10.000Z', {}), configText: config }, { mirrors, now: NOW });
    expect(verdict).toMatchObject({ state: 'deployed', observedRuntimeVersion: 1 });
  });

  it('counts a removal as deployed once its runtime is gone', () => {
    const removal = member({ action: 'remove', configVersion: null, configPublishedAt: null });
    expect(judgeDeploy(removal, { runtime: null, configText: null }, { mirrors, now: NOW })).toMatchObject({ state: 'deployed', observedRuntimeVersion: null });
    expect(judgeDeploy(removal, { runtime: runtime(3, '2026-12-01T00:00:00.000Z', {}), configText: null }, { mirrors, now: NOW })).toEqual({ state: 'deploying' });
  });
});

describe('hooks and timeouts', () => {
  const settings = {
    hooks: [
      { match: 'prod:ecs-service/*', url: 'https://ci/ecs' },
      { match: 'vpc', url: 'https://ci/network' },
    ],
    defaultHook: 'https://ci/default',
    timeoutMinutes: { default: 30, perType: { 'aurora-postgres': 90 } },
  };

  it('picks the first hook matching the id pattern or the type, else the default', () => {
    expect(hookFor({ componentId: 'prod:ecs-service/api', type: 'ecs-service' }, settings)).toBe('https://ci/ecs');
    expect(hookFor({ componentId: 'dev:ecs-service/api', type: 'ecs-service' }, settings)).toBe('https://ci/default');
    expect(hookFor({ componentId: 'dev:vpc/main', type: 'vpc' }, settings)).toBe('https://ci/network');
    expect(hookFor({ componentId: 'dev:vpc/main', type: 'vpc' }, { hooks: [], defaultHook: null })).toBeNull();
  });

  it('takes the timeout per type, else 30 minutes', () => {
    expect(timeoutMinutes('aurora-postgres', settings)).toBe(90);
    expect(timeoutMinutes('vpc', settings)).toBe(30);
  });
});

describe('rollout state', () => {
  const plan = planRollout({
    changed: [{ id: 'prod:vpc/main', env: 'prod', type: 'vpc', nickname: 'main', action: 'update' }],
    mustRedeploy: [{ id: 'prod:ecs-service/api', env: 'prod', type: 'ecs-service', nickname: 'api' }],
    waitsOn: (id) => (id === 'prod:ecs-service/api' ? ['prod:vpc/main'] : []),
  });
  const rollout = newRollout({ id: 'ro:1', request: { id: 'cr:1', title: 'New CIDR', author: 'alice' }, plan, startedBy: 'bob', now: NOW });

  it('starts running at wave 1 with every planned member waiting', () => {
    expect(rollout).toMatchObject({ id: 'ro:1', changeRequestId: 'cr:1', status: 'running', revision: 1, currentWave: 1, waves: 2, startedBy: 'bob', reason: null });
    expect(rollout.members.map((m) => [m.componentId, m.wave, m.state])).toEqual([
      ['prod:vpc/main', 1, 'waiting'],
      ['prod:ecs-service/api', 2, 'waiting'],
    ]);
  });

  it('says a wave is done once every member is deployed or skipped, and why it pauses on failures', () => {
    const done = { ...rollout, members: rollout.members.map((m) => (m.wave === 1 ? { ...m, state: 'deployed' as const } : m)) };
    expect(isWaveDone(rollout)).toBe(false);
    expect(isWaveDone(done)).toBe(true);
    const failed = { ...rollout, members: rollout.members.map((m) => (m.wave === 1 ? { ...m, state: 'failed' as const, error: 'the hook answered 500' } : m)) };
    expect(pauseReason(failed)).toBe('prod:vpc/main failed: the hook answered 500');
  });

  it('resumes a rollout paused by failures once none is left, but not one a person paused', () => {
    const members = rollout.members.map((m) => (m.wave === 1 ? retriedMember({ ...m, state: 'failed', error: 'x', attempts: 1 }) : m));
    expect(members[0]).toMatchObject({ state: 'waiting', error: null, attempts: 1 });
    expect(statusAfterMemberAction({ ...rollout, status: 'paused', reason: 'prod:vpc/main failed: x', members })).toEqual({ status: 'running', reason: null });
    expect(statusAfterMemberAction({ ...rollout, status: 'paused', reason: 'Paused by bob', members })).toEqual({ status: 'paused', reason: 'Paused by bob' });
  });
});
