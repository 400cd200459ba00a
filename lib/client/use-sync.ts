import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SyncReportDetails, SyncStatusResponse } from '@/lib/model/sync';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';

/** How often the status is read again while a sync runs (the sync button's progress). */
export const SYNC_POLL_MS = 500;

const isRunning = (status: SyncStatusResponse | undefined) => !!status?.progress && status.progress.phase !== 'done' && status.progress.phase !== 'failed';

/** This instance's sync progress; read again every SYNC_POLL_MS while one runs or `isWatching` (a sync was just asked for). */
export function useSyncStatus({ isWatching = false }: { isWatching?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.syncStatus,
    queryFn: () => apiFetch<SyncStatusResponse>('/api/graph/sync'),
    staleTime: 0,
    refetchInterval: (query) => (isWatching || isRunning(query.state.data) ? SYNC_POLL_MS : false),
  });
}

/** Syncs now (admins); whatever the outcome, everything a sync can change is read again. */
export function useSyncNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<SyncReportDetails>('/api/graph/sync', { method: 'POST' }),
    onSettled: () => {
      for (const queryKey of [queryKeys.graphAll, queryKeys.driftAll, queryKeys.searchAll, queryKeys.componentAll, queryKeys.health, queryKeys.syncStatus]) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
}
