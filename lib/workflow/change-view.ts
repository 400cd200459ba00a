import 'server-only';
import type { User } from '@/lib/auth/roles';
import { UNDECIDED } from '@/lib/model/change-request';
import { activeClaim } from '@/lib/changes/apply-claim';
import { allowedActions, requiredApprovalsFor, type ReviewState } from '@/lib/changes/policy';
import { missingOwners, requestOwnerRequirements, type OwnerRequirement } from '@/lib/changes/ownership';
import { compareConfigs } from './request-config';
import { applyInProgress, getRequestOrThrow, type ReviewContext } from './review-context';
import type { ChangeView, OwnerApprovalsView } from '@/lib/changes/review-model';

/**
 * A change request as its review page shows it: the request, its audit
 * trail, the base and current configs compared with the proposal (read live,
 * so a config that moved since submission shows), and what this user may do
 * now — computed by the same policy the decisions enforce.
 */
export async function changeView(ctx: ReviewContext, user: User, id: string): Promise<ChangeView> {
  const request = await getRequestOrThrow(ctx.store, id);
  const [events, ...configs] = await Promise.all([ctx.store.listEvents({ changeRequestId: id }), ...request.members.map((m) => compareConfigs(ctx.sources, m))]);
  const claim = activeClaim(request, events, ctx.now());
  const isReadable = configs.every((c) => c.readError === null);
  const versions = isReadable ? new Map(request.members.map((m, i) => [m.componentId, configs[i].current?.version ?? null])) : undefined;
  const canTellVersion = isReadable && UNDECIDED.has(request.status) && !claim;
  const state: ReviewState = {
    requiredApprovals: requiredApprovalsFor(request, ctx.file.approvals),
    ownerRequirements: requestOwnerRequirements(request, ctx.file.owners ?? []),
    memberVersions: canTellVersion ? versions : undefined,
    applyInProgress: await applyInProgress(ctx, request, claim, versions),
  };
  return {
    ...request,
    requiredApprovals: state.requiredApprovals,
    ownerApprovals: ownerApprovalsView(state.ownerRequirements ?? []),
    allowedActions: allowedActions(user, request, state),
    events,
    applyInProgress: state.applyInProgress ?? null,
    config: configs[0],
    memberConfigs: request.members.map((m, i) => ({ componentId: m.componentId, action: m.action, config: configs[i] })),
    repo: ctx.configRepo?.info ?? null,
  };
}

/** The owner approvals for the API and the page: each requirement, and whose are still missing. */
export function ownerApprovalsView(requirements: readonly OwnerRequirement[]): OwnerApprovalsView {
  const missing = missingOwners(requirements);
  return { requirements: [...requirements], missing: missing.map((r) => r.groups), isMet: missing.length === 0 };
}
