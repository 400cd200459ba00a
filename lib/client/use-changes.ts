import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { changeSegment } from '@/lib/changes/change-id';
import type { ChangeRequest } from '@/lib/model/change-request';
import type { ChangesListResponse, ChangesQuery } from '@/lib/model/simulation';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';
import type { SimulateInput } from './use-simulation';

/** `?status=open&status=approved&env=prod`; empty filters are left out. */
export function changesSearch(query: ChangesQuery): string {
  const params = new URLSearchParams();
  for (const status of query.status ?? []) params.append('status', status);
  for (const key of ['env', 'component', 'author'] as const) if (query[key]) params.set(key, query[key]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Change requests, newest first; the previous rows stay on screen while a new filter loads. */
export function useChanges(query: ChangesQuery) {
  return useQuery({
    queryKey: queryKeys.changes(query),
    queryFn: () => apiFetch<ChangesListResponse>(`/api/changes${changesSearch(query)}`),
    placeholderData: keepPreviousData,
  });
}

/** One change request with its impact at submission. */
export function useChange(id: string) {
  return useQuery({
    queryKey: queryKeys.change(id),
    queryFn: () => apiFetch<ChangeRequest>(`/api/changes/${changeSegment(id)}`),
  });
}

/** A proposal (an existing component or a new one), with the config version it was edited from. */
export type CreateChangeInput = SimulateInput & { title: string; description: string; baseVersion: number | null };

/** Opens a change request; the lists refetch. */
export function useCreateChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateChangeInput) => apiFetch<ChangeRequest>('/api/changes', { method: 'POST', json: input }),
    onSuccess: (created) => {
      client.setQueryData(queryKeys.change(created.id), created);
      void client.invalidateQueries({ queryKey: queryKeys.changesAll });
    },
  });
}
