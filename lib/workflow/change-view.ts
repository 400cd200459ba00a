import 'server-only';
import type { User } from '@/lib/auth/roles';
import { UNDECIDED } from '@/lib/model/change-request';
import { activeClaim } from '@/lib/changes/apply-claim';
import { allowedActions, requiredApprovals, type ReviewState } from '@/lib/changes/policy';
import { compareConfigs } from './request-config';
import { applyInProgress, getRequestOrThrow, type ReviewContext } from './review-context';
import type { ChangeView } from '@/lib/changes/review-model';

/**
 * A change request as its review page shows it: the request, its audit
 * trail, the base and current configs compared with the proposal (read live,
 * so a config that moved since submission shows), and what this user may do
 * now — computed by the same policy the decisions enforce.
 */
export async function changeView(ctx: ReviewContext, user: User, id: string): Promise<ChangeView> {
  const request = await getRequestOrThrow(ctx.store, id);
  const [events, config] = await Promise.all([ctx.store.listEvents({ changeRequestId: id }), compareConfigs(ctx.sources, request)]);
  const claim = activeClaim(request, events, ctx.now());
  const canTellVersion = config.readError === null && UNDECIDED.has(request.status) && !claim;
  const state: ReviewState = {
    requiredApprovals: requiredApprovals(request.env, ctx.file.approvals),
    currentVersion: canTellVersion ? (config.current?.version ?? null) : undefined,
    applyInProgress: await applyInProgress(ctx, request, claim, config.readError === null ? (config.current?.version ?? null) : undefined),
  };
  return {
    ...request,
    requiredApprovals: state.requiredApprovals,
    allowedActions: allowedActions(user, request, state),
    events,
    applyInProgress: state.applyInProgress ?? null,
    config,
    repo: ctx.configRepo?.info ?? null,
  };
}
