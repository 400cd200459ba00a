import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@/lib/model/change-request';
import { changeEventData } from './events-connection';

const auditEvent = (overrides: Partial<AuditEvent>): AuditEvent => ({
  id: 'ev:1',
  kind: 'proposed',
  actor: 'alice@example.com',
  at: '2026-12-01T10:00:00.000Z',
  note: '',
  data: {},
  changeRequestId: null,
  componentId: null,
  ...overrides,
});

describe("a change event's data", () => {
  it("names the rollout a rollout's event is about, from its data.rolloutId", () => {
    const event = auditEvent({
      kind: 'rollout_member_deployed',
      actor: 'karma',
      changeRequestId: 'cr:00000000-0000-4000-8000-000000000001',
      componentId: 'prod:ecs-service/storefront',
      data: { rolloutId: 'ro:00000000-0000-4000-8000-000000000001', wave: 2, status: 'deployed' },
    });
    expect(changeEventData(event)).toMatchObject({
      kind: 'rollout_member_deployed',
      changeRequestId: 'cr:00000000-0000-4000-8000-000000000001',
      componentId: 'prod:ecs-service/storefront',
      // A member's state is no request status.
      status: null,
      rolloutId: 'ro:00000000-0000-4000-8000-000000000001',
    });
  });

  it('names none for other events, or when rolloutId is not a string', () => {
    expect(changeEventData(auditEvent({ kind: 'approved', data: { status: 'approved' } }))).toMatchObject({ status: 'approved', rolloutId: null });
    expect(changeEventData(auditEvent({ kind: 'rollout_paused', data: { rolloutId: 42 } })).rolloutId).toBeNull();
    expect(changeEventData(auditEvent({ kind: 'commented', data: [] })).rolloutId).toBeNull();
  });
});
