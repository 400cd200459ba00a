import { useMutation } from '@tanstack/react-query';
import type { ProposalSimulation, SimulateRequest } from '@/lib/model/simulation';
import { apiFetch } from './api-fetch';

/**
 * Simulates a proposal, one component or a change set (POST /api/simulate, no side effects). A mutation, not
 * a query: it runs when the author asks, never per keystroke, and its result
 * belongs to the text that was simulated.
 */
export function useSimulation() {
  return useMutation({
    mutationFn: (input: SimulateRequest) => apiFetch<ProposalSimulation>('/api/simulate', { method: 'POST', json: input }),
  });
}
