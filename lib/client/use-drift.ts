import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DriftListAsOf } from '@/lib/model/api';
import type { DriftDetailResponse, DriftQuery } from '@/lib/model/drift';
import { apiFetch, componentPath } from './api-fetch';
import { queryKeys } from './query-keys';

/** The drift list's query: the filters, and `at` for drift as it was then. */
export type DriftListQuery = DriftQuery & { at?: string };

/** `?env=dev&status=pending&status=mismatch[&at=<ISO>]`; empty filters are left out. */
export function driftSearch(query: DriftListQuery): string {
  const params = new URLSearchParams();
  for (const key of ['env', 'type', 'status'] as const) for (const value of query[key] ?? []) params.append(key, value);
  if (query.at) params.set('at', query.at);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The drift table; the previous rows stay on screen while a new filter loads. Drift as of a past moment is not read again by live events (query-keys.ts). */
export function useDriftList(query: DriftListQuery) {
  const isPast = query.at !== undefined;
  return useQuery({
    queryKey: isPast ? queryKeys.past('drift', query) : queryKeys.drift(query),
    staleTime: isPast ? Infinity : undefined,
    queryFn: () => apiFetch<DriftListAsOf>(`/api/drift${driftSearch(query)}`),
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
