'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, componentPath } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { ComponentResponse } from '@/lib/model/api';
import type { ChangeRequest } from '@/lib/model/change-request';
import type { ProposalSimulation } from '@/lib/model/simulation';
import type { CreateBody, SimulateBody } from './change-set';

/**
 * The proposal form's calls, for one component or a change set: the bodies
 * are built by change-set.ts (the single shape for one edited component,
 * `members` otherwise).
 */

/** POST /api/simulate: no side effects; a mutation, so it runs when the author asks and belongs to the text sent. */
export function useSimulateProposal() {
  return useMutation({
    mutationFn: (body: SimulateBody) => apiFetch<ProposalSimulation>('/api/simulate', { method: 'POST', json: body }),
  });
}

/** POST /api/changes: opens the request; the lists refetch. */
export function useCreateProposal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateBody) => apiFetch<ChangeRequest>('/api/changes', { method: 'POST', json: body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.changesAll });
    },
  });
}

/** An existing component to add to the set, read now (its config is what its editor starts from). */
export function useLoadMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      client.fetchQuery({
        queryKey: queryKeys.component(id),
        queryFn: ({ signal }) => apiFetch<ComponentResponse>(`/api/components/${componentPath(id)}`, { signal }),
        // The editor must start from the config as it is, not as it was when some other page cached it.
        staleTime: 0,
      }),
  });
}
