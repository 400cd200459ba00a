import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { changeSegment } from '@/lib/changes/change-id';
import type { ChangeView, DecisionResult, ImpactView } from '@/lib/changes/review-model';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import type { ChangesListResponse, ChangesQuery, CreateChangeRequest } from '@/lib/model/simulation';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';

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

/** One change request as reviewers see it: audit trail, base and current configs, the signed-in user's allowed actions. */
export function useChange(id: string) {
  return useQuery({
    queryKey: queryKeys.change(id),
    queryFn: () => apiFetch<ChangeView>(`/api/changes/${changeSegment(id)}`),
  });
}

/** The proposal simulated again against today's graph (only while it is undecided). */
export function useChangeImpact(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.changeImpact(id),
    enabled,
    queryFn: () => apiFetch<ImpactView>(`/api/changes/${changeSegment(id)}/impact`),
  });
}

/** Opens a change request (one component or a change set, with the versions it was edited from); the lists refetch. */
export function useCreateChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateChangeRequest) => apiFetch<ChangeRequest>('/api/changes', { method: 'POST', json: input }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.changesAll });
    },
  });
}

export type Decision = 'approve' | 'reject' | 'withdraw' | 'apply';

/**
 * Approve, reject, withdraw or apply. Whatever the outcome (a refusal may
 * have marked the request stale, a failed apply records apply_failed), the
 * request, the lists and the component it touches are read again; an apply
 * also changes the graph and drift.
 */
export function useDecision(change: Pick<ChangeRequest, 'id' | 'componentId'>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ decision, comment }: { decision: Decision; comment: string }) =>
      apiFetch<DecisionResult>(`/api/changes/${changeSegment(change.id)}/${decision}`, { method: 'POST', json: { comment } }),
    onSettled: (result) => {
      for (const queryKey of [queryKeys.change(change.id), queryKeys.changesAll, queryKeys.component(change.componentId)]) void client.invalidateQueries({ queryKey });
      if (result?.apply) for (const queryKey of [queryKeys.graphAll, queryKeys.driftAll]) void client.invalidateQueries({ queryKey });
    },
  });
}

/** Adds a comment; it shows in the request's audit trail and the component's events. */
export function useAddComment(change: Pick<ChangeRequest, 'id' | 'componentId'>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => apiFetch<AuditEvent>(`/api/changes/${changeSegment(change.id)}/comments`, { method: 'POST', json: { text } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.change(change.id), exact: true });
      void client.invalidateQueries({ queryKey: queryKeys.componentEvents(change.componentId) });
    },
  });
}

/** POST /api/changes/publish: what to publish, and optionally how the request is titled. */
export type PublishFromGitInput = { componentId: string; title?: string; description?: string };

/**
 * Opens a request that publishes the component's config repo file to SSM
 * as it is (drift `unpublished`); the lists and the component refetch. A
 * 409 (SSM already holds it) is an ApiError with the server's message.
 */
export function usePublishFromGit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PublishFromGitInput) => apiFetch<ChangeRequest>('/api/changes/publish', { method: 'POST', json: input }),
    onSuccess: (change) => {
      for (const queryKey of [queryKeys.changesAll, queryKeys.component(change.componentId)]) void client.invalidateQueries({ queryKey });
    },
  });
}
