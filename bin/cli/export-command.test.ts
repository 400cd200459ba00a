import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKarma, type KarmaRun } from './testing/run-karma';

// The real `bin/karma` in a child process on the demo estate (the embedded
// stores, seeded from fixtures/demo on first use). The formats themselves
// are lib/export's tests; networkx reading them is tests/integration/export-networkx.itest.ts.
vi.setConfig({ testTimeout: 60_000 });
let dataDir: string;

function karma(...args: string[]): KarmaRun {
  return runKarma(args, { env: { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: dataDir } });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'karma-export-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('karma export', () => {
  it('writes the demo estate as CSV to stdout: a header and a row per component and dangling target', () => {
    const { code, stdout } = karma('export', '--format', 'csv');
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^id,env,type,nickname,status,placeholder,/);
    // 62 components and the one bucket a dangling reference names.
    expect(rows).toHaveLength(1 + 63);
    expect(rows.filter((r) => r.includes(',true,')).length).toBeGreaterThan(0);
  });

  it('writes a file all at once with --out, and says what it wrote on stderr', async () => {
    const out = path.join(dataDir, 'exports', 'estate.graphml');
    const { code, stdout, stderr } = karma('export', '--format', 'graphml', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Wrote .*estate\.graphml: 62 components, 1 placeholders, \d+ edges as of \d{4}-/);
    const xml = await readFile(out, 'utf8');
    expect(xml.match(/<node /g)).toHaveLength(63);
  });

  it.each([
    [['export'], /--format is required/],
    [['export', '--format', 'gexf'], /format must be one of graphml, csv, jsonl/],
    [['export', '--format', 'graphml', '--table', 'edges'], /table is for format=csv/],
    [['export', '--format', 'csv', '--colour', 'red'], /unknown option --colour/],
    [['export', '--format', 'csv', '--at', 'yesterday'], /at must be an ISO 8601 date-time/],
  ])('refuses %j with exit 2', (args, message) => {
    const { code, stderr } = karma(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
