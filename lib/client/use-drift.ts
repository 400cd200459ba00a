import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DriftDetailResponse, DriftListResponse, DriftQuery } from '@/lib/model/drift';
import { apiFetch, componentPath } from './api-fetch';
import { queryKeys } from './query-keys';

/** `?env=dev&status=pending&status=mismatch`; empty filters are left out. */
export function driftSearch(query: DriftQuery): string {
  const params = new URLSearchParams();
  for (const key of ['env', 'type', 'status'] as const) for (const value of query[key] ?? []) params.append(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The drift table; the previous rows stay on screen while a new filter loads. */
export function useDriftList(query: DriftQuery) {
  return useQuery({
    queryKey: queryKeys.drift(query),
    queryFn: () => apiFetch<DriftListResponse>(`/api/drift${driftSearch(query)}`),
    placeholderData: keepPreviousData,
  });
}

/** One component's drift; reads its version histories on the server. */
export function useDriftDetail(id: string) {
  return useQuery({
    queryKey: queryKeys.driftDetail(id),
    queryFn: () => apiFetch<DriftDetailResponse>(`/api/drift/${componentPath(id)}`),
  });
}
