/** An audit event about a change request, linked to the request and its component (ARCHITECTURE.md §2). */
import { randomUUID } from 'node:crypto';
import type { AuditEvent, ChangeRequest, EventKind } from '@/lib/model/change-request';
import type { JsonValue } from '@/lib/model/json';

export function newEvent(
  request: Pick<ChangeRequest, 'id' | 'componentId'>,
  { kind, actor, at, note = '', data = {} }: { kind: EventKind; actor: string; at: Date; note?: string; data?: JsonValue },
): AuditEvent {
  return { id: `ev:${randomUUID()}`, kind, actor, at: at.toISOString(), note, data, changeRequestId: request.id, componentId: request.componentId };
}
