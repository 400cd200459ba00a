import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SYNC_INTERVAL_SECONDS,
  defaultSyncIntervalSeconds,
  floorSecondsFor,
  MIN_SSM_SYNC_INTERVAL_SECONDS,
  nextIntervalWait,
  pagesFor,
  startIntervalSyncs,
  syncIntervalProblem,
} from './sync-interval';

describe('the background sync interval', () => {
  it('is 300 s outside the demo and off in it', () => {
    expect(DEFAULT_SYNC_INTERVAL_SECONDS).toBe(300);
    expect(defaultSyncIntervalSeconds({ isDemo: false })).toBe(300);
    expect(defaultSyncIntervalSeconds({ isDemo: true })).toBe(0);
  });

  it.each<[number, 'local' | 'ssm', boolean]>([
    [0, 'ssm', true],
    [MIN_SSM_SYNC_INTERVAL_SECONDS, 'ssm', true],
    [300, 'ssm', true],
    [MIN_SSM_SYNC_INTERVAL_SECONDS - 1, 'ssm', false],
    [5, 'ssm', false],
    [5, 'local', true],
  ])('%i s on %s parameters is accepted: %s', (seconds, parameters, isAccepted) => {
    expect(syncIntervalProblem(seconds, parameters) === null).toBe(isAccepted);
  });

  it('says why a short SSM interval is refused and what to set instead', () => {
    expect(syncIntervalProblem(10, 'ssm')).toMatch(/KARMA_SYNC_INTERVAL_SECONDS=10 is too short for SSM: .* 40 calls\/s .* at least 60 \(the default is 300\), or 0/);
  });
});

describe('the size of a sync in GetParametersByPath calls', () => {
  it('counts 10 parameters a page and at least one page per environment', () => {
    expect(pagesFor([])).toBe(0);
    expect(pagesFor([0])).toBe(1);
    expect(pagesFor([10, 11, 1])).toBe(1 + 2 + 1);
    // The estate: 5,000 components, ~10,000 parameters.
    expect(pagesFor([10_000])).toBe(1_000);
  });

  it('needs the interval that keeps the calls within a quarter of 40 calls/s', () => {
    expect(floorSecondsFor(1_000)).toBe(100);
    expect(floorSecondsFor(3_000)).toBe(DEFAULT_SYNC_INTERVAL_SECONDS);
    expect(floorSecondsFor(4_000)).toBe(400);
  });
});

describe('the wait before the next background sync', () => {
  it('is the interval, jittered by at most 10 % either way', () => {
    const wait = (random: number) => nextIntervalWait({ intervalSeconds: 300, parameters: 'ssm', lastPages: 1_000, random }).waitMs;
    expect(wait(0.5)).toBe(300_000);
    expect(wait(0)).toBe(270_000);
    expect(wait(0.999_999)).toBeLessThanOrEqual(330_000);
    expect(wait(0.999_999)).toBeGreaterThan(329_000);
  });

  it('is stretched on SSM when the last sync was too large for the interval, and never on local parameters', () => {
    expect(nextIntervalWait({ intervalSeconds: 300, parameters: 'ssm', lastPages: 4_000, random: 0.5 })).toEqual({ waitMs: 400_000, baseSeconds: 400, isStretched: true });
    expect(nextIntervalWait({ intervalSeconds: 300, parameters: 'local', lastPages: 4_000, random: 0.5 })).toEqual({ waitMs: 300_000, baseSeconds: 300, isStretched: false });
    expect(nextIntervalWait({ intervalSeconds: 300, parameters: 'ssm', lastPages: null, random: 0.5 }).isStretched).toBe(false);
  });
});

describe('startIntervalSyncs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('syncs once per wait, counting each wait from the end of the last sync, and says when it stretches the wait', async () => {
    vi.useFakeTimers();
    let pages: number | null = null;
    const finishers: Array<() => void> = [];
    const logs: string[] = [];
    const syncs = startIntervalSyncs({
      intervalSeconds: 300,
      parameters: 'ssm',
      lastPages: () => pages,
      random: () => 0.5,
      log: (line) => logs.push(line),
      sync: () => new Promise<void>((resolve) => finishers.push(resolve)),
    });
    expect(syncs.nextAt()).not.toBeNull();

    await vi.advanceTimersByTimeAsync(300_000);
    expect(finishers).toHaveLength(1);
    // While that sync runs, nothing else is due, however long it takes.
    expect(syncs.nextAt()).toBeNull();
    await vi.advanceTimersByTimeAsync(900_000);
    expect(finishers).toHaveLength(1);

    pages = 4_000;
    finishers[0]();
    await vi.advanceTimersByTimeAsync(0);
    expect(logs).toEqual([expect.stringMatching(/every 400 s instead of 300 s: a sync reads 4000 pages/)]);
    await vi.advanceTimersByTimeAsync(399_999);
    expect(finishers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(finishers).toHaveLength(2);

    syncs.stop();
    finishers[1]();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(finishers).toHaveLength(2);
    expect(syncs.nextAt()).toBeNull();
  });

  it('goes on after a sync that throws', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const syncs = startIntervalSyncs({
      intervalSeconds: 60,
      parameters: 'local',
      lastPages: () => null,
      random: () => 0.5,
      sync: async () => {
        calls += 1;
        throw new Error('store down');
      },
    });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toBe(2);
    syncs.stop();
  });
});
