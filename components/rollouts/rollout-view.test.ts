import { describe, expect, it } from 'vitest';
import type { Rollout, RolloutAction, RolloutDecision, RolloutMember } from '@/lib/model/rollout';
import { rolloutMember } from '@/lib/testing/builders';
import { countsText, memberActionDecision, membersByWave, timeUntil, waveProgressText } from './rollout-view';

const member = (componentId: string, wave: number, state: RolloutMember['state']): RolloutMember =>
  rolloutMember(componentId, { wave, state, reason: wave === 1 ? 'changed' : 'must_redeploy', action: wave === 1 ? 'update' : null });

const rollout = (members: RolloutMember[], overrides: Partial<Rollout> = {}): Rollout => ({
  id: 'ro:00000000-0000-4000-8000-000000000001',
  changeRequestId: 'cr:00000000-0000-4000-8000-000000000001',
  title: 'Move prod',
  author: 'alice@example.com',
  status: 'running',
  revision: 3,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:01:00.000Z',
  currentWave: 2,
  waves: 2,
  members,
  cycles: [],
  reason: null,
  startedBy: 'bob@example.com',
  ...overrides,
});

const ALL: Record<RolloutAction, RolloutDecision> = {
  pause: { allowed: true },
  resume: { allowed: true },
  retry: { allowed: true },
  skip: { allowed: true },
  abort: { allowed: true },
};

describe('the rollout page', () => {
  it('says which wave is being deployed, and when they are all done', () => {
    expect(waveProgressText({ status: 'running', currentWave: 2, waves: 3 })).toBe('Wave 2 of 3');
    expect(waveProgressText({ status: 'paused', currentWave: 1, waves: 3 })).toBe('Wave 1 of 3');
    expect(waveProgressText({ status: 'completed', currentWave: 4, waves: 3 })).toBe('All 3 waves done');
    expect(waveProgressText({ status: 'aborted', currentWave: 2, waves: 3 })).toBe('Stopped at wave 2 of 3');
  });

  it('lists the members wave by wave with their counts', () => {
    const waves = membersByWave(
      rollout([member('prod:vpc/main', 1, 'deployed'), member('prod:ecs-service/search', 2, 'deploying'), member('prod:lambda/order-workers', 2, 'failed')], { waves: 3 }),
    );
    expect(waves.map((w) => [w.wave, w.members.map((m) => m.nickname), countsText(w.counts), w.envs])).toEqual([
      [1, ['main'], '1 deployed', ['prod']],
      [2, ['search', 'order-workers'], '1 deploying · 1 failed', ['prod']],
      [3, [], '', []],
    ]);
  });

  it("offers retry and skip where the member's state allows them, and never to someone the server refuses", () => {
    const failed = member('prod:lambda/order-workers', 2, 'failed');
    const deployed = member('prod:vpc/main', 1, 'deployed');
    const waiting = member('prod:grafana/ops', 3, 'waiting');
    const view = { rollout: rollout([deployed, failed, waiting], { waves: 3, status: 'paused' }), allowed: ALL };
    expect(memberActionDecision(view, failed, 'retry')).toEqual({ allowed: true });
    expect(memberActionDecision(view, failed, 'skip')).toEqual({ allowed: true });
    expect(memberActionDecision(view, deployed, 'retry')).toMatchObject({ allowed: false, code: 'invalid_transition' });
    expect(memberActionDecision(view, waiting, 'skip')).toEqual({ allowed: true });
    expect(memberActionDecision(view, waiting, 'retry')).toMatchObject({ allowed: false });
    const forbidden: RolloutDecision = { allowed: false, code: 'forbidden', reason: 'Operating a rollout needs the approver role; you are a viewer' };
    expect(memberActionDecision({ ...view, allowed: { ...ALL, retry: forbidden } }, failed, 'retry')).toBe(forbidden);
  });

  it('says how long until a deadline', () => {
    const now = Date.parse('2026-12-01T10:00:00.000Z');
    expect(timeUntil('2026-12-01T10:00:40.000Z', now)).toBe('in 40 s');
    expect(timeUntil('2026-12-01T10:30:00.000Z', now)).toBe('in 30 min');
    expect(timeUntil('2026-12-01T09:57:00.000Z', now)).toBe('overdue 3 min');
  });
});
