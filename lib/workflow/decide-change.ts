import 'server-only';
import type { User } from '@/lib/auth/roles';
import type { AuditEvent } from '@/lib/model/change-request';
import { applyChange } from './apply-change';
import { newEvent } from './audit-event';
import { missingOwners, ownersMetBy, withApproval } from '@/lib/changes/ownership';
import { assertAllowed, decideAction, isFullyApproved } from '@/lib/changes/policy';
import { getRequestOrThrow, transitionWithPolicy, type ReviewContext } from './review-context';
import type { ApplyReport, DecisionResult } from '@/lib/changes/review-model';

/**
 * Approve, reject, withdraw and comment (ARCHITECTURE.md §6). Each decision
 * is one compare-and-set with its event (lib/workflow/review-context.ts). An
 * approval records the groups its approver is in (for approvals by
 * ownership); the request is approved once it has its environment's count
 * and every owner approval, and the approval that completes both applies it
 * at once when the settings say `autoApply`.
 */

export async function approveChange(ctx: ReviewContext, user: User, id: string, { comment }: { comment: string }): Promise<DecisionResult> {
  const { request } = await transitionWithPolicy(ctx, user, id, 'approve', (current, { state }) => {
    const approvals = [...current.approvals, user.id];
    // The groups the approver is in now are recorded with the approval: ownership is judged on them, never on later ones.
    const approverGroups = { ...current.approverGroups, [user.id]: [...user.groups] };
    const ownerRequirements = withApproval(state.ownerRequirements ?? [], { approver: user.id, groups: user.groups });
    const isApproved = isFullyApproved(approvals.length, { requiredApprovals: state.requiredApprovals, ownerRequirements });
    const stillMissing = missingOwners(ownerRequirements).map((r) => r.groups);
    return {
      patch: { approvals, approverGroups, ...(isApproved ? { status: 'approved' as const } : {}) },
      event: newEvent(current, {
        kind: 'approved',
        actor: user.id,
        at: ctx.now(),
        note: comment,
        data: {
          status: isApproved ? 'approved' : current.status,
          approvals: approvals.length,
          required: state.requiredApprovals,
          // With owners: the approver's groups, the owner requirements this approval met, and those still missing (groups each).
          ...(ownerRequirements.length > 0
            ? { groups: [...user.groups], ownersMet: ownersMetBy(state.ownerRequirements ?? [], user.groups).map((r) => r.groups), ownersMissing: stillMissing }
            : {}),
        },
      }),
    };
  });
  if (request.status !== 'approved' || !ctx.file.autoApply) return { change: request, apply: null };
  try {
    return await applyChange(ctx, user, id, { comment: 'Applied automatically on the last required approval (autoApply)' });
  } catch (error) {
    // The approval stands; the apply's own outcome (apply_failed, stale) is on the request and in its events.
    const change = await getRequestOrThrow(ctx.store, id);
    const apply: ApplyReport = {
      ok: false,
      version: null,
      members: [],
      isRecovered: false,
      staled: [],
      sync: null,
      webhook: 'off',
      rollout: null,
      error: (error as Error).message,
    };
    return { change, apply };
  }
}

export async function rejectChange(ctx: ReviewContext, user: User, id: string, { comment }: { comment: string }): Promise<DecisionResult> {
  const { request } = await transitionWithPolicy(ctx, user, id, 'reject', (current) => ({
    patch: { status: 'rejected' },
    event: newEvent(current, { kind: 'rejected', actor: user.id, at: ctx.now(), note: comment, data: { status: 'rejected' } }),
  }));
  return { change: request, apply: null };
}

export async function withdrawChange(ctx: ReviewContext, user: User, id: string, { comment }: { comment: string }): Promise<DecisionResult> {
  const { request } = await transitionWithPolicy(ctx, user, id, 'withdraw', (current) => ({
    patch: { status: 'withdrawn' },
    event: newEvent(current, { kind: 'withdrawn', actor: user.id, at: ctx.now(), note: comment, data: { status: 'withdrawn' } }),
  }));
  return { change: request, apply: null };
}

/** A comment is an event of its own, not a transition: it never races a decision. */
export async function commentOnChange(ctx: ReviewContext, user: User, id: string, { text }: { text: string }): Promise<AuditEvent> {
  const request = await getRequestOrThrow(ctx.store, id);
  assertAllowed(decideAction(user, request, 'comment', { requiredApprovals: 0 }));
  const event = newEvent(request, { kind: 'commented', actor: user.id, at: ctx.now(), note: text });
  await ctx.store.appendEvent(event);
  return event;
}
