import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SearchResponse } from '@/lib/model/api';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';

/**
 * Components matching a search text (names, types, config and runtime
 * values), and the environments and types there are. An empty text still
 * answers the facets, which the filter menus use.
 */
export function useSearch(q: string, { enabled = true }: { enabled?: boolean } = {}) {
  const text = q.trim();
  return useQuery({
    queryKey: queryKeys.search(text),
    enabled,
    queryFn: ({ signal }) => apiFetch<SearchResponse>(`/api/search?q=${encodeURIComponent(text)}`, { signal }),
    placeholderData: keepPreviousData,
    staleTime: text ? 30_000 : 5 * 60_000,
  });
}
