/**
 * How the review page names audit events, and the request's status history
 * read from them. Pure.
 */
import { STATUS_AFTER_EVENT, type AuditEvent, type ChangeStatus, type EventKind } from '@/lib/model/change-request';
import { isJsonObject } from '@/lib/model/json';

export const EVENT_LABEL: Record<EventKind, string> = {
  proposed: 'Proposed',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  commented: 'Commented',
  apply_started: 'Apply started',
  git_committed: 'Committed to Git',
  applied: 'Applied',
  apply_failed: 'Apply failed',
  stale: 'Went stale',
  webhook_failed: 'Webhook failed',
  webhook_sent: 'Webhook sent',
  config_changed: 'Config changed',
};

/** Dot colour per kind in the audit trail: decisions stand out, bookkeeping does not. */
export const EVENT_TONE: Record<EventKind, string> = {
  proposed: 'bg-blue-500',
  approved: 'bg-violet-500',
  rejected: 'bg-rose-600',
  withdrawn: 'bg-slate-400',
  commented: 'bg-slate-300',
  apply_started: 'bg-slate-400',
  git_committed: 'bg-teal-600',
  applied: 'bg-green-600',
  apply_failed: 'bg-red-600',
  stale: 'bg-amber-500',
  webhook_failed: 'bg-red-400',
  webhook_sent: 'bg-green-400',
  config_changed: 'bg-slate-400',
};

export type StatusStep = { status: ChangeStatus; label: string; actor: string; at: string; eventId: string };

/**
 * Every status the request went through, from its events: each decision
 * and outcome, approvals with how many of the needed ones they were.
 */
export function statusHistory(events: readonly AuditEvent[]): StatusStep[] {
  const steps: StatusStep[] = [];
  for (const event of events) {
    const data = isJsonObject(event.data) ? event.data : {};
    if (event.kind === 'approved') {
      const count = typeof data.approvals === 'number' ? data.approvals : null;
      const required = typeof data.required === 'number' ? data.required : null;
      const isFinal = data.status === 'approved';
      const label = count !== null && required !== null && required > 1 ? `Approved (${count} of ${required})` : 'Approved';
      steps.push({ status: isFinal ? 'approved' : 'open', label, actor: event.actor, at: event.at, eventId: event.id });
      continue;
    }
    const status = STATUS_AFTER_EVENT[event.kind];
    if (status) steps.push({ status, label: EVENT_LABEL[event.kind], actor: event.actor, at: event.at, eventId: event.id });
  }
  return steps;
}

/** The latest approval that still counts (its approver is among the request's approvals): "approved by carol just now". */
export function latestApproval(events: readonly AuditEvent[], approvals: readonly string[]): { actor: string; at: string } | null {
  const counted = new Set(approvals);
  const event = events.findLast((e) => e.kind === 'approved' && counted.has(e.actor));
  return event ? { actor: event.actor, at: event.at } : null;
}
