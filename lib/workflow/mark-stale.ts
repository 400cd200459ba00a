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
 * Right after `applied` wrote its members, every other open request on any
 * of those components is stale: each is marked with an event naming the
 * applied request. One that moved meanwhile is read again once; a failure
 * here never undoes the apply (a later decision on the request re-checks
 * anyway).
 */
export async function staleOthers(
  ctx: Pick<ReviewContext, 'store' | 'now'>,
  applied: ChangeRequest,
  writes: ReadonlyArray<{ componentId: string; version: number | null }>,
  actor: string,
): Promise<string[]> {
  const marked: string[] = [];
  for (const { componentId, version } of writes) {
    const others = (await ctx.store.listChangeRequests({ componentId, status: [...OPEN_STATUSES] })).filter((r) => r.id !== applied.id && !marked.includes(r.id));
    for (const other of others) {
      const written = version === null ? 'removed' : `applied as version ${version}`;
      const mark = (request: ChangeRequest) => {
        const member = request.members.find((m) => m.componentId === componentId);
        const isOwn = request.componentId === componentId || !member;
        return markStale(ctx, request, {
          currentVersion: version,
          actor,
          cause: `${applied.id} was ${written}`,
          fact: isOwn ? undefined : staleFact(member, version),
          data: { appliedBy: applied.id, componentId },
        });
      };
      let done = await mark(other);
      if (!done) {
        const fresh = await ctx.store.getChangeRequest(other.id);
        const member = fresh?.members.find((m) => m.componentId === componentId);
        if (fresh && OPEN_STATUSES.includes(fresh.status) && member && member.baseVersion !== version) done = await mark(fresh);
      }
      if (done) marked.push(other.id);
    }
  }
  return marked;
}
