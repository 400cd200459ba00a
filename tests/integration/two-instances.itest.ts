// The supported deployment, for real: two portal processes (`next start` on
// the production build) on one Gremlin Server and one moto, each reaching
// SSM through a proxy of its own (which counts every PutParameter and
// injects faults) and Neptune through a TCP proxy of its own (which can go
// down). Exactly-once applies across instances, a lost PutParameter answer,
// a slow sync racing an apply, a store that lost its data, and the store
// going down between an apply's write and its record.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedEstate } from '@/lib/workflow/testing/review-harness';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { startGremlinServer } from '../../scripts/peers/gremlin.mjs';
import type { RunningPeer } from '../../scripts/peers/proc.mjs';
import { signIn, startPortal, TEST_SECRET, type Portal, type Session } from '../support/portal';
import { startSsmProxy, type SsmProxy } from '../support/ssm-proxy';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const ssmEndpoint = inject('ssmEndpoint');
const gremlinPort = Number(new URL(inject('gremlinEndpoint')).port);
const HOOK_SECRET = 'two-instances-webhook-secret';
const client = new SSMClient({ region: 'us-east-1', endpoint: ssmEndpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
afterAll(() => client.destroy());

type Instance = { portal: Portal; ssm: SsmProxy; store: TcpProxy; alice: Session; bob: Session; carol: Session; dana: Session; anonymous: Portal };

type Cluster = {
  env: string;
  /** `<env>:vpc/main` */
  vpc: string;
  a: Instance;
  b: Instance;
  hook: WebhookReceiver;
  /** Straight to moto, past the proxies: what SSM really holds. */
  direct: SsmParameterStore;
  puts(): number;
  stop(): Promise<void>;
};

async function startCluster({ storePort = gremlinPort }: { storePort?: number } = {}): Promise<Cluster> {
  const env = `two-${randomUUID().slice(0, 8)}`;
  const direct = new SsmParameterStore({ env, prefix: `/${env}`, client });
  await seedEstate(direct);
  const dir = mkdtempSync(path.join(tmpdir(), 'karma-two-'));
  const settingsFile = path.join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ approvals: { default: 1, perEnv: {} } }));
  const hook = await startWebhookReceiver(HOOK_SECRET);

  const instance = async (): Promise<Instance> => {
    const ssm = await startSsmProxy(ssmEndpoint);
    const store = await startTcpProxy({ port: storePort });
    const portal = await startPortal({
      KARMA_DEMO: '1',
      KARMA_SETTINGS: settingsFile,
      KARMA_PARAMETERS: 'ssm',
      KARMA_ENVIRONMENTS: `${env}=/${env}`,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      NEPTUNE_ENDPOINT: `ws://127.0.0.1:${store.port}/gremlin`,
      KARMA_GREMLIN_TIMEOUT_MS: '3000',
      KARMA_WEBHOOK_URL: hook.url,
      KARMA_WEBHOOK_SECRET: HOOK_SECRET,
      // The apply webhook itself is under test here; rollouts (tests/integration/rollout-portals.itest.ts) replace it.
      KARMA_ROLLOUTS: '0',
      NEXTAUTH_SECRET: TEST_SECRET,
    });
    if (portal.exitCode() !== null) throw new Error(`a portal did not start:\n${portal.output()}`);
    const [alice, bob, carol, dana] = await Promise.all(['alice', 'bob', 'carol', 'dana'].map((name) => signIn(portal, name)));
    return { portal, ssm, store, alice, bob, carol, dana, anonymous: portal };
  };
  // One after the other: both start-up syncs at once would only wait on each other's lease.
  const a = await instance();
  const b = await instance();
  return {
    env,
    vpc: `${env}:vpc/main`,
    a,
    b,
    hook,
    direct,
    puts: () => a.ssm.count('PutParameter') + b.ssm.count('PutParameter'),
    async stop() {
      await Promise.all(
        [a, b].map(async (i) => {
          await i.portal.stop();
          await Promise.all([i.ssm.close(), i.store.close()]);
        }),
      );
      await hook.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const enc = encodeURIComponent;
const changePath = (change: { id: string }) => `/api/changes/${enc(change.id.replace(/^cr:/, ''))}`;

/**
 * Waits until both instances serve the same graph generation: each follows
 * the store about once a second, so right after one instance's sync the
 * other may still serve the one before (what a person switching instances
 * behind a load balancer would see for that long).
 */
async function inStep(cluster: Cluster): Promise<void> {
  const generationOf = async (instance: Instance) => ((await instance.bob.api('GET', '/api/graph?type=vpc')).body as { generation: number }).generation;
  await expect
    .poll(
      async () => {
        const [a, b] = await Promise.all([generationOf(cluster.a), generationOf(cluster.b)]);
        return a === b;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
}

let cluster: Cluster | null = null;

async function component(session: Session, id: string) {
  if (cluster) await inStep(cluster);
  const { status, body } = await session.api('GET', `/api/components/${enc(id)}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return (body as { component: { config: Record<string, unknown>; configVersion: number } }).component;
}

/** alice proposes `change` on the component's current config, through `session`'s portal. */
async function propose(session: Session, id: string, change: Record<string, unknown>, baseVersion?: number): Promise<ChangeRequest> {
  const current = await component(session, id);
  const { status, body } = await session.api('POST', '/api/changes', {
    componentId: id,
    proposedConfig: JSON.stringify({ ...current.config, ...change }, null, 2),
    title: `Set ${Object.keys(change).join(', ')}`,
    baseVersion: baseVersion ?? current.configVersion,
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body as ChangeRequest;
}

async function approve(session: Session, change: ChangeRequest): Promise<void> {
  const { status, body } = await session.api('POST', `${changePath(change)}/approve`, {});
  expect(status, JSON.stringify(body)).toBe(200);
}

async function requestOf(session: Session, change: { id: string }): Promise<ChangeRequest & { events: AuditEvent[] }> {
  return (await session.api('GET', changePath(change))).body as ChangeRequest & { events: AuditEvent[] };
}

const kinds = (events: AuditEvent[]) => events.map((e) => e.kind);

describe('two portals on one Gremlin Server and one moto', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
    cluster = c;
  });
  afterAll(() => c?.stop());

  it('applies exactly one of two approved requests on one component raced across the instances, 20 rounds in a row; the applied one is live', async () => {
    const name = `/${c.env}/vpc/main/config`;
    for (let round = 1; round <= 20; round++) {
      // Both from the same base version, one proposed on each instance.
      const base = (await component(c.a.alice, c.vpc)).configVersion;
      const first = await propose(c.a.alice, c.vpc, { az_count: 100 + 2 * round }, base);
      const second = await propose(c.b.alice, c.vpc, { az_count: 101 + 2 * round }, base);
      await approve(c.a.bob, first);
      await approve(c.b.carol, second);
      const putsBefore = c.puts();
      const versionsBefore = (await c.direct.history(name)).length;

      const outcomes = await Promise.all([c.a.bob.api('POST', `${changePath(first)}/apply`, {}), c.b.carol.api('POST', `${changePath(second)}/apply`, {})]);

      const statuses = outcomes.map((o) => o.status).sort();
      expect(statuses, `round ${round}: ${JSON.stringify(outcomes.map((o) => o.body))}`).toEqual([200, 409]);
      expect(c.puts() - putsBefore, `round ${round}: PutParameter calls`).toBe(1);
      const history = await c.direct.history(name);
      expect(history.length, `round ${round}: versions written`).toBe(versionsBefore + 1);
      const [one, two] = await Promise.all([requestOf(c.a.bob, first), requestOf(c.b.bob, second)]);
      const applied = [one, two].filter((r) => r.status === 'applied');
      expect(applied, `round ${round}: ${one.status} / ${two.status}`).toHaveLength(1);
      expect([one, two].find((r) => r !== applied[0])?.status).toBe('stale');
      // The request recorded `applied` is the one whose value is live.
      expect(history.at(-1)).toMatchObject({ version: applied[0].appliedVersion, value: applied[0].proposedConfig });
      expect((await c.direct.get(name))?.value).toBe(applied[0].proposedConfig);
    }
  }, 240_000);

  it('writes once and records the apply when SSM committed a PutParameter but its answer was lost; the webhook goes out once', async () => {
    const name = `/${c.env}/vpc/main/config`;
    const request = await propose(c.a.alice, c.vpc, { az_count: 7 });
    await approve(c.b.bob, request);
    let isDropped = false;
    c.a.ssm.rule('PutParameter', () => {
      if (isDropped) return 'forward';
      isDropped = true;
      return 'drop-response';
    });
    const putsBefore = c.puts();
    const versionsBefore = (await c.direct.history(name)).length;

    const { status, body } = await c.a.bob.api('POST', `${changePath(request)}/apply`, {});
    c.a.ssm.rule('PutParameter', null);

    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ change: { status: 'applied' }, apply: { ok: true, webhook: 'sent' } });
    expect(c.puts() - putsBefore).toBe(1);
    const history = await c.direct.history(name);
    expect(history.length).toBe(versionsBefore + 1);
    expect(history.at(-1)).toMatchObject({ value: request.proposedConfig, description: expect.stringContaining(request.id) });
    const events = kinds((await requestOf(c.b.bob, request)).events);
    expect(events.filter((k) => k === 'applied')).toHaveLength(1);
    expect(events).not.toContain('apply_failed');
    expect(c.hook.verified.filter((p) => p.changeRequest.id === request.id)).toHaveLength(1);
  });

  it('keeps the graph at the new version when a slow sync on one instance, which read SSM before an apply, races the apply on the other', async () => {
    const request = await propose(c.b.alice, c.vpc, { az_count: 9 });
    await approve(c.b.carol, request);
    const before = (await component(c.b.bob, c.vpc)).configVersion;
    // Instance A's reads of the whole prefix: the last page is held for 4 s, after SSM produced it.
    c.a.ssm.rule('GetParametersByPath', () => ({ delayResponseMs: 4_000, onlyIf: (answer) => !answer.includes('"NextToken"') }));
    const reads = c.a.ssm.count('GetParametersByPath');
    const slowSync = c.a.dana.api('POST', '/api/graph/sync', {});
    await expect.poll(() => c.a.ssm.count('GetParametersByPath'), { timeout: 10_000 }).toBeGreaterThan(reads);

    const apply = await c.b.carol.api('POST', `${changePath(request)}/apply`, {});
    c.a.ssm.rule('GetParametersByPath', null);
    const synced = await slowSync;

    expect(apply.status, JSON.stringify(apply.body)).toBe(200);
    expect(apply.body).toMatchObject({ apply: { ok: true, version: before + 1, sync: { ok: true } } });
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    for (const instance of [c.a, c.b]) {
      expect(await component(instance.bob, c.vpc)).toMatchObject({ configVersion: before + 1, config: { az_count: 9 } });
    }
  });

  /** A request on the vpc, proposed and approved through instance A. */
  async function approvedOnA(change: Record<string, unknown>): Promise<ChangeRequest> {
    const request = await propose(c.a.alice, c.vpc, change);
    await approve(c.a.bob, request);
    return request;
  }

  /** The moment the instance's next write leaves for SSM, it loses the graph store (the write itself goes through). */
  function loseStoreOnWrite(instance: Instance): void {
    instance.ssm.rule('PutParameter', () => {
      instance.ssm.rule('PutParameter', null);
      void instance.store.down();
      return 'forward';
    });
  }

  it('answers 503 saying SSM holds the write when the store goes down between claim and record, and records it as soon as the store is back', async () => {
    const name = `/${c.env}/vpc/main/config`;
    const request = await approvedOnA({ az_count: 11 });
    loseStoreOnWrite(c.a);
    const putsBefore = c.puts();
    const versionsBefore = (await c.direct.history(name)).length;

    const { status, body } = await c.a.bob.api('POST', `${changePath(request)}/apply`, {});

    expect(status, JSON.stringify(body)).toBe(503);
    expect(body).toMatchObject({
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/now holds this change as version \d+, but the graph store is unavailable, so the apply is not recorded yet/),
        details: { isWritten: true, isRecordPending: true },
      },
    });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    // Instance B still reaches the store: the request is mid-apply, not stale, not failed.
    expect(await requestOf(c.b.bob, request)).toMatchObject({ status: 'approved' });

    await c.a.store.up();
    await expect.poll(async () => (await requestOf(c.b.bob, request)).status, { timeout: 20_000 }).toBe('applied');
    expect(c.puts() - putsBefore).toBe(1);
    expect((await c.direct.history(name)).length).toBe(versionsBefore + 1);
    await expect.poll(() => c.hook.verified.filter((p) => p.changeRequest.id === request.id).length, { timeout: 10_000 }).toBe(1);
    const events = kinds((await requestOf(c.b.bob, request)).events);
    expect(events.filter((k) => k === 'applied')).toHaveLength(1);
    expect(events.filter((k) => k === 'webhook_sent')).toHaveLength(1);
  });

  it('lets the other instance record such a write at once when the instance that wrote it died, after the write’s record window', async () => {
    const name = `/${c.env}/vpc/main/config`;
    const request = await approvedOnA({ az_count: 13 });
    loseStoreOnWrite(c.a);
    const putsBefore = c.puts();

    expect((await c.a.bob.api('POST', `${changePath(request)}/apply`, {})).status).toBe(503);
    // Instance A crashes before it can record anything; the store comes back.
    await c.a.portal.stop('SIGKILL');
    await c.a.store.up();

    const early = await c.b.carol.api('POST', `${changePath(request)}/apply`, {});
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { message: expect.stringContaining('which is being recorded') } });
    const view = (await c.b.bob.api('GET', changePath(request))).body as { applyInProgress: { written: { isRecordable: boolean } } };
    expect(view.applyInProgress).toMatchObject({ written: { isRecordable: false } });

    await new Promise((resolve) => setTimeout(resolve, 31_000));
    const late = await c.b.carol.api('POST', `${changePath(request)}/apply`, {});
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body).toMatchObject({ change: { status: 'applied' }, apply: { isRecovered: true, webhook: 'sent' } });
    expect(c.puts() - putsBefore).toBe(1);
    expect((await c.direct.history(name)).at(-1)).toMatchObject({ value: request.proposedConfig });
    expect(c.hook.verified.filter((p) => p.changeRequest.id === request.id)).toHaveLength(1);
  }, 90_000);
});

describe('two portals on a graph store that loses its data', () => {
  let server: RunningPeer;
  let c: Cluster;
  beforeAll(async () => {
    server = await startGremlinServer();
    c = await startCluster({ storePort: server.port });
    cluster = c;
  });
  afterAll(async () => {
    await c?.stop();
    await server?.stop();
  });

  it('notices the empty store, says so in health meanwhile, serves the last good graph flagged stale, and re-syncs at once', { timeout: 90_000 }, async () => {
    expect((await c.a.bob.api('GET', '/api/graph')).body).toMatchObject({ stale: false, nodes: expect.arrayContaining([expect.objectContaining({ id: c.vpc })]) });
    // An in-memory store restarted: same address, nothing in it. Instance A's re-sync is slowed so "meanwhile" can be seen.
    await server.stop();
    server = await startGremlinServer({ port: server.port });
    // Whichever instance notices first re-syncs; both are slowed so "meanwhile" lasts long enough to be seen.
    for (const instance of [c.a, c.b]) instance.ssm.rule('GetParametersByPath', () => ({ delayResponseMs: 3_000 }));

    const during = await c.a.bob.api('GET', '/api/graph');
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ stale: true, nodes: expect.arrayContaining([expect.objectContaining({ id: c.vpc })]) });
    const health = await fetch(`${c.a.portal.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, graphStore: 'recovering', parameters: 'up' });

    for (const instance of [c.a, c.b]) instance.ssm.rule('GetParametersByPath', null);
    for (const instance of [c.a, c.b]) {
      await expect.poll(async () => (await fetch(`${instance.portal.url}/api/health`)).status, { timeout: 30_000 }).toBe(200);
      const after = (await instance.bob.api('GET', '/api/graph')).body as { stale: boolean; nodes: Array<{ id: string }> };
      expect(after.stale).toBe(false);
      expect(after.nodes.map((n) => n.id).sort()).toEqual([`${c.env}:ecs-cluster/core`, `${c.env}:sqs-queue/jobs`, c.vpc]);
    }
  });
});
