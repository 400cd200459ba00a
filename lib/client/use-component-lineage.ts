import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { changeSegment } from '@/lib/changes/change-id';
import type { ChangeRequest } from '@/lib/model/change-request';
import type { ComponentLineage } from '@/lib/model/component-lineage';
import { apiFetch, componentPath } from './api-fetch';
import { queryKeys } from './query-keys';

/** The component's timeline, the live runtime's chain and its config versions with what may be reverted to; 404 for an id with no history. */
export function useComponentLineage(id: string, { initialData }: { initialData?: ComponentLineage } = {}) {
  return useQuery({
    queryKey: queryKeys.componentLineage(id),
    initialData,
    queryFn: ({ signal }) => apiFetch<ComponentLineage>(`/api/components/${componentPath(id)}/lineage`, { signal }),
  });
}

/** Opens a change request putting back one config version of the component; the lists and the component refetch. */
export function useRevertToVersion(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => apiFetch<ChangeRequest>(`/api/components/${componentPath(id)}/revert`, { method: 'POST', json: { version } }),
    onSuccess: () => {
      for (const queryKey of [queryKeys.changesAll, queryKeys.component(id)]) void client.invalidateQueries({ queryKey });
    },
  });
}

/** Opens ONE change request undoing an applied request or change set. */
export function useRevertChange(change: Pick<ChangeRequest, 'id' | 'componentId'>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<ChangeRequest>(`/api/changes/${changeSegment(change.id)}/revert`, { method: 'POST', json: {} }),
    onSuccess: () => {
      for (const queryKey of [queryKeys.changesAll, queryKeys.change(change.id), queryKeys.component(change.componentId)]) void client.invalidateQueries({ queryKey });
    },
  });
}
