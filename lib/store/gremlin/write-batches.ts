/**
 * How much one request may carry. AWS's guidance for Neptune upserts is
 * about 200 *records* per request — a record being one label or one
 * property, so a vertex with a label and 4 properties is 5 — and fewer than
 * ~1,500 Gremlin steps; the budget here is in those units.
 */

export type BatchLimits = {
  /** Labels + properties written per request (AWS's "records"). */
  maxRecords: number;
  /** Gremlin steps per request, child traversals included. */
  maxSteps: number;
  /** Rough bytes of values per request, to stay well inside frame limits. */
  maxBytes: number;
};

/**
 * Chosen by measurement (bench/neptune-sync.ts has the table): a first sync
 * of 10,000 components + 21,800 edges against Gremlin Server 3.7.3 on
 * loopback takes a median 5.9 s at 200 records per request (1,614 requests),
 * 5.1 s at 500, 4.5 s at 1,000 (317 requests), 4.3 s at 2,000, 4.0 s at
 * 5,000 and 4.2 s at 10,000: past ~1,000 the server's own work per element
 * dominates and bigger requests buy nothing.
 * - 1,000 records: the smallest size on that plateau. Five times AWS's
 *   starting point, but a fifth of its requests, and every request saved is
 *   a network round trip to Neptune saved (about 1.3 s per millisecond of
 *   round trip, for this graph, against 200); smaller transactions than the
 *   plateau's far end also hold Neptune's locks for less time.
 * - 1,500 steps: binds only on updates of existing components (one
 *   `property(single, …)` step per field, ~25 steps each); creations are
 *   rows of one inject() and add no steps per element.
 * - 1 MB of values: components carry JSON documents of up to 8 KB each; a
 *   request of hundreds of them would be a frame of several MB.
 */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxRecords: 1_000, maxSteps: 1_500, maxBytes: 1_000_000 };

export type Sized = { records: number; steps: number; bytes: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Steps in a traversal's bytecode, counting those of child traversals in arguments. */
export function countSteps(bytecode: unknown): number {
  if (!isRecord(bytecode) || !Array.isArray(bytecode.stepInstructions)) return 0;
  let steps = 0;
  for (const instruction of bytecode.stepInstructions) {
    steps += 1;
    if (!Array.isArray(instruction)) continue;
    for (const argument of instruction.slice(1)) {
      if (isRecord(argument) && typeof argument.getBytecode === 'function') steps += countSteps(argument.getBytecode());
    }
  }
  return steps;
}

/** Greedy batches in order, each within every limit (an op over a limit on its own gets a batch of one). */
export function planBatches<T extends Sized>(ops: readonly T[], limits: BatchLimits): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let used: Sized = { records: 0, steps: 0, bytes: 0 };
  for (const next of ops) {
    const isFull = used.records + next.records > limits.maxRecords || used.steps + next.steps > limits.maxSteps || used.bytes + next.bytes > limits.maxBytes;
    if (current.length > 0 && isFull) {
      batches.push(current);
      current = [];
      used = { records: 0, steps: 0, bytes: 0 };
    }
    current.push(next);
    used = { records: used.records + next.records, steps: used.steps + next.steps, bytes: used.bytes + next.bytes };
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
