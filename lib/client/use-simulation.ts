import { useMutation } from '@tanstack/react-query';
import type { ProposalSimulation } from '@/lib/model/simulation';
import { apiFetch } from './api-fetch';

export type SimulateInput = ({ componentId: string } | { env: string; type: string; nickname: string }) & { proposedConfig: string };

/**
 * Simulates a proposal (POST /api/simulate, no side effects). A mutation, not
 * a query: it runs when the author asks, never per keystroke, and its result
 * belongs to the text that was simulated.
 */
export function useSimulation() {
  return useMutation({
    mutationFn: (input: SimulateInput) => apiFetch<ProposalSimulation>('/api/simulate', { method: 'POST', json: input }),
  });
}
