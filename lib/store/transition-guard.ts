/**
 * The compare-and-set rule of change-request transitions (ARCHITECTURE.md
 * §4, §6), shared by the adapters: a transition applies only to the status
 * and revision the caller saw, so two portal instances can never both
 * approve or apply. Rollout transitions follow the same rule on the
 * revision alone. Pure.
 */
import { AppError } from '@/lib/model/errors';
import type { AuditEvent, ChangeRequest, ChangeStatus } from '@/lib/model/change-request';
import type { Rollout } from '@/lib/model/rollout';
import type { RolloutTransitionInput, TransitionInput } from './graph-store';

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

/**
 * The events of a rollout's write (its creation, a transition): at least
 * one, each naming the rollout's change request, since that is what links
 * them to its audit trail in both adapters. A bad_request otherwise.
 */
export function rolloutEventsProblem(changeRequestId: string, events: readonly AuditEvent[]): AppError | null {
  if (events.length === 0) return new AppError('bad_request', 'A rollout is written with at least one event');
  const stray = events.find((e) => e.changeRequestId !== changeRequestId);
  if (!stray) return null;
  return new AppError('bad_request', `Event ${stray.id} of a rollout names change request ${stray.changeRequestId ?? '(none)'}, not the rollout's ${changeRequestId}`);
}

/** Rollout transitions compare the revision alone: what a status allows is the service's rule, not the store's. */
export function isRolloutTransitionAllowed(current: Rollout, input: RolloutTransitionInput): boolean {
  return current.revision === input.expectedRevision && rolloutEventsProblem(current.changeRequestId, input.events) === null;
}

/** Why a rollout transition did not apply: the rollout is gone, someone moved it past the caller's revision first, or its events are not its own. */
export function rolloutRefusal(current: Rollout | null, input: RolloutTransitionInput): AppError {
  if (!current) return new AppError('not_found', `No rollout ${input.id}`);
  if (current.revision !== input.expectedRevision) {
    return new AppError(
      'conflict',
      `Rollout ${input.id} is ${current.status} at revision ${current.revision}, not at revision ${input.expectedRevision}: someone changed it first; nothing was changed`,
      { details: { id: input.id, status: current.status, revision: current.revision } },
    );
  }
  return (
    rolloutEventsProblem(current.changeRequestId, input.events) ??
    // Allowed, yet the store matched nothing (on Gremlin: its change request's vertex is gone).
    new AppError('internal', `Rollout ${input.id} at revision ${current.revision} could not be changed; nothing was changed`)
  );
}

/** The rollout after the transition: the patch (fields it leaves undefined are kept), the next revision, the store's clock. */
export function applyRolloutTransition(current: Rollout, input: RolloutTransitionInput, now: Date): Rollout {
  const patch = Object.fromEntries(Object.entries(input.patch).filter(([, value]) => value !== undefined));
  return { ...current, ...patch, revision: current.revision + 1, updatedAt: now.toISOString() };
}
