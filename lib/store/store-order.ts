/**
 * The orders and filters every GraphStore adapter answers in, so both give
 * the same answer to the same question whatever order their storage yields.
 */
import type { AuditEvent, ChangeRequest, ChangeRequestFilter } from '@/lib/model/change-request';
import type { Rollout, RolloutFilter } from '@/lib/model/rollout';
import { byId } from '@/lib/model/ids';
import type { ReachedComponent } from './graph-store';

/** Nearest first, then by id. */
export function sortReached(reached: ReachedComponent[]): ReachedComponent[] {
  return [...reached].sort((a, b) => a.depth - b.depth || byId(a, b));
}

/** Newest first; ties (one instant) by id, ascending. */
function byNewest(a: { id: string; createdAt: string }, b: { id: string; createdAt: string }): number {
  return a.createdAt === b.createdAt ? byId(a, b) : a.createdAt < b.createdAt ? 1 : -1;
}

/** Newest first; ties by id. */
export function sortChangeRequests(requests: ChangeRequest[]): ChangeRequest[] {
  return [...requests].sort(byNewest);
}

/** Newest first; ties by id, as change requests. */
export function sortRollouts(rollouts: Rollout[]): Rollout[] {
  return [...rollouts].sort(byNewest);
}

/** Oldest first; ties by id. */
export function sortEvents(events: AuditEvent[]): AuditEvent[] {
  return [...events].sort((a, b) => (a.at === b.at ? byId(a, b) : a.at < b.at ? -1 : 1));
}

export function matchesChangeRequestFilter(request: ChangeRequest, filter: ChangeRequestFilter): boolean {
  return (
    (!filter.status?.length || filter.status.includes(request.status)) &&
    (filter.env === undefined || request.members.some((m) => m.env === filter.env)) &&
    (filter.componentId === undefined || request.members.some((m) => m.componentId === filter.componentId)) &&
    (filter.author === undefined || request.author === filter.author)
  );
}

export function matchesRolloutFilter(rollout: Rollout, filter: RolloutFilter): boolean {
  return (
    (!filter.status?.length || filter.status.includes(rollout.status)) &&
    (filter.changeRequestId === undefined || rollout.changeRequestId === filter.changeRequestId) &&
    (filter.componentId === undefined || rollout.members.some((m) => m.componentId === filter.componentId))
  );
}
