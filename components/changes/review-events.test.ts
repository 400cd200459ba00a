import { describe, expect, it } from 'vitest';
import type { AuditEvent, EventKind } from '@/lib/model/change-request';
import type { JsonValue } from '@/lib/model/json';
import { EVENT_LABEL, eventWave, isRolloutEvent, latestApproval, statusHistory } from './review-events';
import { EVENT_KINDS } from '@/lib/model/change-request';

let n = 0;
const event = (kind: EventKind, actor: string, data: JsonValue = {}): AuditEvent => ({
  id: `ev:${++n}`,
  kind,
  actor,
  at: `2026-11-20T10:0${n}:00.000Z`,
  note: '',
  data,
  changeRequestId: 'cr:1',
  componentId: 'prod:vpc/main',
});

describe('the status history', () => {
  it('lists each decision and outcome, approvals counted against what the environment needs, and skips bookkeeping', () => {
    const steps = statusHistory([
      event('proposed', 'alice'),
      event('commented', 'bob'),
      event('approved', 'bob', { status: 'open', approvals: 1, required: 2 }),
      event('approved', 'carol', { status: 'approved', approvals: 2, required: 2 }),
      event('apply_started', 'dana'),
      event('applied', 'dana', { status: 'applied', version: 4 }),
      event('webhook_sent', 'dana'),
    ]);
    expect(steps.map((s) => `${s.status} ${s.label} ${s.actor}`)).toEqual([
      'open Proposed alice',
      'open Approved (1 of 2) bob',
      'approved Approved (2 of 2) carol',
      'applied Applied dana',
    ]);
  });

  it('says just "Approved" where one approval is enough, and shows stale and failed outcomes', () => {
    const steps = statusHistory([
      event('proposed', 'alice'),
      event('approved', 'bob', { status: 'approved', approvals: 1, required: 1 }),
      event('apply_failed', 'bob'),
      event('stale', 'carol'),
    ]);
    expect(steps.map((s) => `${s.status} ${s.label}`)).toEqual(['open Proposed', 'approved Approved', 'apply_failed Apply failed', 'stale Went stale']);
  });
});

describe('approvals by ownership in the status history', () => {
  it('says which owner approval an approval gave, and which are still needed once the count is in', () => {
    const steps = statusHistory([
      event('approved', 'bob', { status: 'open', approvals: 1, required: 2, groups: [], ownersMet: [], ownersMissing: [['data-team']] }),
      event('approved', 'dana', { status: 'open', approvals: 2, required: 2, groups: [], ownersMet: [], ownersMissing: [['data-team'], ['dba', 'sre']] }),
      event('approved', 'carol', { status: 'open', approvals: 3, required: 2, groups: ['data-team'], ownersMet: [['data-team']], ownersMissing: [['dba', 'sre']] }),
      event('approved', 'erin', { status: 'approved', approvals: 4, required: 2, groups: ['sre'], ownersMet: [['dba', 'sre']], ownersMissing: [] }),
      event('approved', 'finn', { status: 'approved', approvals: 1, required: 1, groups: ['data-team'], ownersMet: [['data-team']], ownersMissing: [] }),
    ]);
    expect(steps.map((s) => `${s.status} ${s.label}`)).toEqual([
      'open Approved (1 of 2)',
      'open Approved (2 of 2, data-team and dba or sre still needed)',
      'open Approved (for data-team, dba or sre still needed)',
      'approved Approved (for dba or sre)',
      'approved Approved (for data-team)',
    ]);
  });

  it('ignores owner data that is not lists of group names', () => {
    const [step] = statusHistory([event('approved', 'bob', { status: 'open', approvals: 2, required: 2, ownersMissing: 'data-team', ownersMet: [[1]] })]);
    expect(step.label).toBe('Approved (2 of 2)');
  });
});

describe('the latest approval', () => {
  it('is the newest approval whose approver still counts', () => {
    const bob = event('approved', 'bob', { status: 'open', approvals: 1, required: 2 });
    const carol = event('approved', 'carol', { status: 'approved', approvals: 2, required: 2 });
    const events = [event('proposed', 'alice'), bob, carol, event('commented', 'dana')];

    expect(latestApproval(events, ['bob', 'carol'])).toEqual({ actor: 'carol', at: carol.at });
    expect(latestApproval(events, ['bob'])).toEqual({ actor: 'bob', at: bob.at });
    expect(latestApproval(events, [])).toBeNull();
  });
});

describe("a rollout's events", () => {
  it('each have a label, change no request status, and name their wave', () => {
    expect(EVENT_KINDS.filter((kind) => !EVENT_LABEL[kind])).toEqual([]);
    const events = [
      event('applied', 'bob', { status: 'applied' }),
      event('rollout_started', 'bob', { rolloutId: 'ro:1' }),
      event('rollout_wave_started', 'karma', { rolloutId: 'ro:1', wave: 2 }),
      event('rollout_completed', 'karma', { rolloutId: 'ro:1' }),
    ];
    expect(statusHistory(events).map((s) => s.status)).toEqual(['applied']);
    expect(events.map(isRolloutEvent)).toEqual([false, true, true, true]);
    expect(events.map(eventWave)).toEqual([null, null, 2, null]);
  });
});
