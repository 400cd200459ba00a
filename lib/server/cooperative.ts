import 'server-only';
import type { Stepwise } from '@/lib/graph/stepwise';

/**
 * Long CPU work on the server's one event loop, cut into slices: a sync of
 * 20,000 components is seconds of building, drift and serialising, and
 * every request waiting behind it waited that long. Loops over components
 * ask `isDue()` (a clock read) and, once a slice's budget is spent, await
 * `pause()`, which lets the I/O callbacks and requests queued meanwhile run
 * (setImmediate) before the next slice starts.
 */

/** A slice's budget: well under the 50 ms a waiting request may notice, with room for the one piece of work that starts just before it ends. */
export const SLICE_MS = 10;

export type Yielder = {
  /** Whether this slice's budget is spent. */
  isDue(): boolean;
  /** Lets everything queued run, then starts a new slice. */
  pause(): Promise<void>;
};

export function yieldEvery(budgetMs: number = SLICE_MS): Yielder {
  let sliceStart = performance.now();
  // Loops sharing a yielder (drift's concurrent history readers) wait on one pause: each with its own would resume one after
  // another in the same turn of the loop, every one spending a full budget before anything else ran.
  let pending: Promise<void> | null = null;
  return {
    isDue: () => performance.now() - sliceStart >= budgetMs,
    pause: () =>
      (pending ??= new Promise<void>((resolve) =>
        setImmediate(() => {
          pending = null;
          sliceStart = performance.now();
          resolve();
        }),
      )),
  };
}

/** For callers that want the work done in one go (nothing else waits on them). */
export const NEVER_YIELD: Yielder = { isDue: () => false, pause: () => Promise.resolve() };

/** Runs stepwise work (lib/graph/stepwise.ts), pausing at its yields whenever a slice is spent. */
export async function runInSlices<T>(work: Stepwise<T>, yielder: Yielder): Promise<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (yielder.isDue()) await yielder.pause();
  }
}

/** `items.map(each)` in slices. */
export async function mapInSlices<T, R>(items: readonly T[], each: (item: T, index: number) => R, yielder: Yielder): Promise<R[]> {
  const out = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = each(items[i], i);
    if (yielder.isDue()) await yielder.pause();
  }
  return out;
}
