import { describe, expect, it } from 'vitest';
import { durationText, remainingText, stateText } from './history-command';
import { runKarma } from './testing/run-karma';

describe('karma history text', () => {
  it('says how long what is pending takes at the pace, from one page per slot to two', () => {
    expect(remainingText(10_000, 5)).toBe('10000 components pending: 20000–40000 GetParameterHistory calls at 5/s, about 67 min to 2 h 13 min');
    expect(remainingText(3, null)).toBe('3 components pending, read unpaced');
    expect(remainingText(0, 5)).toBe('nothing pending');
    expect([12, 89, 600, 5_400, 8_000].map(durationText)).toEqual(['12 s', '89 s', '10 min', '1 h 30 min', '2 h 13 min']);
  });

  it('prints the history state', () => {
    const text = stateText({ revision: 4, versions: 120, transitions: 3, earliest: '2026-01-01T00:00:00.000Z', latest: '2026-02-01T00:00:00.000Z', pendingComponents: 0 }, 5);
    expect(text).toBe('History revision 4: 120 versions, 3 drift transitions\n  from 2026-01-01T00:00:00.000Z to 2026-02-01T00:00:00.000Z\n  nothing pending');
  });
});

describe('karma history usage', () => {
  it('exits 2 on usage errors, before anything is read', { timeout: 60_000 }, () => {
    const cases: Array<[string[], RegExp]> = [
      [['history'], /name what to do: history <backfill\|status>/],
      [['history', 'rewind'], /name what to do/],
      [['history', 'backfill', 'now'], /unexpected argument "now"/],
      [['history', 'backfill', '--calls-per-second', '0'], /--calls-per-second must be a number above 0 and at most 100/],
      [['history', 'backfill', '--batch', '3'], /unknown option --batch/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = runKarma(args, { env: { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: '/nonexistent/karma-history-usage' } });
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
    }
  });
});
