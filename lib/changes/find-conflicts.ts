/**
 * Other open change requests a proposal collides with: on the same
 * component (whichever is applied second is stale), or on a component in its
 * blast radius (reviewers should see both together). Pure.
 */
import { OPEN_STATUSES, type ChangeRequest } from '@/lib/model/change-request';
import type { Conflict } from '@/lib/model/simulation';

export type OpenRequest = Pick<ChangeRequest, 'id' | 'title' | 'status' | 'author' | 'componentId'>;

export function findConflicts(
  requests: readonly OpenRequest[],
  { componentId, dependents, excludeId }: { componentId: string; dependents: ReadonlyMap<string, unknown>; excludeId?: string },
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const { id, title, status, author, componentId: other } of requests) {
    if (id === excludeId || !OPEN_STATUSES.includes(status)) continue;
    if (other === componentId) conflicts.push({ id, title, status, author, componentId: other, relation: 'same_component' });
    else if (dependents.has(other)) conflicts.push({ id, title, status, author, componentId: other, relation: 'in_blast_radius' });
  }
  return conflicts.sort((a, b) => (a.relation === b.relation ? a.id.localeCompare(b.id) : a.relation === 'same_component' ? -1 : 1));
}
