/**
 * How the review page names audit events, and the request's status history
 * read from them. Pure.
 */
import { STATUS_AFTER_EVENT, type AuditEvent, type ChangeStatus, type EventKind } from '@/lib/model/change-request';
import { isJsonObject } from '@/lib/model/json';
import { groupsText } from '@/lib/changes/ownership';

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
  rollout_started: 'Rollout started',
  rollout_wave_started: 'Wave started',
  rollout_deploy_requested: 'Deploy requested',
  rollout_member_deployed: 'Deployed',
  rollout_member_failed: 'Deploy failed',
  rollout_reported: 'Pipeline reported',
  rollout_paused: 'Rollout paused',
  rollout_resumed: 'Rollout resumed',
  rollout_member_retried: 'Deploy retried',
  rollout_member_skipped: 'Skipped',
  rollout_aborted: 'Rollout aborted',
  rollout_completed: 'Rollout completed',
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
  rollout_started: 'bg-sky-600',
  rollout_wave_started: 'bg-sky-400',
  rollout_deploy_requested: 'bg-slate-400',
  rollout_member_deployed: 'bg-green-500',
  rollout_member_failed: 'bg-red-600',
  rollout_reported: 'bg-slate-300',
  rollout_paused: 'bg-amber-500',
  rollout_resumed: 'bg-sky-500',
  rollout_member_retried: 'bg-sky-400',
  rollout_member_skipped: 'bg-slate-500',
  rollout_aborted: 'bg-rose-600',
  rollout_completed: 'bg-green-600',
};

/** A rollout's event: it names the rollout in `data.rolloutId`. */
export function isRolloutEvent(event: AuditEvent): boolean {
  return event.kind.startsWith('rollout_');
}

/** The wave a rollout's event is about (`data.wave`), or null. */
export function eventWave(event: AuditEvent): number | null {
  const wave = isJsonObject(event.data) ? event.data.wave : undefined;
  return typeof wave === 'number' && Number.isInteger(wave) ? wave : null;
}

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
      const label = approvalLabel(count, required, groupLists(data.ownersMet), groupLists(data.ownersMissing));
      steps.push({ status: isFinal ? 'approved' : 'open', label, actor: event.actor, at: event.at, eventId: event.id });
      continue;
    }
    const status = STATUS_AFTER_EVENT[event.kind];
    if (status) steps.push({ status, label: EVENT_LABEL[event.kind], actor: event.actor, at: event.at, eventId: event.id });
  }
  return steps;
}

/** `[["data-team"], ["dba", "sre"]]` from an approval event's data; [] for anything else (approvals recorded before ownership). */
function groupLists(value: unknown): string[][] {
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is string[] => Array.isArray(g) && g.every((x) => typeof x === 'string'));
}

/**
 * `Approved (1 of 2)`; with owners, which owner approval it gave and which
 * are still needed once the count is in: `Approved (2 of 2, data-team still
 * needed)`, `Approved (for data-team)` past the count.
 */
function approvalLabel(count: number | null, required: number | null, met: string[][], missing: string[][]): string {
  const parts: string[] = [];
  const isPastCount = count !== null && required !== null && count > required;
  if (count !== null && required !== null && required > 1 && !isPastCount) parts.push(`${count} of ${required}`);
  if (met.length > 0) parts.push(`for ${met.map(groupsText).join(' and ')}`);
  if (missing.length > 0 && count !== null && required !== null && count >= required) parts.push(`${missing.map(groupsText).join(' and ')} still needed`);
  return parts.length > 0 ? `Approved (${parts.join(', ')})` : 'Approved';
}

/** The latest approval that still counts (its approver is among the request's approvals): "approved by carol just now". */
export function latestApproval(events: readonly AuditEvent[], approvals: readonly string[]): { actor: string; at: string } | null {
  const counted = new Set(approvals);
  const event = events.findLast((e) => e.kind === 'approved' && counted.has(e.actor));
  return event ? { actor: event.actor, at: event.at } : null;
}
