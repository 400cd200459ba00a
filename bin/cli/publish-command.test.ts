import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { karmaEnv, runKarma, type KarmaRun } from './testing/run-karma';
import { PEOPLE } from '@/lib/workflow/testing/review-harness';
import { createServices, type Services } from '@/lib/server/services';
import { loadSettings } from '@/lib/server/settings';

// Runs the real `bin/karma publish` in child processes against a fresh demo
// data folder, whose config repo (a real git repository) deliberately says
// more than SSM for two components; reviews and applies in-process through
// the same services the portal uses.
const root = path.resolve(import.meta.dirname, '../..');
vi.setConfig({ testTimeout: 60_000 });
let tmp: string;
let services: Services;
const SITE = 'dev:serverless-site/www';
const STOREFRONT = 'prod:ecs-service/storefront';

type Row = { componentId: string; state: string; fields: string[]; configVersion: number | null; openRequest: string | null; file: string };
type Report = {
  unpublished: Row[];
  opened: Array<{ componentId: string; id: string; review: string }>;
  skipped: Array<{ componentId: string; openRequest: string; review: string }>;
  failed: Array<{ componentId: string; code: string; message: string; errors: Array<{ message: string; path: string | null }> }>;
};

function env(): Record<string, string> {
  return { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: path.join(tmp, 'data'), KARMA_SETTINGS: '', KARMA_WEBHOOK_URL: '', KARMA_WEBHOOK_SECRET: '' };
}

function karma(args: string[]): KarmaRun {
  return runKarma(args, { env: env() });
}

function report(args: string[]): { code: number | null; report: Report } {
  const run = karma([...args, '--json']);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

const repo = () => path.join(tmp, 'data', 'config-repo');
const git = (...args: string[]) =>
  execFileSync('git', ['-C', repo(), '-c', 'commit.gpgsign=false', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  }).trim();
const commits = () => Number(git('rev-list', '--count', 'main'));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'karma-publish-cli-'));
  // Opening the services seeds the demo estate and makes its config repo.
  services = await createServices(loadSettings(karmaEnv(env()), root), { syncOnStart: true, syncInterval: false });
});
afterAll(async () => {
  await services.graphStore.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('karma publish --dry-run', () => {
  it('lists the components whose config repo file SSM does not hold, and exits 1 (a CI gate)', () => {
    const { code, stdout, stderr } = karma(['publish', '--dry-run']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^2 component\(s\) in dev, prod whose config repo file is not what SSM holds:\n\nCOMPONENT +STATE +FIELDS +OPEN REQUEST\n/);
    expect(stdout).toMatch(/dev:serverless-site\/www +differs +default_ttl_seconds, domain_aliases\[1\], waf_enabled +—\n/);
    expect(stdout).toMatch(/prod:ecs-service\/storefront +differs +autoscaling\.max_capacity, autoscaling\.min_capacity, image +—\n$/);
    expect(stdout).not.toContain('Opened');
  });

  it('prints JSON for scripts, narrowed to one environment, and opens nothing', async () => {
    const { code, report: prod } = report(['publish', '--dry-run', '--env', 'prod']);
    expect(code).toBe(1);
    expect(prod).toEqual({
      unpublished: [
        {
          componentId: STOREFRONT,
          env: 'prod',
          type: 'ecs-service',
          nickname: 'storefront',
          file: 'iac/prod/ecs-service/storefront/config.json',
          state: 'differs',
          fields: ['autoscaling.max_capacity', 'autoscaling.min_capacity', 'image'],
          configVersion: 3,
          openRequest: null,
        },
      ],
      opened: [],
      skipped: [],
      failed: [],
    });
    expect(report(['publish', '--dry-run']).report.unpublished.map((r) => r.componentId)).toEqual([SITE, STOREFRONT]);
    expect(await services.changes.list(PEOPLE.dana, {})).toEqual([]);
  });

  it('exits 2 on usage errors: an unknown environment, option or argument', () => {
    const unknown = karma(['publish', '--env', 'staging']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no environment "staging"; configured: dev, prod');
    expect(karma(['publish', '--force']).code).toBe(2);
    expect(karma(['publish', 'now']).code).toBe(2);
    expect(karma(['publish', '--dry-run=yes']).code).toBe(2);
  });
});

describe('karma publish', () => {
  let opened: Report['opened'];

  it('opens a publish request for each, says where to review it, and exits 1: nothing is published yet', async () => {
    const { code, stdout, stderr } = karma(['publish']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const ids = [...stdout.matchAll(/^Opened (cr:[0-9a-f-]{36}) to publish (\S+); review it at \/changes\/([0-9a-f-]{36})$/gm)];
    expect(ids.map((m) => m[2])).toEqual([SITE, STOREFRONT]);
    for (const [, id, , segment] of ids) expect(id).toBe(`cr:${segment}`);
    opened = ids.map(([, id, componentId, segment]) => ({ componentId, id, review: `/changes/${segment}` }));

    const requests = await services.changes.list(PEOPLE.dana, { status: ['open'] });
    expect(requests.map((r) => `${r.kind} ${r.componentId} ${r.author}`).sort()).toEqual([`publish ${SITE} karma-cli`, `publish ${STOREFRONT} karma-cli`]);
    const site = await services.changes.getOrThrow(PEOPLE.dana, requests.find((r) => r.componentId === SITE)!.id);
    expect(site.title).toBe('Publish serverless-site/www in dev from Git');
    const inGit = readFileSync(path.join(repo(), 'iac/dev/serverless-site/www/config.json'), 'utf8');
    expect(JSON.parse(site.proposedConfig)).toEqual(JSON.parse(inGit));
    // What apply would commit is what the branch already has: a publish writes SSM only.
    expect(site.git).toMatchObject({ file: 'iac/dev/serverless-site/www/config.json', branch: 'main', baseText: inGit, text: inGit, from: null });
  });

  it('skips on a second run the components that already have an open publish request', () => {
    const { code, report: again } = report(['publish']);
    expect(code).toBe(1);
    expect(again.opened).toEqual([]);
    expect(again.failed).toEqual([]);
    expect(again.skipped).toEqual(opened.map((o) => ({ componentId: o.componentId, openRequest: o.id, review: o.review })));
    expect(again.unpublished.map((r) => [r.componentId, r.openRequest])).toEqual(opened.map((o) => [o.componentId, o.id]));

    const text = karma(['publish', '--env', 'dev']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`Already open for ${SITE}: ${opened[0].id}; review it at ${opened[0].review}`);
    expect(text.stdout).not.toContain('Opened');
    expect(karma(['publish', '--dry-run']).stdout).toMatch(new RegExp(`${SITE} .*${opened[0].id}\n`));
  });

  it('refuses a second publish request for a component through the service too (the portal button, the API)', async () => {
    await expect(services.changes.publishFromGit(PEOPLE.alice, SITE)).rejects.toMatchObject({
      code: 'conflict',
      message: `${opened[0].id} already publishes ${SITE} from Git; review that one`,
    });
    expect((await services.changes.list(PEOPLE.dana, { componentId: SITE, status: ['open'] })).length).toBe(1);
  });

  it('once approved and applied, SSM holds the Git file, publishing made no commit, and the component is no longer listed', async () => {
    const before = commits();
    const store = services.sources.forEnv('prod')!;
    const storefront = opened.find((o) => o.componentId === STOREFRONT)!.id;
    await services.changes.approve(PEOPLE.bob, storefront, { comment: 'ok' });
    await services.changes.approve(PEOPLE.carol, storefront, { comment: 'ok too' });
    const { change, apply } = await services.changes.apply(PEOPLE.dana, storefront, { comment: 'publish it' });
    expect(change.status).toBe('applied');
    expect(change.gitCommit).toBeNull();
    expect(apply?.ok).toBe(true);

    const history = await store.history('/iac/ecs-service/storefront/config');
    expect(history.at(-1)!.version).toBe(change.appliedVersion);
    const inGit = readFileSync(path.join(repo(), 'iac/prod/ecs-service/storefront/config.json'), 'utf8');
    expect(JSON.parse(history.at(-1)!.value)).toEqual(JSON.parse(inGit));
    expect(commits()).toBe(before);
    const events = await services.graphStore.listEvents({ changeRequestId: storefront });
    expect(events.map((e) => e.kind)).not.toContain('git_committed');

    const { code, report: after } = report(['publish', '--dry-run']);
    expect(code).toBe(1);
    expect(after.unpublished.map((r) => r.componentId)).toEqual([SITE]);
  });

  it('exits 0 once everything is published', async () => {
    const before = commits();
    const site = opened.find((o) => o.componentId === SITE)!.id;
    await services.changes.approve(PEOPLE.bob, site, { comment: 'ok' });
    expect((await services.changes.apply(PEOPLE.dana, site, { comment: 'publish it' })).change.status).toBe('applied');
    expect(commits()).toBe(before);

    const { code, stdout } = karma(['publish', '--dry-run']);
    expect(stdout).toBe('Nothing to publish: every config repo file in dev, prod says what SSM holds.\n');
    expect(code).toBe(0);
    expect(report(['publish'])).toEqual({ code: 0, report: { unpublished: [], opened: [], skipped: [], failed: [] } });
  });

  it('reports a file that is not a valid config with its problems, opens the others, and exits 1', async () => {
    const edit = (component: string, change: Record<string, unknown>) => {
      const file = path.join(repo(), `iac/dev/sqs-queue/${component}/config.json`);
      writeFileSync(file, `${JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as object), ...change }, null, 2)}\n`);
    };
    // ops-alerts comes first: the run goes on past it to payment-events.
    edit('ops-alerts', { visibility_timeout_seconds: 'thirty' });
    edit('payment-events', { visibility_timeout_seconds: 120 });
    git('commit', '--quiet', '-am', 'Queues: a timeout in words, and a longer one');

    const { code, stdout, stderr } = karma(['publish']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/dev:sqs-queue\/ops-alerts +differs +visibility_timeout_seconds +—\n/);
    expect(stdout).toMatch(/^Opened cr:[0-9a-f-]{36} to publish dev:sqs-queue\/payment-events; review it at \/changes\/[0-9a-f-]{36}$/m);
    expect(stderr).toMatch(/^The proposal to publish dev:sqs-queue\/ops-alerts is invalid; nothing was opened:\n {2}visibility_timeout_seconds: /);

    const { code: again, report: json } = report(['publish']);
    expect(again).toBe(1);
    expect(json.opened).toEqual([]);
    expect(json.skipped.map((s) => s.componentId)).toEqual(['dev:sqs-queue/payment-events']);
    expect(json.failed).toEqual([
      expect.objectContaining({ componentId: 'dev:sqs-queue/ops-alerts', code: 'validation_failed', errors: [expect.objectContaining({ path: 'visibility_timeout_seconds' })] }),
    ]);
    const open = await services.changes.list(PEOPLE.dana, { status: ['open'] });
    expect(open.filter((r) => r.componentId.startsWith('dev:sqs-queue/')).map((r) => `${r.kind} ${r.componentId}`)).toEqual(['publish dev:sqs-queue/payment-events']);
  });
});
