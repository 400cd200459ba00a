import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKarma, type KarmaRun } from './testing/run-karma';

// `karma graph build --at` against the real bin/karma and the embedded stores of a fresh data folder:
// the past comes from the graph store's history, which a sync records.
vi.setConfig({ testTimeout: 60_000 });
let dataDir: string;

function karma(...args: string[]): KarmaRun {
  return runKarma(args, { env: { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: dataDir } });
}

const ids = (graph: { components: Array<{ id: string }> }) => graph.components.map((c) => c.id).sort();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'karma-graph-at-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('karma graph build --at', () => {
  it('refuses a moment that is no date-time, and --sync with it, as usage errors', () => {
    const bad = karma('graph', 'build', '--at', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--at: must be an ISO 8601 date-time such as 2026-10-01T12:00:00Z (got "yesterday")');
    const synced = karma('graph', 'build', '--at', '2026-07-01T00:00:00Z', '--sync');
    expect(synced.code).toBe(2);
    expect(synced.stderr).toContain('cannot be synced');
  });

  it('says the graph store holds no history before anything was synced, and how to get one', () => {
    const { code, stderr, stdout } = karma('graph', 'build', '--at', '2026-07-01T00:00:00Z');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('The memory graph store holds no history');
    expect(stderr).toContain('karma graph build --sync');
  });

  it('after a sync, rebuilds the estate from the recorded versions: the same graph as the parameters give, printed the same way', () => {
    expect(karma('graph', 'build', '--sync').code).toBe(0);
    const now = karma('graph', 'build', '--json');
    const past = karma('graph', 'build', '--at', '2026-12-01T00:00:00Z', '--json');
    // The demo has problems (a dangling reference, a cycle, invalid documents), then as now: exit 1 both times.
    expect([now.code, past.code]).toEqual([1, 1]);
    const [present, then] = [JSON.parse(now.stdout), JSON.parse(past.stdout)];
    expect(ids(then)).toEqual(ids(present));
    expect(then.edges.map((e: { id: string }) => e.id).sort()).toEqual(present.edges.map((e: { id: string }) => e.id).sort());

    const text = karma('graph', 'build', '--at', '2026-12-01T00:00:00Z');
    expect(text.stdout).toMatch(/^As of 2026-12-01T00:00:00\.000Z, from the history \(revision \d+, \d+ versions, /);
    expect(text.stdout).toContain(`${present.components.length} components in 2 environment(s)`);
    expect(text.stdout).toMatch(/Cycles: 1\n {2}dev:serverless-api\/orders → dev:serverless-api\/payments → dev:serverless-api\/orders/);
  });

  it('before anything was recorded, the estate was empty, and it says so', () => {
    const { code, stdout } = karma('graph', 'build', '--at', '2020-01-01T00:00:00Z');
    expect(code).toBe(0);
    expect(stdout).toContain('before anything recorded (the history spans ');
    expect(stdout).toContain('0 components');
  });
});
