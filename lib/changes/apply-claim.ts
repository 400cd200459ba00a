/**
 * The apply claim: before writing to SSM, an applier moves the request from
 * its revision r to r+1 with an `apply_started` event (a compare-and-set in
 * the graph store), so of two appliers racing exactly one may write. While the
 * request still sits at the claim's revision, the claim is in progress; a
 * claim older than the lease belongs to an apply that died between its claim
 * and its record, and the next apply re-claims and finds out what happened
 * (lib/workflow/apply-change.ts): SSM's history names the request of every
 * write Karma makes (write-tag.ts). Pure.
 */
import { z } from 'zod';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import type { ApplyInProgress } from './policy';

/**
 * Longer than an apply can hold a component: the reads, one PutParameter
 * attempt (15 s at most), busy-retries of a write SSM refused, the record.
 * Also the lease on the component (`apply:<component>`).
 */
export const APPLY_LEASE_MS = 2 * 60_000;

/**
 * How long after its write lands an applier may still be recording it:
 * the write's answer (15 s at most) and one graph store call. Past this, a
 * write that names the request and has no record belongs to an apply that
 * gave up (the graph store was down) or died, and the next apply records it
 * at once instead of waiting out the claim. Should the slow applier record
 * after all, the request's compare-and-set refuses it.
 */
export const RECORD_WINDOW_MS = 30_000;

const claimDataSchema = z.object({ claim: z.string(), revision: z.int() });
export type ApplyClaimData = z.infer<typeof claimDataSchema> & { expectedVersion: number | null; parameter: string };

export type ActiveClaim = ApplyInProgress & { claim: string };

function claimOf(event: AuditEvent): z.infer<typeof claimDataSchema> | null {
  if (event.kind !== 'apply_started') return null;
  const parsed = claimDataSchema.safeParse(event.data);
  return parsed.success ? parsed.data : null;
}

/**
 * The claim the request is sitting on, if nothing has happened to it since:
 * the claim that produced the request's current revision (every transition
 * bumps it, so at most one claim can match; event order does not matter).
 */
export function activeClaim(request: Pick<ChangeRequest, 'status' | 'revision'>, events: readonly AuditEvent[], now: Date, leaseMs = APPLY_LEASE_MS): ActiveClaim | null {
  if (request.status !== 'approved') return null;
  for (const event of events) {
    const data = claimOf(event);
    if (data?.revision !== request.revision) continue;
    return { actor: event.actor, since: event.at, isExpired: now.getTime() - Date.parse(event.at) > leaseMs, claim: data.claim };
  }
  return null;
}
