// The review workflow's Git leg on real peers: apply commits the proposal to
// the config repo (a bare repository served by the git daemon, reached over
// git://) before it publishes to SSM (moto, behind an ssm-proxy that counts
// and can refuse PutParameter). Every case checks the remote's own commits
// (tests/support/git-remote.ts reads the bare repository) and SSM's history:
// one commit and one write per applied request, nothing anywhere for a
// request that went stale, Git not written twice when SSM failed after the
// push. The concurrency case runs two "instances" (two GitConfigRepo clones,
// two harnesses) on one Gremlin Server and one SSM.
import { createChangeBodySchema } from '@/lib/model/simulation';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { User } from '@/lib/auth/roles';
import { configHistory, createHarness, ESTATE, PEOPLE, propose, seedEstate, type Harness } from '@/lib/workflow/testing/review-harness';
import { applyDescription } from '@/lib/changes/write-tag';
import { GitConfigRepo } from '@/lib/gitconfig/git-config-repo';
import { configFilePath } from '@/lib/gitconfig/repo-files';
import type { JsonObject } from '@/lib/model/json';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import type { GraphStore } from '@/lib/store/graph-store';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import {
  commitChanges,
  commitCount,
  commitOutside,
  createBareRemote,
  fileBlob,
  log,
  OUTSIDER_IDENTITY,
  rejectNextPush,
  SEED_IDENTITY,
  showFile,
  type RemoteCommit,
} from '../support/git-remote';
import { startSsmProxy, type SsmProxy } from '../support/ssm-proxy';
import { outcome } from '../support/outcome';

const ssmEndpoint = inject('ssmEndpoint');
const gremlinEndpoint = inject('gremlinEndpoint');
const gitDaemonUrl = inject('gitDaemonUrl');
const gitDaemonBase = inject('gitDaemonBase');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const { alice, bob, dana } = PEOPLE;
/** The committer of Karma's commits when the settings name none (change-request-service.ts). */
const KARMA = { name: 'Karma', email: 'karma@karma.invalid' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function ssmStore(env: string, endpoint: string): SsmParameterStore {
  // Two attempts at most: "SSM refuses" should not wait out the SDK's retry budget.
  const client = new SSMClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 } });
  cleanups.push(async () => client.destroy());
  return new SsmParameterStore({ env, prefix: `/${env}`, client });
}

/** How the repository writes its files: two-space indent, final newline. */
const pretty = (config: JsonObject) => `${JSON.stringify(config, null, 2)}\n`;

type World = {
  env: string;
  /** Instance 0 first; more with `instances`. */
  harnesses: Harness[];
  h: Harness;
  proxy: SsmProxy;
  /** The bare repository's path (what the readers open) and the git:// URL Karma is given. */
  remote: string;
  url: string;
  /** SSM straight, not through the proxy. */
  direct: SsmParameterStore;
  file(componentPath: string): string;
};

/**
 * A dev estate in moto under its own prefix; the same configs in a bare
 * remote under the git daemon's folder (so nothing is unpublished); and
 * `instances` harnesses, each with its own GitConfigRepo clone, on one graph
 * store (memory, or Gremlin Server with a client per instance) and SSM
 * through one proxy.
 */
async function world({ graph = 'memory', instances = 1, withRepo = true }: { graph?: 'memory' | 'gremlin'; instances?: number; withRepo?: boolean } = {}): Promise<World> {
  const env = `git-${randomUUID().slice(0, 8)}`;
  const direct = ssmStore(env, ssmEndpoint);
  await seedEstate(direct);

  const seed = await tempDir('karma-change-git-seed-');
  for (const [componentPath, config] of Object.entries(ESTATE)) {
    const [type, nickname] = componentPath.split('/');
    const target = path.join(seed, configFilePath({ env, type, nickname }));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, pretty(config));
  }
  const name = `change-git-${env}`;
  const bare = await createBareRemote({ dir: gitDaemonBase, name, seedFrom: seed });
  cleanups.push(() => rm(bare.path, { recursive: true, force: true }));
  const url = `${gitDaemonUrl}/${name}.git`;

  const proxy = await startSsmProxy(ssmEndpoint);
  cleanups.push(proxy.close);
  const memoryDir = graph === 'memory' ? await tempDir('karma-change-git-graph-') : '';
  const graphStore = (): GraphStore => {
    if (graph === 'memory') return new MemoryGraphStore({ dataDir: memoryDir });
    const store = new GremlinGraphStore({ endpoint: gremlinEndpoint, iam: false, timeoutMs: 20_000 });
    cleanups.push(() => store.close());
    return store;
  };
  const shared = graph === 'memory' ? graphStore() : null;

  const harnesses: Harness[] = [];
  for (let i = 0; i < instances; i++) {
    const configRepo = withRepo ? new GitConfigRepo({ remote: url, branch: 'main', cloneDir: path.join(await tempDir(`karma-change-git-clone-${i}-`), 'clone.git') }) : null;
    harnesses.push(await createHarness({ stores: [ssmStore(env, proxy.endpoint)], graphStore: shared ?? graphStore(), configRepo }));
  }
  return {
    env,
    harnesses,
    h: harnesses[0],
    proxy,
    remote: bare.path,
    url,
    direct,
    file: (componentPath) => {
      const [type, nickname] = componentPath.split('/');
      return configFilePath({ env, type, nickname });
    },
  };
}

const isKarma = (commit: RemoteCommit) => commit.committerName === KARMA.name && commit.committerEmail === KARMA.email;
const karmaCommits = async (w: World) => (await log(w.remote)).filter(isKarma);
const kinds = async (h: Harness, id: string) => (await h.store.listEvents({ changeRequestId: id })).map((e) => e.kind);
const parameter = (w: World, componentPath: string) => `/${w.env}/${componentPath}/config`;
const versions = async (w: World, componentPath: string) => (await w.direct.history(parameter(w, componentPath))).map((v) => v.version);

describe('apply with a config repo (git daemon, moto)', () => {
  it('commits the proposal as its author, in the repo’s style, with the review in the message, then writes SSM once', async () => {
    const w = await world();
    const { h } = w;
    const id = `${w.env}:vpc/main`;
    const file = w.file('vpc/main');
    const [seedCommit] = await log(w.remote);
    const seedBlob = await fileBlob(w.remote, 'main', file);

    const request = await h.service.create(
      alice,
      createChangeBodySchema.parse({
        componentId: id,
        proposedConfig: JSON.stringify({ cidr: '10.0.0.0/16', az_count: 3 }),
        title: 'Three AZs in dev',
        description: 'The new subnets need a third AZ.\nNothing else changes.',
        baseVersion: 1,
      }),
    );
    // Where the request stands in Git, read when it was opened.
    expect(request.git).toEqual({
      remote: w.url,
      branch: 'main',
      file,
      commit: seedCommit.sha,
      blob: seedBlob,
      baseText: pretty(ESTATE['vpc/main']),
      text: pretty({ cidr: '10.0.0.0/16', az_count: 3 }),
      author: { name: 'alice', email: alice.email },
      from: null,
    });
    expect(seedBlob).toMatch(/^[0-9a-f]{40}$/);
    await h.service.approve(bob, request.id, { comment: '' });
    const putsBefore = w.proxy.count('PutParameter');

    const { change, apply } = await h.service.apply(dana, request.id, { comment: 'Ship it' });

    const commits = await log(w.remote);
    expect(commits).toHaveLength(2);
    const [karma] = commits;
    expect(karma).toMatchObject({
      authorName: 'alice',
      authorEmail: alice.email,
      committerName: KARMA.name,
      committerEmail: KARMA.email,
      subject: 'Three AZs in dev',
      body: `The new subnets need a third AZ.\nNothing else changes.\n\nKarma-Change-Request: ${request.id}\nApproved-by: ${bob.email}`,
    });
    expect(await showFile(w.remote, 'main', file)).toBe(pretty({ cidr: '10.0.0.0/16', az_count: 3 }));
    // The diff is the proposal and nothing else: no re-indented lines, no lost final newline.
    expect(await commitChanges(w.remote, karma.sha)).toEqual({ parents: [seedCommit.sha], files: [file], removed: ['  "az_count": 2'], added: ['  "az_count": 3'] });

    const history = await configHistory(h, id);
    expect(history.map((v) => v.version)).toEqual([1, 2]);
    expect(history[1]).toMatchObject({ value: '{"cidr":"10.0.0.0/16","az_count":3}', description: expect.stringContaining(applyDescription(request)) });
    expect(w.proxy.count('PutParameter') - putsBefore).toBe(1);

    expect(change).toMatchObject({ status: 'applied', appliedVersion: 2, gitCommit: karma.sha, error: null });
    expect(apply).toMatchObject({ ok: true, version: 2, isRecovered: false });
    const events = await h.store.listEvents({ changeRequestId: request.id });
    expect(events.map((e) => e.kind)).toEqual(['proposed', 'approved', 'apply_started', 'git_committed', 'applied']);
    expect(events[3]).toMatchObject({ actor: dana.id, data: { commit: karma.sha, branch: 'main', file, attempts: 1 }, note: `Committed ${karma.sha.slice(0, 12)} to main` });
    expect(events[4]).toMatchObject({ data: { gitCommit: karma.sha, version: 2 } });
    expect(events[0].data).toMatchObject({ gitBase: seedCommit.sha });
  });

  it('20 concurrent applies of one approved request from two instances make one commit, one SSM write and one applied event', { timeout: 120_000 }, async () => {
    const w = await world({ graph: 'gremlin', instances: 2 });
    const [first, second] = w.harnesses;
    const id = `${w.env}:vpc/main`;
    const request = await propose(first, alice, id, { az_count: 3 }, 'Three AZs, raced');
    await second.service.approve(bob, request.id, { comment: '' });
    const putsBefore = w.proxy.count('PutParameter');
    const appliers: User[] = [bob, dana, PEOPLE.carol, PEOPLE.erin];

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outcome(w.harnesses[i % 2].service.apply(appliers[i % appliers.length], request.id, { comment: `apply ${i}` }))),
    );

    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r !== 'ok' && r !== 'conflict' && r !== 'invalid_transition')).toEqual([]);
    const commits = await log(w.remote);
    expect(commits).toHaveLength(2);
    expect(commits.filter(isKarma)).toHaveLength(1);
    expect(commits[0].body).toContain(`Karma-Change-Request: ${request.id}`);
    expect(await versions(w, 'vpc/main')).toEqual([1, 2]);
    expect(w.proxy.count('PutParameter') - putsBefore).toBe(1);
    for (const h of w.harnesses) {
      expect(await h.store.getChangeRequest(request.id)).toMatchObject({ status: 'applied', appliedVersion: 2, gitCommit: commits[0].sha });
    }
    const all = await kinds(second, request.id);
    expect({
      started: all.filter((k) => k === 'apply_started').length,
      committed: all.filter((k) => k === 'git_committed').length,
      applied: all.filter((k) => k === 'applied').length,
      failed: all.filter((k) => k === 'apply_failed').length,
    }).toEqual({
      started: 1,
      committed: 1,
      applied: 1,
      failed: 0,
    });
  });

  it('of two approved requests on one file, applies the first and leaves the other stale with nothing written to Git or SSM', async () => {
    const w = await world();
    const { h } = w;
    const id = `${w.env}:vpc/main`;
    const winner = await propose(h, alice, id, { az_count: 3 }, 'Three AZs');
    const loser = await propose(h, alice, id, { az_count: 4 }, 'Four AZs');
    await h.service.approve(bob, winner.id, { comment: '' });
    await h.service.approve(bob, loser.id, { comment: '' });

    await h.service.apply(dana, winner.id, { comment: '' });
    const countAfterFirst = await commitCount(w.remote);
    const putsAfterFirst = w.proxy.count('PutParameter');
    await expect(h.service.apply(dana, loser.id, { comment: '' })).rejects.toMatchObject({ status: 409 });

    expect(countAfterFirst).toBe(2);
    expect(await commitCount(w.remote)).toBe(countAfterFirst);
    const karma = await karmaCommits(w);
    expect(karma).toHaveLength(1);
    expect(karma[0].body).toContain(`Karma-Change-Request: ${winner.id}`);
    expect((await log(w.remote)).some((c) => c.body.includes(loser.id))).toBe(false);
    expect(await showFile(w.remote, 'main', w.file('vpc/main'))).toBe(pretty({ cidr: '10.0.0.0/16', az_count: 3 }));
    expect(await versions(w, 'vpc/main')).toEqual([1, 2]);
    expect(w.proxy.count('PutParameter')).toBe(putsAfterFirst);
    expect(await h.store.getChangeRequest(winner.id)).toMatchObject({ status: 'applied', gitCommit: karma[0].sha });
    expect(await h.store.getChangeRequest(loser.id)).toMatchObject({ status: 'stale', gitCommit: null, appliedVersion: null, error: expect.stringContaining(winner.id) });
    expect(await kinds(h, loser.id)).not.toContain('git_committed');
  });

  it('commits a change set as one commit holding every member’s file (a new one added, a removed one deleted), then writes SSM providers first', async () => {
    const w = await world();
    const { h } = w;
    const cluster = `${w.env}:ecs-cluster/core`;
    const body = createChangeBodySchema.parse({
      members: [
        { componentId: cluster, proposedConfig: JSON.stringify({ vpc_nickname: 'main', capacity_providers: ['FARGATE'], sqs_queue_nickname: 'orders' }) },
        { env: w.env, type: 'sqs-queue', nickname: 'orders', proposedConfig: '{"visibility_timeout_seconds":60}' },
        { componentId: `${w.env}:sqs-queue/jobs`, remove: true },
      ],
      baseVersions: [1, null, 1],
      title: 'Orders queue instead of jobs',
    });
    const request = await h.service.create(alice, body);
    expect(request.members.map((m) => m.git?.file)).toEqual([w.file('ecs-cluster/core'), w.file('sqs-queue/orders'), w.file('sqs-queue/jobs')]);
    expect(request.members.map((m) => m.git?.text)).toEqual([
      pretty({ vpc_nickname: 'main', capacity_providers: ['FARGATE'], sqs_queue_nickname: 'orders' }),
      pretty({ visibility_timeout_seconds: 60 }),
      null,
    ]);
    await h.service.approve(bob, request.id, { comment: '' });
    const before = await commitCount(w.remote);

    const { change, apply } = await h.service.apply(dana, request.id, { comment: '' });

    expect(await commitCount(w.remote)).toBe(before + 1);
    const [karma] = await karmaCommits(w);
    expect(karma.body).toContain(`Karma-Change-Request: ${request.id}`);
    expect(await showFile(w.remote, 'main', w.file('sqs-queue/orders'))).toBe(pretty({ visibility_timeout_seconds: 60 }));
    expect(await showFile(w.remote, 'main', w.file('sqs-queue/jobs'))).toBeNull();
    expect(change).toMatchObject({ status: 'applied', gitCommit: karma.sha });
    expect(apply?.members.map((m) => [m.componentId.split(':')[1], m.version])).toEqual([
      ['sqs-queue/orders', 1],
      ['ecs-cluster/core', 2],
      ['sqs-queue/jobs', null],
    ]);
    expect(await versions(w, 'sqs-queue/jobs')).toEqual([]);
  });

  it('leaves a change set stale with nothing written when one member’s file changed in Git', async () => {
    const w = await world();
    const { h } = w;
    const body = createChangeBodySchema.parse({
      members: [
        { componentId: `${w.env}:vpc/main`, proposedConfig: JSON.stringify({ cidr: '10.0.0.0/16', az_count: 3 }) },
        { componentId: `${w.env}:sqs-queue/jobs`, proposedConfig: JSON.stringify({ visibility_timeout_seconds: 45 }) },
      ],
      baseVersions: [1, 1],
      title: 'Two at once',
    });
    const request = await h.service.create(alice, body);
    await h.service.approve(bob, request.id, { comment: '' });
    await commitOutside({ remote: w.url, file: w.file('sqs-queue/jobs'), content: pretty({ visibility_timeout_seconds: 31 }), message: 'By hand' });
    const before = await commitCount(w.remote);
    const putsBefore = w.proxy.count('PutParameter');

    await expect(h.service.apply(dana, request.id, { comment: '' })).rejects.toMatchObject({ code: 'stale_version', message: expect.stringContaining(w.file('sqs-queue/jobs')) });

    expect(await commitCount(w.remote)).toBe(before);
    expect(w.proxy.count('PutParameter')).toBe(putsBefore);
    expect(await versions(w, 'vpc/main')).toEqual([1]);
    expect(await h.store.getChangeRequest(request.id)).toMatchObject({ status: 'stale' });
  });

  it('refuses with 409 when someone committed to the file between approval and apply: the request is stale, nothing is written', async () => {
    const w = await world();
    const { h } = w;
    const id = `${w.env}:vpc/main`;
    const file = w.file('vpc/main');
    const request = await propose(h, alice, id, { az_count: 3 });
    await h.service.approve(bob, request.id, { comment: '' });
    const outside = await commitOutside({ remote: w.url, file, content: pretty({ cidr: '10.9.0.0/16', az_count: 2 }), message: 'Move the vpc by hand' });
    const putsBefore = w.proxy.count('PutParameter');

    const refused = h.service.apply(dana, request.id, { comment: '' });

    await expect(refused).rejects.toMatchObject({ code: 'stale_version', status: 409, message: expect.stringContaining(file) });
    const commits = await log(w.remote);
    expect(commits.map((c) => c.sha)[0]).toBe(outside);
    expect(commits).toHaveLength(2);
    expect(commits.filter(isKarma)).toEqual([]);
    expect(commits[0]).toMatchObject({ authorEmail: OUTSIDER_IDENTITY.email, subject: 'Move the vpc by hand' });
    expect(await showFile(w.remote, 'main', file)).toBe(pretty({ cidr: '10.9.0.0/16', az_count: 2 }));
    expect(await versions(w, 'vpc/main')).toEqual([1]);
    expect(w.proxy.count('PutParameter')).toBe(putsBefore);
    const stale = await h.store.getChangeRequest(request.id);
    expect(stale).toMatchObject({ status: 'stale', gitCommit: null, appliedVersion: null, error: expect.stringContaining(`${file} changed on main`) });
    expect(stale?.error).toContain(outside.slice(0, 12));
    expect(await kinds(h, request.id)).toEqual(['proposed', 'approved', 'apply_started', 'stale']);
  });

  it('still applies after someone committed another file: the commit is rebuilt on the new tip, both are on main', async () => {
    const w = await world();
    const { h } = w;
    const id = `${w.env}:vpc/main`;
    const file = w.file('vpc/main');
    const other = w.file('sqs-queue/jobs');
    const request = await propose(h, alice, id, { az_count: 3 });
    const outside = await commitOutside({ remote: w.url, file: other, content: pretty({ visibility_timeout_seconds: 45 }), message: 'Longer visibility for jobs' });
    await h.service.approve(bob, request.id, { comment: '' });

    const { change } = await h.service.apply(dana, request.id, { comment: '' });

    const commits = await log(w.remote);
    expect(commits).toHaveLength(3);
    expect(commits.map((c) => c.authorEmail)).toEqual([alice.email, OUTSIDER_IDENTITY.email, SEED_IDENTITY.email]);
    expect(isKarma(commits[0])).toBe(true);
    expect(commits[1].sha).toBe(outside);
    expect(await commitChanges(w.remote, commits[0].sha)).toEqual({ parents: [outside], files: [file], removed: ['  "az_count": 2'], added: ['  "az_count": 3'] });
    expect(await showFile(w.remote, 'main', file)).toBe(pretty({ cidr: '10.0.0.0/16', az_count: 3 }));
    expect(await showFile(w.remote, 'main', other)).toBe(pretty({ visibility_timeout_seconds: 45 }));
    expect(change).toMatchObject({ status: 'applied', appliedVersion: 2, gitCommit: commits[0].sha });
    expect(await versions(w, 'vpc/main')).toEqual([1, 2]);
    expect(await versions(w, 'sqs-queue/jobs')).toEqual([1]);
    expect(w.proxy.count('PutParameter')).toBe(1);
  });

  it('tries a refused push again and commits once, saying so in the git_committed event', async () => {
    const w = await world();
    const { h } = w;
    const id = `${w.env}:vpc/main`;
    const request = await propose(h, alice, id, { az_count: 3 });
    await h.service.approve(bob, request.id, { comment: '' });
    const removeHook = rejectNextPush(w.remote);
    cleanups.push(async () => removeHook());

    const { change } = await h.service.apply(dana, request.id, { comment: '' });

    // The hook took its marker: the refusal happened.
    expect(fs.existsSync(path.join(w.remote, 'karma-reject-next-push'))).toBe(false);
    const commits = await log(w.remote);
    expect(commits).toHaveLength(2);
    expect(commits.filter(isKarma)).toHaveLength(1);
    expect(change).toMatchObject({ status: 'applied', gitCommit: commits[0].sha });
    const committed = (await h.store.listEvents({ changeRequestId: request.id })).filter((e) => e.kind === 'git_committed');
    expect(committed).toHaveLength(1);
    expect(committed[0]).toMatchObject({ data: { commit: commits[0].sha, attempts: 2 }, note: expect.stringMatching(/after 1 refused push: the remote refused the push/) });
    expect(await versions(w, 'vpc/main')).toEqual([1, 2]);
    expect(w.proxy.count('PutParameter')).toBe(1);
  });

  it('fails as apply_failed "in Git, not yet published" when SSM refuses after the push; the next apply publishes without committing again', async () => {
    const w = await world();
    const { h } = w;
    const id = `${w.env}:vpc/main`;
    const request = await propose(h, alice, id, { az_count: 3 });
    await h.service.approve(bob, request.id, { comment: '' });
    w.proxy.rule('PutParameter', () => ({ respond: { status: 500, errorType: 'InternalServerError', message: 'SSM is having a bad day' } }));

    const failure = await h.service.apply(dana, request.id, { comment: '' }).then(
      () => null,
      (error: unknown) => error as { code: string; message: string; details?: unknown },
    );

    const commits = await log(w.remote);
    expect(commits).toHaveLength(2);
    const [karma] = commits;
    expect(isKarma(karma)).toBe(true);
    const inGit = `In Git, not yet published: commit ${karma.sha.slice(0, 12)} on main holds this change`;
    expect(failure).toMatchObject({ code: 'unavailable', message: expect.stringContaining(inGit), details: { gitCommit: karma.sha, isInGit: true, isPublished: false } });
    // Sent once (the SDK does not retry a write): refused, so nothing landed.
    expect(w.proxy.count('PutParameter')).toBe(1);
    expect(await versions(w, 'vpc/main')).toEqual([1]);
    expect(await h.store.getChangeRequest(request.id)).toMatchObject({ status: 'apply_failed', gitCommit: karma.sha, appliedVersion: null, error: expect.stringContaining(inGit) });
    expect(await kinds(h, request.id)).toEqual(['proposed', 'approved', 'apply_started', 'git_committed', 'apply_failed']);

    w.proxy.rule('PutParameter', null);
    const putsBefore = w.proxy.count('PutParameter');
    const { change } = await h.service.apply(dana, request.id, { comment: 'SSM is back' });

    expect(change).toMatchObject({ status: 'applied', appliedVersion: 2, gitCommit: karma.sha, error: null });
    expect(await log(w.remote)).toEqual(commits);
    expect(await versions(w, 'vpc/main')).toEqual([1, 2]);
    expect(w.proxy.count('PutParameter') - putsBefore).toBe(1);
    const events = await h.store.listEvents({ changeRequestId: request.id });
    expect(events.map((e) => e.kind)).toEqual(['proposed', 'approved', 'apply_started', 'git_committed', 'apply_failed', 'apply_started', 'applied']);
    expect(events.at(-1)).toMatchObject({
      note: expect.stringContaining(`already holds this change (commit ${karma.sha.slice(0, 12)}): publishing only`),
      data: { gitCommit: karma.sha },
    });
  });

  it('without a config repo, opens requests with no Git base and applies to SSM only', async () => {
    const w = await world({ withRepo: false });
    const { h } = w;
    const id = `${w.env}:vpc/main`;
    const request = await propose(h, alice, id, { az_count: 3 });
    expect(request.git).toBeNull();
    await h.service.approve(bob, request.id, { comment: '' });

    const { change } = await h.service.apply(dana, request.id, { comment: '' });

    expect(change).toMatchObject({ status: 'applied', appliedVersion: 2, gitCommit: null });
    expect(await commitCount(w.remote)).toBe(1);
    expect(await karmaCommits(w)).toEqual([]);
    expect(await showFile(w.remote, 'main', w.file('vpc/main'))).toBe(pretty(ESTATE['vpc/main']));
    expect(await versions(w, 'vpc/main')).toEqual([1, 2]);
    expect(w.proxy.count('PutParameter')).toBe(1);
    expect(await kinds(h, request.id)).toEqual(['proposed', 'approved', 'apply_started', 'applied']);
  });
});
