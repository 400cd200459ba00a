import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '@/lib/model/errors';
import { baselineResponse } from './bench-baseline';

const URL_BASE = 'http://127.0.0.1:3193/api/bench/baseline';

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

afterEach(() => vi.unstubAllEnvs());

describe('the bench baseline route', () => {
  it('does not exist unless KARMA_BENCH_BASELINE_BYTES is set', () => {
    vi.stubEnv('KARMA_BENCH_BASELINE_BYTES', '');
    expect(codeOf(() => baselineResponse(URL_BASE))).toBe('not_found');
  });

  it('answers the bytes asked for, uncompressed, up to the limit', async () => {
    vi.stubEnv('KARMA_BENCH_BASELINE_BYTES', '4096');
    const response = baselineResponse(`${URL_BASE}?bytes=1000`);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('cache-control')).toContain('no-transform');
    expect((await response.arrayBuffer()).byteLength).toBe(1000);
    expect((await baselineResponse(URL_BASE).arrayBuffer()).byteLength).toBe(4096);
    expect(codeOf(() => baselineResponse(`${URL_BASE}?bytes=4097`))).toBe('bad_request');
  });

  it('refuses a limit that is not a byte count', () => {
    vi.stubEnv('KARMA_BENCH_BASELINE_BYTES', 'lots');
    expect(codeOf(() => baselineResponse(URL_BASE))).toBe('internal');
  });
});
