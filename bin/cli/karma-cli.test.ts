import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKarma, type KarmaRun } from './testing/run-karma';

// Runs the real `bin/karma` in a child process against a fresh data folder
// (the embedded store, seeded from fixtures/demo on first use).
// Each command starts a Node process; on a busy 2-core machine that takes seconds.
vi.setConfig({ testTimeout: 60_000 });
let dataDir: string;

function karma(...args: string[]): KarmaRun {
  return runKarma(args, { env: { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: dataDir } });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'karma-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('karma graph build', () => {
  it('summarises the demo estate and exits 1 because it has problems', () => {
    const { code, stdout } = karma('graph', 'build');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^62 components in 2 environment\(s\), \d+ edges/);
    expect(stdout).toMatch(/Dangling references: 1\n {2}prod:grafana\/ops {2}datasources\[2\]\.aurora_postgres_nickname → prod:aurora-postgres\/metrics-legacy/);
    expect(stdout).toMatch(/Cycles: 1\n {2}dev:serverless-api\/orders → dev:serverless-api\/payments → dev:serverless-api\/orders/);
    // A config that fails its schema is an invalid document, as `karma drift` calls it invalid; the key is said once.
    expect(stdout).toMatch(
      /Invalid documents: 2\n {2}dev:s3-bucket\/scratch {2}The published config is not valid JSON.*\n {2}dev:vpc\/sandbox {2}The config fails the vpc schema: cidr must match/,
    );
    // Every problem kind of the JSON is in the text, the inner nickname that disagrees with the path too.
    expect(stdout).toMatch(/nickname_mismatch \(1\)\n {4}prod:clickhouse\/analytics {2}The config says nickname "clickhouse-analytics"/);
  });

  it('calls invalid exactly the components karma drift calls invalid (one rule)', () => {
    const graph = JSON.parse(karma('graph', 'build', '--json').stdout);
    const drift = JSON.parse(karma('drift', '--json').stdout);
    const invalidInGraph = graph.components
      .filter((c: { problems: Array<{ code: string }> }) => c.problems.some((p) => p.code.endsWith('_not_json') || p.code === 'schema_violation'))
      .map((c: { id: string }) => c.id);
    const invalidInDrift = drift.rows.filter((r: { status: string }) => r.status === 'invalid').map((r: { id: string }) => r.id);
    expect(invalidInGraph).toEqual(['dev:s3-bucket/scratch', 'dev:vpc/sandbox']);
    expect(invalidInDrift.sort()).toEqual(invalidInGraph);
  });

  it('prints the graph as JSON', () => {
    const { code, stdout } = karma('graph', 'build', '--json');
    expect(code).toBe(1);
    const graph = JSON.parse(stdout);
    expect(graph.components.length).toBeGreaterThanOrEqual(40);
    expect(graph.edges.some((e: { dangling: boolean }) => e.dangling)).toBe(true);
  });

  it('exits 2 on usage errors', () => {
    expect(karma('graph', 'draw').code).toBe(2);
    expect(karma('graph', 'build', '--pretty').code).toBe(2);
    expect(karma('frobnicate').code).toBe(2);
    expect(karma().code).toBe(2);
  });
});

describe('karma rollout', () => {
  const UUID = '3f0c2a8e-1b7d-4c5e-9a6f-2d8b4e1c7a90';

  it('is in the help', () => {
    const { code, stdout } = karma('help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}rollout <status\|pause\|resume\|retry\|skip\|abort> <id>/m);
  });

  it('exits 2 on usage errors, before anything is read: retry and skip name a member, skip gives a reason', () => {
    const cases: Array<[string[], RegExp]> = [
      [['rollout'], /name what to do: rollout <list\|status\|pause/],
      [['rollout', 'frobnicate', UUID], /unknown subcommand "frobnicate"/],
      [['rollout', 'status'], /name the rollout: rollout status <id>/],
      [['rollout', 'status', 'nope'], /"nope" is not a rollout id/],
      [['rollout', 'retry', UUID], /retry needs the member: rollout retry <id> --component ID/],
      [['rollout', 'skip', UUID, '--component', 'prod:vpc/main'], /skip needs a reason: --comment TEXT/],
      [['rollout', 'skip', UUID, '--component', 'prod:vpc/main', '--comment', '  '], /skip needs a reason/],
      [['rollout', 'pause', UUID, '--component', 'prod:vpc/main'], /--component names a member for retry and skip/],
      [['rollout', 'list', '--status', 'runing'], /unknown status "runing"; one of running, paused, completed, aborted/],
      [['rollout', 'list', '--change', 'nope'], /--change "nope" is not a change request id/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = karma(...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/Usage: karma rollout /);
    }
  });
});

describe('karma seed --from-git', () => {
  it('tells you to set KARMA_CONFIG_REPO only when it is not set to that folder already', async () => {
    const repo = await mkdtemp(path.join(tmpdir(), 'karma-repo-'));
    try {
      await mkdir(path.join(repo, 'iac/uat/vpc/main'), { recursive: true });
      await writeFile(path.join(repo, 'iac/uat/vpc/main/config.json'), JSON.stringify({ cidr: '10.8.0.0/16' }));
      const seeded = runKarma(['seed', '--from-git', repo], { env: { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: dataDir, KARMA_CONFIG_REPO: repo } });
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toContain(`Drift already compares ${repo} with what is published`);
      expect(seeded.stdout).not.toMatch(/set KARMA_CONFIG_REPO/);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it('refuses a repo with a broken file, names it, and writes nothing', async () => {
    const before = karma('graph', 'build', '--json');
    const { code, stderr } = karma('seed', '--from-git', 'fixtures/demo/config-repo');
    expect(code).toBe(1);
    expect(stderr).toMatch(/iac\/dev\/s3-bucket\/scratch\/config\.json:8:\d+: .*trailing comma/);
    expect(stderr).toMatch(/nothing was written/);
    expect(karma('graph', 'build', '--json').stdout).toBe(before.stdout);
  });

  it('loads a config repo into the local store as new config versions', async () => {
    const repo = await mkdtemp(path.join(tmpdir(), 'karma-repo-'));
    try {
      for (const [file, config] of Object.entries({
        'iac/qa/vpc/main/config.json': { cidr: '10.9.0.0/16' },
        'iac/qa/ecs-cluster/apps/config.json': { vpc_nickname: 'main', capacity_providers: ['FARGATE'] },
      })) {
        await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
        await writeFile(path.join(repo, file), JSON.stringify(config, null, 2));
      }

      const seeded = karma('seed', '--from-git', repo);
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toMatch(/2 new config version\(s\), 0 unchanged, environments qa/);
      // The demo compares its own Git repo: the advice says so instead of asking for a variable that is not the point.
      expect(seeded.stdout).toMatch(/Drift compares what is published with the Git remote .*config-repo \(main\), not with /);
      expect(karma('seed', '--from-git', repo).stdout).toMatch(/0 new config version\(s\), 2 unchanged/);

      const graph = JSON.parse(karma('graph', 'build', '--json').stdout);
      const qa = graph.components.filter((c: { env: string }) => c.env === 'qa').map((c: { id: string }) => c.id);
      expect(qa).toEqual(['qa:ecs-cluster/apps', 'qa:vpc/main']);
      expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'qa:ecs-cluster/apps', to: 'qa:vpc/main', dangling: false }));
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
