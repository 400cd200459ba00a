/**
 * What taking, renewing, wanting and releasing a lease do to it (the
 * GraphStore lease contract), as pure functions: the memory store applies
 * them under its file lock; the Gremlin store writes the same rules as one
 * traversal each (gremlin/leases.ts), and one contract suite checks both.
 */
import type { LeaseOutcome, LeaseRelease, LeaseRequest } from './graph-store';

export type StoredLease = {
  /** Empty when released. */
  holder: string;
  /** Epoch milliseconds; 0 when released. */
  expiresAt: number;
  /** Someone asked for the holder's work once more. */
  isWanted: boolean;
};

const FREE: StoredLease = { holder: '', expiresAt: 0, isWanted: false };

function isTakeable(current: StoredLease, request: LeaseRequest, now: number): boolean {
  if (current.holder === '' || current.expiresAt <= now) return true;
  return request.takeOverPrefix !== undefined && current.holder.startsWith(request.takeOverPrefix);
}

export function acquireLease(stored: StoredLease | null, request: LeaseRequest, now: number): { next: StoredLease | null; outcome: LeaseOutcome } {
  const current = stored ?? FREE;
  const expiresAt = now + request.ttlMs;
  if (current.holder === request.holder) {
    // A renewal keeps a wish made during the holder's run: that run read before it.
    return { next: { ...current, expiresAt }, outcome: { acquired: true, expiresAt: new Date(expiresAt).toISOString() } };
  }
  if (isTakeable(current, request, now)) {
    // A fresh holder starts its work now, which answers every wish made before.
    return { next: { holder: request.holder, expiresAt, isWanted: false }, outcome: { acquired: true, expiresAt: new Date(expiresAt).toISOString() } };
  }
  return { next: null, outcome: { acquired: false, holder: current.holder, expiresAt: new Date(current.expiresAt).toISOString() } };
}

export function wantLease(stored: StoredLease | null): StoredLease {
  return { ...(stored ?? FREE), isWanted: true };
}

export function releaseLease(
  stored: StoredLease | null,
  request: LeaseRequest,
  { keepIfWanted = false }: { keepIfWanted?: boolean },
  now: number,
): { next: StoredLease | null; result: LeaseRelease } {
  if (!stored || stored.holder !== request.holder) return { next: null, result: 'not_held' };
  if (keepIfWanted && stored.isWanted) return { next: { holder: request.holder, expiresAt: now + request.ttlMs, isWanted: false }, result: 'kept' };
  return { next: { ...FREE, isWanted: stored.isWanted }, result: 'released' };
}
