import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_MB, heapBudgetMb, nextBin, nextStartArgs } from './build.mjs';

describe('the portal launch', () => {
  it('runs next start under the default heap budget', () => {
    expect(nextStartArgs({ host: '127.0.0.1', port: 3000, env: {} })).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`, nextBin, 'start', '-H', '127.0.0.1', '-p', '3000']);
  });

  it('takes KARMA_HEAP_MB, and 0 for V8’s own limit', () => {
    expect(nextStartArgs({ env: { KARMA_HEAP_MB: '1024' } })).toEqual(['--max-old-space-size=1024', nextBin, 'start']);
    expect(nextStartArgs({ env: { KARMA_HEAP_MB: '0' } })).toEqual([nextBin, 'start']);
  });

  it('refuses a budget that is no whole number of megabytes or too small to hold the portal', () => {
    for (const bad of ['512MB', '-1', '1.5', '64']) expect(() => heapBudgetMb({ KARMA_HEAP_MB: bad })).toThrow(/KARMA_HEAP_MB must be a whole number of megabytes, at least 128/);
  });
});
