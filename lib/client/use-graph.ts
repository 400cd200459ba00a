import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fromGraphPayload, type GraphPayload, type GraphQueryParams } from '@/lib/model/api';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';

/** encodeURIComponent, keeping `:` `/` `,` readable (legal in a query string). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2F/gi, '/').replace(/%2C/gi, ',');
}

/** `?env=dev,prod&focus=prod:vpc/main&hops=2` (or `…&path=A,B`, `…&at=<ISO>&compare=<ISO>`) for /api/graph. */
export function graphSearch(query: GraphQueryParams): string {
  const parts: string[] = [];
  for (const key of ['env', 'type', 'status', 'focus', 'path'] as const) {
    const values = query[key];
    if (values?.length) parts.push(`${key}=${encode(values.join(','))}`);
  }
  if (query.hops !== undefined) parts.push(`hops=${query.hops}`);
  if (query.siblings) parts.push('siblings=1');
  for (const key of ['at', 'compare'] as const) if (query[key]) parts.push(`${key}=${encode(query[key])}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * The graph as the view's filters cut it (filtered on the server, so the
 * browser only receives what it shows). While a new filter loads, the
 * previous graph stays on screen; an unchanged refetch keeps the same data
 * object, so nothing downstream re-lays out. A past graph (`at=`) is cached
 * under a key of its own that no live event touches, and never goes stale:
 * what was does not change. A comparison with now follows the live graph.
 */
export function useGraph(query: GraphQueryParams, { enabled = true }: { enabled?: boolean } = {}) {
  const isPast = query.at !== undefined;
  return useQuery({
    enabled,
    queryKey: isPast ? queryKeys.past('graph', query) : queryKeys.graph(query),
    staleTime: isPast ? Infinity : undefined,
    queryFn: async ({ signal }) => fromGraphPayload(await apiFetch<GraphPayload>(`/api/graph${graphSearch(query)}`, { signal })),
    placeholderData: keepPreviousData,
  });
}
