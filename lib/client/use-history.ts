import { useQuery } from '@tanstack/react-query';
import type { HistoryResponse } from '@/lib/model/api';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';

/** While the history worker is still reading components' SSM histories, the moments are read again this often. */
const BACKFILL_POLL_MS = 5_000;

/**
 * The history's state and the moments the estate changed, for the time
 * slider: read again with each new graph generation (live events), and
 * every few seconds while a backfill is under way, so the slider grows as
 * the past is read.
 */
export function useHistory({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.history,
    enabled,
    queryFn: ({ signal }) => apiFetch<HistoryResponse>('/api/history', { signal }),
    refetchInterval: (query) => ((query.state.data?.state.pendingComponents ?? 0) > 0 ? BACKFILL_POLL_MS : false),
  });
}
