/**
 * Other open change requests a proposal (one component or a set) collides
 * with: on a component both change (whichever is applied second is stale), or on a component in its
 * blast radius (reviewers should see both together). Pure.
 */
import { OPEN_STATUSES, type ChangeRequest } from '@/lib/model/change-request';
import type { Conflict } from '@/lib/model/simulation';

export type OpenRequest = Pick<ChangeRequest, 'id' | 'title' | 'status' | 'author' | 'componentId' | 'members'>;

/** One conflict per other request: on a component both change if there is one, else on one of ours it changes. */
export function findConflicts(
  requests: readonly OpenRequest[],
  { componentIds, dependents, excludeId }: { componentIds: ReadonlySet<string>; dependents: ReadonlyMap<string, unknown>; excludeId?: string },
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const { id, title, status, author, members } of requests) {
    if (id === excludeId || !OPEN_STATUSES.includes(status)) continue;
    const same = members.find((m) => componentIds.has(m.componentId));
    const near = same ? undefined : members.find((m) => dependents.has(m.componentId));
    if (same) conflicts.push({ id, title, status, author, componentId: same.componentId, relation: 'same_component' });
    else if (near) conflicts.push({ id, title, status, author, componentId: near.componentId, relation: 'in_blast_radius' });
  }
  return conflicts.sort((a, b) => (a.relation === b.relation ? a.id.localeCompare(b.id) : a.relation === 'same_component' ? -1 : 1));
}
