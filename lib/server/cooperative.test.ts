import { describe, expect, it } from 'vitest';
import type { Stepwise } from '@/lib/graph/stepwise';
import { mapInSlices, runInSlices, yieldEvery, type Yielder } from './cooperative';

function* countTo(n: number): Stepwise<number> {
  for (let i = 1; i < n; i++) yield;
  return n;
}

describe('cooperative work', () => {
  it('lets callbacks queued meanwhile run between slices', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('queued request'));
    // A budget of 0: every check is due, so the first pause lets the queued callback in.
    const result = await mapInSlices(
      [1, 2],
      (n) => {
        order.push(`item ${n}`);
        return n * 2;
      },
      yieldEvery(0),
    );
    expect(result).toEqual([2, 4]);
    expect(order).toEqual(['item 1', 'queued request', 'item 2']);
  });

  it('pauses stepwise work only when a slice is due, and returns its result', async () => {
    let pauses = 0;
    let checks = 0;
    const everyThird: Yielder = {
      isDue: () => ++checks % 3 === 0,
      pause: async () => {
        pauses++;
      },
    };
    expect(await runInSlices(countTo(10), everyThird)).toBe(10);
    expect({ checks, pauses }).toEqual({ checks: 9, pauses: 3 });
  });
});

describe('loops sharing one yielder', () => {
  it('wait on one pause: each with its own would resume one after another in one turn of the loop, holding it for all their slices', async () => {
    const yielder = yieldEvery(0);
    const first = yielder.pause();
    expect(yielder.pause()).toBe(first);
    await first;
    expect(yielder.pause()).not.toBe(first);
  });
});
