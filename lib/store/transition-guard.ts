/**
 * The compare-and-set rule of change-request transitions (ARCHITECTURE.md
 * §4, §6), shared by the adapters: a transition applies only to the status
 * and revision the caller saw, so two portal instances can never both
 * approve or apply. Pure.
 */
import { AppError } from '@/lib/model/errors';
import type { ChangeRequest, ChangeStatus } from '@/lib/model/change-request';
import type { TransitionInput } from './graph-store';

export function expectedStatuses(input: Pick<TransitionInput, 'expectedStatus'>): ChangeStatus[] {
  return typeof input.expectedStatus === 'string' ? [input.expectedStatus] : [...input.expectedStatus];
}

export function isTransitionAllowed(current: ChangeRequest, input: TransitionInput): boolean {
  return expectedStatuses(input).includes(current.status) && current.revision === input.expectedRevision;
}

/** Why a transition did not apply: the request is gone, or someone else moved it first. */
export function transitionRefusal(current: ChangeRequest | null, input: TransitionInput): AppError {
  if (!current) return new AppError('not_found', `No change request ${input.id}`);
  const expected = expectedStatuses(input).join(' or ');
  return new AppError(
    'conflict',
    `Change request ${input.id} is ${current.status} at revision ${current.revision}, not ${expected} at revision ${input.expectedRevision}: ` +
      'someone changed it first; nothing was changed',
    { details: { id: input.id, status: current.status, revision: current.revision } },
  );
}

/** The request after the transition: the patch, the next revision, the store's clock. */
export function applyTransition(current: ChangeRequest, input: TransitionInput, now: Date): ChangeRequest {
  return { ...current, ...input.patch, revision: current.revision + 1, updatedAt: now.toISOString() };
}
