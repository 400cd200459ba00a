import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

/** A clock that only moves when a taker sleeps, and the moments each take() resolved at. */
function fakeClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('token bucket', () => {
  it('spaces calls 1 / rate apart after the first', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 5, now: clock.now, sleep: clock.sleep });
    const moments: number[] = [];
    for (let i = 0; i < 6; i++) {
      await bucket.take();
      moments.push(clock.now());
    }
    expect(moments).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('queues concurrent takers behind each other: however many readers share it, the rate holds', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 4, now: clock.now, sleep: clock.sleep });
    // Four readers ask at the same moment: each is given the next free slot.
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 250, 500, 750]);
    // Half a second later the queue has moved on by two slots.
    clock.advance(500);
    expect(bucket.reserve()).toBe(500);
  });

  it('lets an idle spell build up at most `burst` calls at once', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3, now: clock.now, sleep: clock.sleep });
    clock.advance(60_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 0, 100]);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});
