import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { rolloutIdFromSegment, rolloutSegment } from '@/lib/changes/rollout-id';
import type { RolloutAction, RolloutsListResponse, RolloutsQuery, RolloutView } from '@/lib/model/rollout';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';

/** `ro:<uuid>` for either form of a rollout id (the bare uuid of a URL or the full id); the input as it is when it names none. */
export function rolloutKeyId(id: string): string {
  return rolloutIdFromSegment(id) ?? id;
}

/** `?status=running,paused&change=cr:…&component=prod:vpc/main`; empty filters are left out. */
export function rolloutsSearch(query: RolloutsQuery): string {
  const params = new URLSearchParams();
  if (query.status?.length) params.set('status', query.status.join(','));
  if (query.change) params.set('change', query.change);
  if (query.component) params.set('component', query.component);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Rollouts, newest first; the previous rows stay on screen while a new filter loads. */
export function useRollouts(query: RolloutsQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.rollouts(query),
    enabled,
    queryFn: ({ signal }) => apiFetch<RolloutsListResponse>(`/api/rollouts${rolloutsSearch(query)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** One rollout with its change request, what this user may do and its events; 404 for an unknown id. Live events keep it current. */
export function useRollout(id: string | null) {
  const key = id === null ? '' : rolloutKeyId(id);
  return useQuery({
    queryKey: queryKeys.rollout(key),
    enabled: id !== null,
    queryFn: ({ signal }) => apiFetch<RolloutView>(`/api/rollouts/${encodeURIComponent(rolloutSegment(key))}`, { signal }),
  });
}

export type RolloutActionInput = { id: string; action: RolloutAction; componentId?: string; comment?: string };

/**
 * Pause, resume, retry or skip a member, abort. The answer is the rollout as
 * it is now, so the page shows it at once; the lists read again. A refusal
 * is an ApiError with the policy's reason (the page shows it inline).
 */
export function useRolloutAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, componentId, comment }: RolloutActionInput) =>
      apiFetch<RolloutView>(`/api/rollouts/${encodeURIComponent(rolloutSegment(rolloutKeyId(id)))}/${action}`, {
        method: 'POST',
        json: { ...(componentId ? { componentId } : {}), ...(comment ? { comment } : {}) },
      }),
    onSuccess: (view) => {
      client.setQueryData(queryKeys.rollout(rolloutKeyId(view.rollout.id)), view);
    },
    // A refusal may come from a rollout that moved on meanwhile: read it again.
    onError: (_error, { id }) => void client.invalidateQueries({ queryKey: queryKeys.rollout(rolloutKeyId(id)) }),
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.rolloutsAll }),
  });
}
