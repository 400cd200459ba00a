import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@/lib/model/change-request';
import { summariseRollout, type Rollout, type RolloutMember, type RolloutView } from '@/lib/model/rollout';
import { rolloutMember } from '@/lib/testing/builders';
import { actionDoneLine, allowedLines, eventLines, memberLines, rolloutListText, rolloutText, waveText } from './rollout-text';

const ID = 'ro:3f0c2a8e-1b7d-4c5e-9a6f-2d8b4e1c7a90';
const CHANGE = 'cr:3f0c2a8e-1b7d-4c5e-9a6f-2d8b4e1c7a90';

/** A dependent that must redeploy, unless `over` says otherwise. */
const member = (componentId: string, over: Partial<RolloutMember> = {}): RolloutMember => rolloutMember(componentId, { reason: 'must_redeploy', action: null, ...over });

/** A vpc change paused in its second wave: one dependent deployed, one failed (reported by the pipeline), one skipped; the third wave waits. */
const ROLLOUT: Rollout = {
  id: ID,
  changeRequestId: CHANGE,
  title: 'Widen the prod vpc',
  author: 'alice@example.com',
  status: 'paused',
  revision: 9,
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:41:07.000Z',
  currentWave: 2,
  waves: 3,
  cycles: [],
  reason: 'prod:ecs-cluster/core failed: the pipeline reported a failure',
  startedBy: 'bob@example.com',
  members: [
    member('prod:vpc/main', {
      reason: 'changed',
      action: 'update',
      state: 'deployed',
      configVersion: 7,
      runtimeBefore: 11,
      requestedAt: '2026-12-02T10:00:01.000Z',
      observedRuntimeVersion: 12,
      observedAt: '2026-12-02T10:04:05.000Z',
      attempts: 1,
    }),
    // Out of order on purpose: a wave prints by env, then id.
    member('prod:lambda/ingest', {
      wave: 2,
      state: 'skipped',
      configVersion: 4,
      attempts: 1,
      skipped: { by: 'carol@example.com', comment: 'Deployed by hand', at: '2026-12-02T10:40:00.000Z' },
    }),
    member('prod:ecs-cluster/core', {
      wave: 2,
      state: 'failed',
      configVersion: 3,
      runtimeBefore: 5,
      attempts: 2,
      error: 'the pipeline reported a failure',
      report: { status: 'failed', message: 'terraform apply: exit 1', at: '2026-12-02T10:30:00.000Z' },
    }),
    member('prod:ecs-service/api', {
      wave: 2,
      state: 'deployed',
      configVersion: 9,
      observedRuntimeVersion: 3,
      observedAt: '2026-12-02T10:20:00.000Z',
      attempts: 1,
    }),
    member('prod:ecs-service/web', { wave: 3, waitsFor: ['prod:ecs-cluster/core'] }),
  ],
};

const event = (kind: AuditEvent['kind'], at: string, note = ''): AuditEvent => ({
  id: `ev:${at}`,
  kind,
  actor: 'karma',
  at,
  note,
  data: { rolloutId: ID },
  changeRequestId: CHANGE,
  componentId: null,
});

const VIEW: RolloutView = {
  rollout: ROLLOUT,
  change: { id: CHANGE, title: 'Widen the prod vpc', status: 'applied', author: 'alice@example.com' },
  allowed: {
    pause: { allowed: false, code: 'invalid_transition', reason: 'It is paused already' },
    resume: { allowed: true },
    retry: { allowed: true },
    skip: { allowed: true },
    abort: { allowed: true },
  },
  events: [
    event('rollout_started', '2026-12-02T10:00:00.000Z'),
    event('rollout_member_deployed', '2026-12-02T10:04:05.000Z', 'prod:vpc/main\nruntime version 12'),
    event('rollout_paused', '2026-12-02T10:30:00.000Z', 'prod:ecs-cluster/core failed'),
  ],
};

describe('rolloutText', () => {
  const text = rolloutText(VIEW);

  it('starts with where the rollout is: its status and reason, the current wave of all, the counts, its change', () => {
    expect(text.split('\n').slice(0, 5)).toEqual([
      `${ID}  "Widen the prod vpc"`,
      '  status: paused: prod:ecs-cluster/core failed: the pipeline reported a failure',
      '  wave 2 of 3; 5 member(s): 1 waiting, 2 deployed, 1 failed, 1 skipped',
      `  change: ${CHANGE} (applied) by alice@example.com`,
      '  started by bob@example.com at 2026-12-02 10:00:00; updated 2026-12-02 10:41:07',
    ]);
  });

  it('prints every wave with its members by env then id: state, config version, the runtime observed and when, errors and skip comments', () => {
    const waves = text.slice(text.indexOf('Wave 1'), text.indexOf('The operator'));
    expect(waves.trimEnd().split('\n')).toEqual([
      'Wave 1 of 3 (prod): done; 1 deployed',
      '  prod:vpc/main  deployed  changed (update); config version 7; runtime version 12 at 2026-12-02 10:04:05',
      'Wave 2 of 3 (prod): current, paused; 1 deployed, 1 failed, 1 skipped',
      '  prod:ecs-cluster/core  failed  must redeploy; config version 3; attempt 2',
      '    error: the pipeline reported a failure',
      '    pipeline reported failed at 2026-12-02 10:30:00: terraform apply: exit 1',
      '  prod:ecs-service/api  deployed  must redeploy; config version 9; runtime version 3 at 2026-12-02 10:20:00',
      '  prod:lambda/ingest  skipped  must redeploy; config version 4',
      '    skipped by carol@example.com at 2026-12-02 10:40:00: Deployed by hand',
      'Wave 3 of 3 (prod): waiting; 1 waiting',
      '  prod:ecs-service/web  waiting  must redeploy; no config version yet',
      '    waits for prod:ecs-cluster/core',
    ]);
  });

  it('ends with what the operator may do and the events, oldest first, each note on one line', () => {
    expect(text.slice(text.indexOf('The operator')).split('\n')).toEqual([
      'The operator may: resume, retry, skip, abort',
      '  not pause: It is paused already',
      'Events (3):',
      '  2026-12-02 10:00:00  rollout_started  karma',
      '  2026-12-02 10:04:05  rollout_member_deployed  karma  prod:vpc/main …',
      '  2026-12-02 10:30:00  rollout_paused  karma  prod:ecs-cluster/core failed',
    ]);
  });

  it('names cycles, which share a wave', () => {
    const cyclic = rolloutText({ ...VIEW, rollout: { ...ROLLOUT, cycles: [['dev:serverless-api/orders', 'dev:serverless-api/payments']] } });
    expect(cyclic).toContain('  cycle: dev:serverless-api/orders, dev:serverless-api/payments depend on each other; they share a wave');
  });
});

describe('the pieces', () => {
  it('says when every wave is done, and when there are none', () => {
    expect(waveText({ currentWave: 2, waves: 3 })).toBe('wave 2 of 3');
    expect(waveText({ currentWave: 4, waves: 3 })).toBe('all 3 wave(s) done');
    expect(waveText({ currentWave: 1, waves: 0 })).toBe('no waves');
  });

  it('shows a deploying member with what it waits for from SSM, when it was asked, where, and its deadline', () => {
    const deploying = member('dev:vpc/main', {
      state: 'deploying',
      configVersion: 2,
      runtimeBefore: 6,
      attempts: 1,
      requestedAt: '2026-12-02T10:00:01.000Z',
      deadline: '2026-12-02T10:30:01.000Z',
      hook: 'https://deploy.example/hooks/karma',
    });
    expect(memberLines(deploying)).toEqual([
      '  dev:vpc/main  deploying  must redeploy; config version 2; runtime still version 6',
      '    requested 2026-12-02 10:00:01 from https://deploy.example/hooks/karma; fails without a runtime write by 2026-12-02 10:30:01',
    ]);
    expect(memberLines({ ...deploying, runtimeBefore: null, hook: null, deadline: null })[0]).toMatch(/no runtime yet$/);
    expect(memberLines(member('dev:vpc/main', { reason: 'changed', action: 'remove', inCycle: true }))[0]).toBe('  dev:vpc/main  waiting  changed (remove); a removal; on a cycle');
  });

  it('keeps only the newest events and says how many there were', () => {
    const many = Array.from({ length: 12 }, (_, i) => event('rollout_deploy_requested', `2026-12-02T10:${String(i).padStart(2, '0')}:00.000Z`));
    const lines = eventLines(many, 3);
    expect(lines).toEqual([
      'Events (the last 3 of 12):',
      '  2026-12-02 10:09:00  rollout_deploy_requested  karma',
      '  2026-12-02 10:10:00  rollout_deploy_requested  karma',
      '  2026-12-02 10:11:00  rollout_deploy_requested  karma',
    ]);
    expect(eventLines([])).toEqual(['No events yet.']);
  });

  it('says when the operator may do nothing', () => {
    const no = { allowed: false as const, code: 'forbidden' as const, reason: 'Only approvers act on rollouts' };
    expect(allowedLines({ pause: no, resume: no, retry: no, skip: no, abort: no })[0]).toBe('The operator may do nothing to it now');
  });

  it('names the action done, and the member for retry and skip', () => {
    expect(actionDoneLine('pause', ID)).toBe(`Paused ${ID}.`);
    expect(actionDoneLine('skip', ID, 'prod:lambda/ingest')).toBe(`Skipped prod:lambda/ingest in ${ID}.`);
  });
});

describe('rolloutListText', () => {
  it('prints one row per rollout with its wave and counts, then why the paused ones are paused', () => {
    const completed = summariseRollout({
      ...ROLLOUT,
      id: 'ro:00000000-0000-4000-8000-000000000001',
      status: 'completed',
      reason: null,
      currentWave: 2,
      waves: 1,
      title: 'A title long enough to be cut at forty-eight characters, and more',
      members: [ROLLOUT.members[0]],
    });
    expect(rolloutListText([summariseRollout(ROLLOUT), completed]).split('\n')).toEqual([
      'ID                                    STATUS     WAVE  DEPLOYED  FAILED  SKIPPED  UPDATED           TITLE',
      '3f0c2a8e-1b7d-4c5e-9a6f-2d8b4e1c7a90  paused     2/3   2/5       1       1        2026-12-02 10:41  Widen the prod vpc',
      '00000000-0000-4000-8000-000000000001  completed  1/1   1/1       0       0        2026-12-02 10:41  A title long enough to be cut at forty-eight ch…',
      '3f0c2a8e-1b7d-4c5e-9a6f-2d8b4e1c7a90 is paused: prod:ecs-cluster/core failed: the pipeline reported a failure',
    ]);
  });

  it('says when nothing matches', () => {
    expect(rolloutListText([])).toBe('No rollouts match.');
  });
});
