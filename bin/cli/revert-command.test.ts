import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKarma, type KarmaRun } from './testing/run-karma';

// The real `bin/karma` against a fresh demo data folder, whose history is read first (`karma history backfill`) as a portal's worker would.
vi.setConfig({ testTimeout: 120_000 });
let dataDir: string;

function karma(...args: string[]): KarmaRun {
  return runKarma(args, { env: { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: dataDir } });
}

/** Version `index + 1` of a demo parameter, as fixtures/demo holds it. */
function demoConfig(env: string, name: string, index: number): unknown {
  const file = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../fixtures/demo/parameters', `${env}.json`), 'utf8')) as {
    parameters: Array<{ name: string; history: Array<{ value: unknown }> }>;
  };
  return file.parameters.find((p) => p.name === name)!.history[index].value;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'karma-revert-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('karma revert', () => {
  it('is in the help', () => {
    expect(karma('help').stdout).toMatch(/^ {2}revert \(<env>:<type>\/<nickname> --to-version N \| --change <cr:id>\)/m);
  });

  it('exits 2 on usage errors, before anything is read', () => {
    const cases: Array<[string[], RegExp]> = [
      [['revert'], /name the component \(<env>:<type>\/<nickname>\) with --to-version N, or give --change <cr:id>/],
      [['revert', 'dev:vpc/main'], /say which config version to go back to: --to-version N/],
      [['revert', 'vpc/main', '--to-version', '1'], /"vpc\/main" is not a component id/],
      [['revert', 'dev:vpc/main', '--to-version', 'first'], /--to-version needs a version number \(1 or more\), not "first"/],
      [['revert', '--change', 'nope'], /--change needs a change request id \(cr:<uuid> or the uuid\), not "nope"/],
      [['revert', 'dev:vpc/main', '--change', '3f0c2a8e-1b7d-4c5e-9a6f-2d8b4e1c7a90'], /--change reverts a whole change request: give it alone/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = karma(...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/Usage: karma revert /);
    }
  });

  it('opens a request putting back a recorded version, and refuses the current one and a change that is not applied (exit 1)', () => {
    // A sync records what it sees and leaves every component's older versions to the backfill.
    karma('graph', 'build', '--sync');
    expect(karma('history', 'backfill').code).toBe(0);
    const opened = karma('revert', 'dev:vpc/main', '--to-version', '1', '--json');
    expect(opened.code, opened.stderr).toBe(0);
    const request = JSON.parse(opened.stdout);
    expect(request).toMatchObject({
      title: 'Revert dev:vpc/main to config version 1',
      status: 'open',
      baseVersion: 3,
      members: [{ componentId: 'dev:vpc/main', action: 'update', baseVersion: 3 }],
    });
    expect(request.description).toMatch(/^Puts back config version 1 of dev:vpc\/main, written by PlatformEngineer\/jane\.doe at .*, in place of the current version 3\.$/);
    // The proposal is version 1 exactly as it was published.
    expect(request.proposedConfig).toBe(JSON.stringify(demoConfig('dev', '/iac/vpc/main/config', 0)));

    const current = karma('revert', 'dev:vpc/main', '--to-version', '3');
    expect(current.code).toBe(1);
    expect(current.stderr).toContain('Version 3 is the current config of dev:vpc/main');

    const open = karma('revert', '--change', request.id);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(`${request.id} is open: only an applied change can be reverted`);
  });
});
