import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ComponentResponse } from '@/lib/model/api';
import type { AuditEvent } from '@/lib/model/change-request';
import type { ParameterVersion } from '@/lib/model/parameters';
import { apiFetch, componentPath } from './api-fetch';
import { queryKeys } from './query-keys';

export type ComponentHistoryResponse = { id: string; document: 'config' | 'runtime'; parameter: string; versions: ParameterVersion[] };

/** One component with its documents, dependencies and dependents; 404 for an unknown id. */
export function useComponent(id: string | null, { initialData }: { initialData?: ComponentResponse } = {}) {
  return useQuery({
    queryKey: queryKeys.component(id ?? ''),
    enabled: id !== null,
    initialData,
    queryFn: ({ signal }) => apiFetch<ComponentResponse>(`/api/components/${componentPath(id!)}`, { signal }),
  });
}

/** Reads a component now, when asked (a change set's new member: its editor starts from the config as it is, not as some page cached it). */
export function useLoadComponent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      client.fetchQuery({
        queryKey: queryKeys.component(id),
        queryFn: ({ signal }) => apiFetch<ComponentResponse>(`/api/components/${componentPath(id)}`, { signal }),
        staleTime: 0,
      }),
  });
}

/** Every SSM version of the component's config, oldest first. */
export function useComponentHistory(id: string | null) {
  return useQuery({
    queryKey: queryKeys.componentHistory(id ?? ''),
    enabled: id !== null,
    queryFn: ({ signal }) => apiFetch<ComponentHistoryResponse>(`/api/components/${componentPath(id!)}/history?document=config`, { signal }),
  });
}

/** The component's audit trail across its change requests, oldest first. */
export function useComponentEvents(id: string | null) {
  return useQuery({
    queryKey: queryKeys.componentEvents(id ?? ''),
    enabled: id !== null,
    queryFn: async ({ signal }): Promise<AuditEvent[]> => (await apiFetch<{ events: AuditEvent[] }>(`/api/components/${componentPath(id!)}/events`, { signal })).events,
  });
}
