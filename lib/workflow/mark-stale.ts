import 'server-only';
import { OPEN_STATUSES, type ChangeRequest } from '@/lib/model/change-request';
import { isAppError } from '@/lib/model/errors';
import { newEvent } from './audit-event';
import { staleFact } from '@/lib/changes/policy';
import type { ReviewContext } from './review-context';

/**
 * A request whose component's config moved past its base version becomes
 * `stale`, with an event saying what moved and how it was found. A
 * compare-and-set like every transition: when someone else moved the request
 * first, nothing is written here (whoever touches it next checks again).
 */
export async function markStale(
  ctx: Pick<ReviewContext, 'store' | 'now'>,
  request: ChangeRequest,
  { currentVersion, actor, cause, fact, data = {} }: { currentVersion: number | null; actor: string; cause: string; fact?: string; data?: Record<string, string | number | null> },
): Promise<ChangeRequest | null> {
  // `fact`: what moved, when it is not the SSM version (the file in the config repo).
  const reason = `${fact ?? staleFact(request, currentVersion)} (${cause}).`;
  try {
    return await ctx.store.transitionChangeRequest({
      id: request.id,
      expectedStatus: request.status,
      expectedRevision: request.revision,
      patch: { status: 'stale', error: reason },
      event: newEvent(request, {
        kind: 'stale',
        actor,
        at: ctx.now(),
        note: reason,
        data: { status: 'stale', baseVersion: request.baseVersion, currentVersion, ...data },
      }),
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'conflict') return null;
    throw error;
  }
}

/**
 * Right after `applied` wrote `version`, every other open request on the
 * same component is stale: each is marked with an event naming the applied
 * request. One that moved meanwhile is read again once; a failure here never
 * undoes the apply (a later decision on the request re-checks anyway).
 */
export async function staleOthers(ctx: Pick<ReviewContext, 'store' | 'now'>, applied: ChangeRequest, version: number, actor: string): Promise<string[]> {
  const others = (await ctx.store.listChangeRequests({ componentId: applied.componentId, status: [...OPEN_STATUSES] })).filter((r) => r.id !== applied.id);
  const marked: string[] = [];
  for (const other of others) {
    const mark = (request: ChangeRequest) =>
      markStale(ctx, request, { currentVersion: version, actor, cause: `${applied.id} was applied as version ${version}`, data: { appliedBy: applied.id } });
    let done = await mark(other);
    if (!done) {
      const fresh = await ctx.store.getChangeRequest(other.id);
      if (fresh && OPEN_STATUSES.includes(fresh.status) && fresh.baseVersion !== version) done = await mark(fresh);
    }
    if (done) marked.push(other.id);
  }
  return marked;
}
