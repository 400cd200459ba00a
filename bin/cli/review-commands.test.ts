import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { karmaEnv, runKarma, type KarmaRun } from './testing/run-karma';
import { PEOPLE } from '@/lib/workflow/testing/review-harness';
import { parseComponentId } from '@/lib/model/ids';
import { createServices, type Services } from '@/lib/server/services';
import { loadSettings } from '@/lib/server/settings';
import { configParameterName } from '@/lib/workflow/request-config';

// Runs the real `bin/karma propose-change | changes | apply` in child
// processes against a fresh demo data folder, and reviews in-process through
// the same services the portal uses (the CLI has no approve command: an
// operator applies what people approved in the portal).
const root = path.resolve(import.meta.dirname, '../..');
vi.setConfig({ testTimeout: 60_000 });
let tmp: string;
let services: Services;
const QUEUE = 'dev:sqs-queue/ops-alerts';

function env(): Record<string, string> {
  return { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: path.join(tmp, 'data'), KARMA_SETTINGS: '', KARMA_WEBHOOK_URL: '', KARMA_WEBHOOK_SECRET: '' };
}

function karma(args: string[], input?: string): KarmaRun {
  return runKarma(args, { env: env(), input });
}

async function queueConfig(change: Record<string, unknown>): Promise<string> {
  const { component } = await services.graph.readComponent(QUEUE);
  const file = path.join(tmp, `proposal-${Date.now()}.json`);
  await writeFile(file, JSON.stringify({ ...(component.config as object), ...change }, null, 2));
  return file;
}

/** A component's config as SSM holds it now (the CLI's applies move it; this process's graph does not follow). */
async function liveConfig(id: string): Promise<{ name: string; version: number; config: Record<string, unknown> }> {
  const key = parseComponentId(id)!;
  const store = services.sources.forEnv(key.env)!;
  const name = configParameterName(store, key);
  const current = (await store.get(name))!;
  return { name, version: current.version, config: JSON.parse(current.value) as Record<string, unknown> };
}

/** A proposal file: the component's live config with `change` over it. */
async function proposalFile(id: string, change: Record<string, unknown>): Promise<string> {
  const file = path.join(tmp, `${id.replace(/[:/]/g, '-')}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify({ ...(await liveConfig(id)).config, ...change }, null, 2));
  return file;
}

const history = async () => services.sources.forEnv('dev')!.history('/iac/sqs-queue/ops-alerts/config');

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'karma-review-cli-'));
  services = await createServices(loadSettings(karmaEnv(env()), root), { syncOnStart: true, syncInterval: false });
});
afterAll(async () => {
  await services.graphStore.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('karma propose-change', () => {
  it('opens a request as the operator with its simulated impact, and karma changes lists it', async () => {
    const file = await queueConfig({ visibility_timeout_seconds: 45 });
    const { code, stdout } = karma(['propose-change', 'sqs-queue', 'ops-alerts', '--env', 'dev', '--input', file, '--title', 'Longer visibility timeout']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Opened cr:[0-9a-f-]{36} on dev:sqs-queue\/ops-alerts: "Longer visibility timeout"\n {2}based on config version 1; 1 field change\(s\)\n {2}risk: (low|medium|high).*\n {2}blast radius: 1 component\(s\)\n {2}consequences: \d+ must redeploy, \d+ stale copy, \d+ unaffected\n/,
    );
    // The storefront's alarms go to this queue: its one dependent, named when it must redeploy.
    expect(stdout).toMatch(
      / unaffected\n( {4}must redeploy: dev:ecs-service\/storefront: .*\n)?( {2}warning: .*\n)* {2}needs 1 approval in dev; review it at \/changes\/[0-9a-f-]{36}\n$/,
    );
    const risk = /\n {2}risk: (\w+)/.exec(stdout)![1];

    const listed = JSON.parse(karma(['changes', '--status', 'open', '--env', 'dev', '--json']).stdout) as { changes: Array<{ title: string; author: string; risk: string }> };
    expect(listed.changes).toContainEqual(expect.objectContaining({ title: 'Longer visibility timeout', author: 'karma-cli', risk }));
    const table = karma(['changes']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(`^ID +STATUS +COMPONENT +AUTHOR +APPROVALS +RISK +UPDATED +TITLE\\n[0-9a-f-]{36} +open +dev:sqs-queue/ops-alerts +karma-cli +0 +${risk} `),
    );
  });

  it('reads the proposal from stdin and exits 1 with each problem when it is invalid, opening nothing', async () => {
    const before = (await services.changes.list(PEOPLE.victor, {})).length;
    const { code, stderr } = karma(['propose-change', 'sqs-queue', 'ops-alerts', '--env', 'dev', '--input', '-'], '{\n  "queue_name": "x",\n}');
    expect(code).toBe(1);
    expect(stderr).toMatch(/invalid; nothing was opened:\n {2}Line 3, column 1: expected a property name/);
    expect((await services.changes.list(PEOPLE.victor, {})).length).toBe(before);
  });

  it('exits 2 on usage errors', () => {
    expect(karma(['propose-change', 'sqs-queue', '--env', 'dev', '--input', 'x.json']).code).toBe(2);
    expect(karma(['propose-change', 'sqs-queue', 'ops-alerts', '--input', 'x.json']).code).toBe(2);
    expect(karma(['propose-change', 'sqs-queue', 'ops-alerts', '--env', 'dev', '--input', path.join(tmp, 'missing.json')]).code).toBe(2);
    const unknownEnv = karma(['propose-change', 'sqs-queue', 'ops-alerts', '--env', 'staging', '--input', '-'], '{}');
    expect(unknownEnv.code).toBe(2);
    expect(unknownEnv.stderr).toContain('no environment "staging"; configured: dev, prod');
    expect(karma(['changes', '--status', 'merged']).code).toBe(2);
  });
});

describe('karma apply', () => {
  it('refuses a request without its approvals (exit 1), applies it once approved (exit 0), and refuses it again (exit 1)', async () => {
    const file = await queueConfig({ message_retention_seconds: 172_800 });
    const opened = karma(['propose-change', 'sqs-queue', 'ops-alerts', '--env', 'dev', '--input', file, '--json']);
    const { id } = JSON.parse(opened.stdout) as { id: string };
    const versions = (await history()).length;

    const early = karma(['apply', id]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('The request has 0 of the 1 approval it needs before it can be applied');

    await services.changes.approve(PEOPLE.bob, id, { comment: 'ok' });
    const applied = karma(['apply', id.replace(/^cr:/, ''), '--comment', 'Friday window']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Applied ${id} (dev:sqs-queue/ops-alerts) as config version ${versions + 1}.`);
    expect((await history()).at(-1)).toMatchObject({ version: versions + 1, modifiedBy: 'karma-cli' });
    expect(JSON.parse((await history()).at(-1)!.value)).toMatchObject({ message_retention_seconds: 172_800 });
    const events = await services.graphStore.listEvents({ changeRequestId: id });
    expect(events.map((e) => `${e.kind}:${e.actor}`)).toEqual([
      'proposed:karma-cli',
      'approved:bob@example.com',
      'apply_started:karma-cli',
      'git_committed:karma-cli',
      'applied:karma-cli',
      // Rollouts are on in the demo: the CLI starts one, a portal drives it.
      'rollout_started:karma-cli',
    ]);
    expect(applied.stdout).toContain(`Rollout ro:${id.slice(3)} started; a portal drives it`);
    // The demo's own config repo got the commit, with the review in its trailers, before SSM was written.
    const repo = path.join(tmp, 'data', 'config-repo');
    const last = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%an <%ae>|%cn|%B'], { encoding: 'utf8' });
    expect(last).toContain('karma-cli');
    expect(last).toContain(`Karma-Change-Request: ${id}`);
    expect(last).toContain('Approved-by: bob@example.com');
    expect(JSON.parse(readFileSync(path.join(repo, 'iac/dev/sqs-queue/ops-alerts/config.json'), 'utf8'))).toMatchObject({ message_retention_seconds: 172_800 });

    const again = karma(['apply', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`The request is already applied as config version ${versions + 1}`);
  });

  it('exits 2 for an id that is not one, or names no request', () => {
    expect(karma(['apply', 'nonsense']).code).toBe(2);
    expect(karma(['apply', '00000000-0000-4000-8000-000000000000']).code).toBe(2);
    expect(karma(['apply', 'nonsense', 'more']).code).toBe(2);
  });
});

describe('karma propose-change --from-git', () => {
  const repo = () => path.join(tmp, 'data', 'config-repo');
  const FILE = 'iac/dev/sqs-queue/payment-events/config.json';
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo(), '-c', 'commit.gpgsign=false', ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Erin',
        GIT_AUTHOR_EMAIL: 'erin@example.com',
        GIT_COMMITTER_NAME: 'Erin',
        GIT_COMMITTER_EMAIL: 'erin@example.com',
      },
    }).trim();
  let branchText: string;
  let branchCommit: string;

  beforeAll(async () => {
    // The demo repo exists: the suite's createServices made it. A branch with a longer timeout, and back to main.
    git('checkout', '--quiet', '-b', 'feature');
    const file = path.join(repo(), FILE);
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    branchText = `${JSON.stringify({ ...config, visibility_timeout_seconds: 150 }, null, 2)}\n`;
    await writeFile(file, branchText);
    git('commit', '--quiet', '-am', 'payment-events: a longer visibility timeout');
    branchCommit = git('rev-parse', 'HEAD');
    git('checkout', '--quiet', 'main');
  });

  it('opens a request from the file at a branch, recording the ref and the commit it named', async () => {
    const mainTip = git('rev-parse', 'main');
    const { code, stdout, stderr } = karma(['propose-change', 'sqs-queue', 'payment-events', '--env', 'dev', '--from-git', 'feature', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const request = JSON.parse(stdout) as {
      id: string;
      kind: string;
      title: string;
      author: string;
      baseVersion: number;
      proposedConfig: string;
      git: { from: unknown; text: string; branch: string; commit: string };
    };
    expect(request).toMatchObject({ kind: 'change', author: 'karma-cli', title: 'sqs-queue/payment-events in dev from feature', baseVersion: 1 });
    expect(request.git.from).toEqual({ ref: 'feature', commit: branchCommit });
    // Apply commits the branch's own text to main, on top of main's tip as it is now.
    expect(request.git).toMatchObject({ branch: 'main', commit: mainTip, text: branchText });
    expect(JSON.parse(request.proposedConfig)).toMatchObject({ visibility_timeout_seconds: 150 });

    const text = karma(['propose-change', 'sqs-queue', 'payment-events', '--env', 'dev', '--from-git', branchCommit.slice(0, 12), '--title', 'By commit']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^Opened cr:[0-9a-f-]{36} on dev:sqs-queue\/payment-events: "By commit"\n {2}from iac\/dev\/sqs-queue\/payment-events\/config\.json at [0-9a-f]{12} \([0-9a-f]{12}\)\n {2}based on config version 1; 1 field change\(s\)/,
    );
  });

  it('exits 2 with a clear message for a ref the repo does not have, or a file the ref does not have', () => {
    const unknown = karma(['propose-change', 'sqs-queue', 'payment-events', '--env', 'dev', '--from-git', 'no-such-branch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('karma propose-change: The config repo has no branch, tag or commit "no-such-branch"\n');
    const missing = karma(['propose-change', 'sqs-queue', 'no-such-queue', '--env', 'dev', '--from-git', 'feature']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('iac/dev/sqs-queue/no-such-queue/config.json does not exist at feature');
  });

  it('takes exactly one of --input and --from-git (exit 2)', () => {
    const both = karma(['propose-change', 'sqs-queue', 'payment-events', '--env', 'dev', '--from-git', 'feature', '--input', '-'], '{}');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--input and --from-git are alternatives: give one');
    const neither = karma(['propose-change', 'sqs-queue', 'payment-events', '--env', 'dev']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--input FILE (or - for stdin), or --from-git REF');
  });
});

describe('karma propose-change with several members', () => {
  const openCount = async () => (await services.changes.list(PEOPLE.victor, {})).length;

  it('simulates a set from two files (an edit and a new component), opens nothing with --simulate, then opens one request for both', async () => {
    const edit = await proposalFile('dev:sqs-queue/order-events', { visibility_timeout_seconds: 90 });
    const created = path.join(tmp, 'cli-created.json');
    await writeFile(created, JSON.stringify({ ...(await liveConfig(QUEUE)).config, queue_name: 'tidepool-dev-cli-created' }, null, 2));
    const base = (await liveConfig('dev:sqs-queue/order-events')).version;
    const before = await openCount();
    const members = ['--input', `sqs-queue/order-events=${edit}`, '--input', `sqs-queue/cli-created=${created}`];

    const simulated = karma(['propose-change', '--env', 'dev', ...members, '--simulate']);
    expect(simulated.stderr).toBe('');
    expect(simulated.code).toBe(0);
    expect(simulated.stdout).toMatch(
      new RegExp(
        `^Simulated 2 components: valid; nothing was opened\\n {2}dev:sqs-queue/order-events: update of config version ${base}; 1 field change\\(s\\) \\(visibility_timeout_seconds\\)\\n {2}dev:sqs-queue/cli-created: a new component; \\d+ field change\\(s\\)`,
      ),
    );
    expect(simulated.stdout).toMatch(/\n {2}consequences: \d+ must redeploy, \d+ stale copy, \d+ unaffected\n/);
    expect(simulated.stdout).toMatch(/\n {2}risk: (low|medium|high)/);
    expect(await openCount()).toBe(before);

    const opened = karma(['propose-change', '--env', 'dev', ...members, '--title', 'Two queues']);
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);
    expect(opened.stdout).toMatch(/^Opened cr:[0-9a-f-]{36} on 2 components: "Two queues"\n {2}dev:sqs-queue\/order-events: update of config version \d+; 1 field change\(s\)/);
    expect(opened.stdout).toMatch(
      /\n {2}consequences: .*\n(.*\n)* {2}risk: .*\n {2}blast radius: \d+ component\(s\)\n {2}needs 1 approval in dev; review it at \/changes\/[0-9a-f-]{36}\n$/,
    );
    const id = `cr:${/review it at \/changes\/([0-9a-f-]{36})/.exec(opened.stdout)![1]}`;

    const view = JSON.parse(karma(['changes', 'show', id, '--json']).stdout) as {
      members: Array<{ componentId: string; action: string; baseVersion: number | null; proposedConfig: string }>;
    };
    expect(view.members.map((m) => [m.componentId, m.action, m.baseVersion])).toEqual([
      ['dev:sqs-queue/order-events', 'update', base],
      ['dev:sqs-queue/cli-created', 'create', null],
    ]);
    expect(JSON.parse(view.members[1].proposedConfig)).toMatchObject({ queue_name: 'tidepool-dev-cli-created' });

    const shown = karma(['changes', 'show', id.slice(3)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^cr:[0-9a-f-]{36} {2}"Two queues"\n {2}status: open; change; by karma-cli;/);
    expect(shown.stdout).toMatch(
      /\nMembers \(2\):\n {2}dev:sqs-queue\/order-events {2}update, based on config version \d+; not applied\n {4}1 field change\(s\) \(visibility_timeout_seconds\)\n {2}dev:sqs-queue\/cli-created {2}create, a new component; not applied\n/,
    );
    expect(shown.stdout).toMatch(/\nVerdicts at submission:\n {2}consequences: \d+ must redeploy, \d+ stale copy, \d+ unaffected\n/);
    expect(shown.stdout).toContain('The operator may not apply it now: The request has 0 of the 1 approval it needs');
    expect(karma(['changes', '--status', 'open']).stdout).toMatch(/ open +dev:sqs-queue\/order-events \+1 +karma-cli /);
  });

  it('refuses to remove a component others depend on (exit 1), opening nothing', async () => {
    const before = await openCount();
    const { code, stderr } = karma(['propose-change', '--env', 'dev', '--remove', 'vpc/main']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^The proposal for dev:vpc\/main is invalid; nothing was opened:\n/);
    expect(stderr).toMatch(/\n {2}dev:ecs-cluster\/core depends on dev:vpc\/main \(at vpc_nickname\)/);
    expect(await openCount()).toBe(before);
  });

  it('says which member each problem is about (one read from stdin), and opens nothing', async () => {
    const before = await openCount();
    const good = await proposalFile('dev:sqs-queue/payment-events', { visibility_timeout_seconds: 120 });
    const { code, stderr } = karma(
      ['propose-change', '--env', 'dev', '--input', `sqs-queue/payment-events=${good}`, '--input', 'sqs-queue/ops-alerts=-'],
      '{\n  "queue_name": "x",\n}',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^The proposal is invalid; nothing was opened:\n {2}dev:sqs-queue\/ops-alerts:\n {4}Line 3, column 1: expected a property name/);
    expect(stderr).not.toContain('dev:sqs-queue/payment-events:');
    expect(await openCount()).toBe(before);
  });

  it('exits 2 on usage errors of the set form', () => {
    expect(karma(['propose-change', '--env', 'dev', '--input', 'sqs-queue/ops-alerts']).stderr).toContain('give [ENV:]TYPE/NICKNAME=FILE');
    expect(karma(['propose-change', '--input', 'sqs-queue/ops-alerts=x.json']).code).toBe(2);
    expect(karma(['propose-change', '--env', 'dev', '--remove', 'vpc/main', '--from-git', 'main']).code).toBe(2);
    expect(karma(['propose-change', 'sqs-queue', 'ops-alerts', '--env', 'dev', '--input', 'x.json', '--remove', 'vpc/main']).code).toBe(2);
    const missing = karma(['propose-change', '--env', 'dev', '--input', `sqs-queue/ops-alerts=${path.join(tmp, 'missing.json')}`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read --input');
    expect(karma(['propose-change', '--env', 'staging', '--remove', 'vpc/main']).stderr).toContain('no environment "staging"');
  });
});

describe('karma apply without an id', () => {
  const CLUSTER = 'dev:ecs-cluster/core';
  const SERVICE = 'dev:ecs-service/storefront';
  const BUCKET = 'dev:s3-bucket/media';

  async function approvedRequest(id: string, change: Record<string, unknown>, title: string): Promise<string> {
    const key = parseComponentId(id)!;
    const opened = karma(['propose-change', key.type, key.nickname, '--env', key.env, '--input', await proposalFile(id, change), '--title', title, '--json']);
    expect(opened.stderr).toBe('');
    const request = JSON.parse(opened.stdout) as { id: string };
    await services.changes.approve(PEOPLE.bob, request.id, { comment: 'ok' });
    return request.id;
  }
  const appliedAt = async (id: string) => (await services.graphStore.listEvents({ changeRequestId: id })).find((e) => e.kind === 'applied')?.at;

  it('applies every approved request, a provider opened after its consumer first', async () => {
    const consumer = await approvedRequest(SERVICE, { desired_count: 2 }, 'Two storefront tasks');
    const provider = await approvedRequest(CLUSTER, { log_retention_days: 14 }, 'Longer cluster logs');
    const versions = { cluster: (await liveConfig(CLUSTER)).version, service: (await liveConfig(SERVICE)).version };

    const { code, stdout, stderr } = karma(['apply', '--comment', 'nightly']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        'Applying 2 approved request(s), providers first:',
        `  1. ${provider}  ${CLUSTER}  "Longer cluster logs"`,
        `  2. ${consumer}  ${SERVICE}  "Two storefront tasks"  (after 1: ${SERVICE} depends on ${CLUSTER})`,
      ].join('\n'),
    );
    expect(stdout.indexOf(`Applied ${provider} (${CLUSTER}) as config version ${versions.cluster + 1}.`)).toBeGreaterThan(0);
    expect(stdout.indexOf(`Applied ${consumer} (${SERVICE}) as config version ${versions.service + 1}.`)).toBeGreaterThan(stdout.indexOf(`Applied ${provider}`));
    expect(stdout).toMatch(/\n2 applied, 0 failed, 0 skipped\.\n$/);
    expect((await appliedAt(provider))! < (await appliedAt(consumer))!).toBe(true);
    expect((await liveConfig(CLUSTER)).config).toMatchObject({ log_retention_days: 14 });
    expect((await liveConfig(SERVICE)).config).toMatchObject({ desired_count: 2 });

    const none = karma(['apply']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('No approved change requests to apply.\n');
  });

  it('goes on after a failure with the unrelated requests, skips those waiting for the failed one, and exits 1', async () => {
    const provider = await approvedRequest(CLUSTER, { log_retention_days: 30 }, 'Month of cluster logs');
    const consumer = await approvedRequest(SERVICE, { desired_count: 3 }, 'Three storefront tasks');
    const unrelated = await approvedRequest(BUCKET, { versioning: true }, 'Versioned media');
    // Someone changes the cluster outside Karma after the approval: its request no longer applies.
    const cluster = await liveConfig(CLUSTER);
    await services.sources
      .forEnv('dev')!
      .put({ name: cluster.name, value: JSON.stringify({ ...cluster.config, log_retention_days: 1 }), expectedVersion: cluster.version, user: 'console' });

    const { code, stdout } = karma(['apply']);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`\\nFailed ${provider} "Month of cluster logs": .*${CLUSTER}.*\\n`));
    expect(stdout).toContain(`Skipped ${consumer} "Three storefront tasks": ${SERVICE} depends on ${CLUSTER}, and ${provider} failed`);
    expect(stdout).toMatch(new RegExp(`\\nApplied ${unrelated} \\(${BUCKET}\\) as config version \\d+\\.`));
    expect(stdout).toMatch(/\n1 applied, 1 failed, 1 skipped\.\n$/);
    expect((await services.changes.getOrThrow(PEOPLE.victor, provider)).status).toBe('stale');
    expect((await services.changes.getOrThrow(PEOPLE.victor, consumer)).status).toBe('approved');
    expect((await liveConfig(BUCKET)).config).toMatchObject({ versioning: true });
  });
});
