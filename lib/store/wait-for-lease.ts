import type { GraphStore, LeaseOutcome, LeaseRequest } from './graph-store';

export type WaitOptions = {
  /** Give up after this long; the last refusal is returned. */
  maxWaitMs: number;
  /** First pause between attempts; doubles up to `maxPauseMs`. */
  pauseMs?: number;
  maxPauseMs?: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes a lease, trying again while someone else holds it, for at most
 * `maxWaitMs`. Leases guard short critical sections (one SSM write, one
 * sync), so polling with a growing pause costs a few cheap store calls.
 */
export async function waitForLease(
  store: Pick<GraphStore, 'acquireLease'>,
  request: LeaseRequest,
  { maxWaitMs, pauseMs = 50, maxPauseMs = 500 }: WaitOptions,
): Promise<LeaseOutcome> {
  const deadline = Date.now() + maxWaitMs;
  let pause = pauseMs;
  for (;;) {
    const outcome = await store.acquireLease(request);
    if (outcome.acquired || Date.now() + pause > deadline) return outcome;
    // Jitter, so instances polling together do not keep colliding.
    await sleep(pause / 2 + Math.random() * pause);
    pause = Math.min(pause * 2, maxPauseMs);
  }
}
