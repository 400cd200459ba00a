/** An audit event about a change request, linked to the request and its component (ARCHITECTURE.md §2). */
import { randomUUID } from 'node:crypto';
import type { AuditEvent, ChangeRequest, EventKind } from '@/lib/model/change-request';
import type { JsonValue } from '@/lib/model/json';
import type { Rollout } from '@/lib/model/rollout';

export function newEvent(
  request: Pick<ChangeRequest, 'id' | 'componentId'>,
  { kind, actor, at, note = '', data = {} }: { kind: EventKind; actor: string; at: Date; note?: string; data?: JsonValue },
): AuditEvent {
  return { id: `ev:${randomUUID()}`, kind, actor, at: at.toISOString(), note, data, changeRequestId: request.id, componentId: request.componentId };
}

/**
 * An audit event about a rollout: on its change request's trail, `data.rolloutId` naming it; a member's event names
 * that member as its component, one about the whole rollout names none.
 */
export function rolloutEvent(
  rollout: Pick<Rollout, 'id' | 'changeRequestId'>,
  {
    kind,
    actor,
    at,
    note = '',
    data = {},
    componentId = null,
  }: { kind: EventKind; actor: string; at: Date; note?: string; data?: Record<string, JsonValue>; componentId?: string | null },
): AuditEvent {
  return { id: `ev:${randomUUID()}`, kind, actor, at: at.toISOString(), note, data: { rolloutId: rollout.id, ...data }, changeRequestId: rollout.changeRequestId, componentId };
}
