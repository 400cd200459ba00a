import { describe, expect, it } from 'vitest';
import type { User } from '@/lib/auth/roles';
import type { Rollout, RolloutMember } from '@/lib/model/rollout';
import { allowedRolloutActions, decideRolloutAction } from './rollout-policy';

const user = (id: string, role: User['role']) => ({ id, role });
const [alice, bob, victor, priya] = [user('alice', 'approver'), user('bob', 'approver'), user('victor', 'viewer'), user('priya', 'proposer')];

const member = (componentId: string, wave: number, state: RolloutMember['state']) => ({ componentId, wave, state }) as RolloutMember;
function rollout(over: Partial<Rollout> = {}): Rollout {
  return {
    id: 'ro:1',
    changeRequestId: 'cr:1',
    title: 't',
    author: 'alice',
    status: 'running',
    revision: 3,
    createdAt: '',
    updatedAt: '',
    currentWave: 2,
    waves: 3,
    members: [
      member('prod:vpc/main', 1, 'deployed'),
      member('prod:ecs-service/api', 2, 'failed'),
      member('prod:lambda/jobs', 2, 'deploying'),
      member('prod:grafana/ops', 3, 'waiting'),
    ],
    cycles: [],
    reason: null,
    startedBy: 'bob',
    ...over,
  };
}
const options = { authorMayOperate: false };

describe('decideRolloutAction', () => {
  it('lets any approver pause, the author included, but not viewers or proposers', () => {
    expect(decideRolloutAction(alice, rollout(), 'pause', options)).toEqual({ allowed: true });
    expect(decideRolloutAction(victor, rollout(), 'pause', options)).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: 'Operating a rollout needs the approver role; you are a viewer',
    });
    expect(decideRolloutAction(priya, rollout(), 'abort', options)).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('keeps the author from resuming, retrying, skipping or aborting their own change unless settings allow it', () => {
    const paused = rollout({ status: 'paused', members: rollout().members.map((m) => (m.state === 'failed' ? { ...m, state: 'skipped' as const } : m)) });
    expect(decideRolloutAction(alice, paused, 'resume', options)).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: 'You proposed this change: someone else must resume its rollout (settings: rollouts.authorMayOperate)',
    });
    expect(decideRolloutAction(alice, paused, 'resume', { authorMayOperate: true })).toEqual({ allowed: true });
    expect(decideRolloutAction(bob, paused, 'resume', options)).toEqual({ allowed: true });
  });

  it('refuses to resume past a failed member of the wave', () => {
    expect(decideRolloutAction(bob, rollout({ status: 'paused' }), 'resume', options)).toEqual({
      allowed: false,
      code: 'invalid_transition',
      reason: 'prod:ecs-service/api failed: retry or skip it first',
    });
  });

  it('retries failed or deploying members of the current wave, and skips only with a comment', () => {
    expect(decideRolloutAction(bob, rollout(), 'retry', { ...options, componentId: 'prod:ecs-service/api' })).toEqual({ allowed: true });
    expect(decideRolloutAction(bob, rollout(), 'retry', { ...options, componentId: 'prod:vpc/main' })).toMatchObject({ allowed: false, code: 'invalid_transition' });
    expect(decideRolloutAction(bob, rollout(), 'retry', { ...options, componentId: 'prod:grafana/ops' })).toMatchObject({ allowed: false, code: 'invalid_transition' });
    expect(decideRolloutAction(bob, rollout(), 'skip', { ...options, componentId: 'prod:grafana/ops', comment: '' })).toEqual({
      allowed: false,
      code: 'bad_request',
      reason: 'Say why it is skipped: a skip needs a comment',
    });
    expect(decideRolloutAction(bob, rollout(), 'skip', { ...options, componentId: 'prod:grafana/ops', comment: 'decommissioned' })).toEqual({ allowed: true });
    expect(decideRolloutAction(bob, rollout(), 'skip', { ...options, componentId: 'prod:nope/x', comment: 'x' })).toMatchObject({ allowed: false, code: 'bad_request' });
  });

  it('allows nothing on a finished rollout', () => {
    const allowed = allowedRolloutActions(bob, rollout({ status: 'completed' }), false);
    expect(Object.values(allowed).every((d) => !d.allowed && d.code === 'invalid_transition')).toBe(true);
    expect(allowed.abort).toMatchObject({ reason: 'The rollout is completed: it cannot be aborted now' });
  });
});
