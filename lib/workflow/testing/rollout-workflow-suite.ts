/**
 * Rollouts end to end as a suite any pair of adapters runs (like the review
 * workflow suite): propose, approve and apply a change; the driver asks a
 * deploy pipeline of our own on loopback (test-pipeline.ts) to deploy each
 * wave and watches the runtimes it writes. lib/workflow/rollout-workflow.test.ts
 * runs it on the embedded adapters, tests/integration/rollout-workflow.itest.ts
 * on moto and Gremlin Server.
 */
import { createServer, type Server } from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_FIELD_MIRRORS, mergeFieldMirrors } from '@/lib/drift/field-mirrors';
import type { JsonObject } from '@/lib/model/json';
import { componentParameterName } from '@/lib/model/parameters';
import type { Rollout } from '@/lib/model/rollout';
import { settingsFileSchema, type RolloutSettings } from '@/lib/model/settings';
import type { ParameterStore } from '@/lib/params/parameter-store';
import { GraphService } from '@/lib/server/graph-service';
import type { GraphStore } from '@/lib/store/graph-store';
import { ChangeRequestService } from '../change-request-service';
import { webhookDeployer } from '../deployers';
import { RolloutDriver } from '../rollout-driver';
import { RolloutService } from '../rollout-service';
import { PEOPLE, propose, sourcesOf, type Harness } from './review-harness';
import { startTestPipeline, type TestPipeline } from './test-pipeline';
import { createChangeBodySchema } from '@/lib/model/simulation';

export type RolloutSetup = () => Promise<{
  /** One environment's parameter store, empty (its name unique per test where the peer is shared). */
  store: ParameterStore;
  /** A new connection to the one graph store every instance shares (two portals, or a portal after a restart). */
  openGraphStore(): GraphStore;
}>;

const SECRET = 'rollout-suite-secret-0123456789';
const { alice, bob, carol } = PEOPLE;

/** A vpc, a cluster on it, a service on both, a queue on nothing: a change to the vpc rolls out in three waves. */
const ESTATE: Record<string, { config: JsonObject; runtime: JsonObject }> = {
  'vpc/main': { config: { cidr: '10.0.0.0/16', az_count: 2 }, runtime: { vpc_id: 'vpc-0abc', vpc_cidr: '10.0.0.0/16', private_subnet_ids: ['subnet-1', 'subnet-2'] } },
  'ecs-cluster/core': { config: { vpc_nickname: 'main', capacity_providers: ['FARGATE'] }, runtime: { cluster_arn: 'arn:aws:ecs:us-east-1:1:cluster/core' } },
  'ecs-service/web': {
    config: { ecs_cluster_nickname: 'core', vpc_nickname: 'main', desired_count: 2 },
    runtime: { service_arn: 'arn:aws:ecs:us-east-1:1:service/web', desired_count: 2 },
  },
  'sqs-queue/jobs': { config: { visibility_timeout_seconds: 30 }, runtime: { queue_url: 'https://sqs/jobs' } },
};

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last, null, 1).slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await read();
  }
  return last;
}

type Instance = Harness & { rollouts: RolloutService; driver: RolloutDriver };

type RolloutHarness = {
  env: string;
  store: ParameterStore;
  pipeline: TestPipeline;
  settings: RolloutSettings;
  /** A portal instance: its own graph store connection, services and driver (not started). */
  instance(): Promise<Instance>;
  id(path: string): string;
  runtimeOf(path: string): Promise<number | null>;
  configOf(path: string): Promise<number | null>;
};

export function describeRolloutWorkflow(label: string, setup: RolloutSetup): void {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function harness(): Promise<RolloutHarness> {
    const { store, openGraphStore } = await setup();
    for (const [path, { config, runtime }] of Object.entries(ESTATE)) {
      const [type, nickname] = path.split('/');
      await store.put({ name: componentParameterName(store.prefix, { type, nickname }, 'config'), value: JSON.stringify(config), expectedVersion: null, user: 'seed' });
      await store.put({ name: componentParameterName(store.prefix, { type, nickname }, 'runtime'), value: JSON.stringify(runtime), expectedVersion: null, user: 'terraform' });
    }
    const sources = sourcesOf([store]);
    const file = settingsFileSchema.parse({ approvals: { default: 1, perEnv: {} } });
    const mirrors = mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, file.fieldMirrors);
    const pipeline = await startTestPipeline({ secret: SECRET, sources, mirrors });
    cleanups.push(() => pipeline.close());

    // The portal's callback route, as a loopback server: what the pipeline posts its reports to.
    const instances: Instance[] = [];
    const callback: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const id = `ro:${decodeURIComponent(req.url!.split('/')[3])}`;
        instances[0].rollouts.callback({ id, rawBody: Buffer.concat(chunks).toString('utf8'), signature: (req.headers['x-karma-signature'] as string) ?? null }).then(
          (out) => res.writeHead(200).end(JSON.stringify(out)),
          (error: Error) => res.writeHead(400).end(error.message),
        );
      });
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => callback.close(() => resolve())));
    const settings: RolloutSettings = {
      enabled: true,
      tickMs: 40,
      timeoutMinutes: { default: 30, perType: {} },
      hooks: [],
      secret: SECRET,
      defaultHook: pipeline.url,
      authorMayOperate: false,
      simulator: null,
      callbackBase: `http://127.0.0.1:${(callback.address() as net.AddressInfo).port}`,
    };
    const env = store.env;
    const name = (path: string, doc: 'config' | 'runtime') => {
      const [type, nickname] = path.split('/');
      return componentParameterName(store.prefix, { type, nickname }, doc);
    };
    return {
      env,
      store,
      pipeline,
      settings,
      id: (path) => `${env}:${path}`,
      runtimeOf: async (path) => (await store.get(name(path, 'runtime')))?.version ?? null,
      configOf: async (path) => (await store.get(name(path, 'config')))?.version ?? null,
      async instance() {
        const graphStore = openGraphStore();
        const graph = new GraphService({ sources, store: graphStore, file, configRepo: null });
        const report = await graph.sync('start');
        if (!report.ok) throw new Error(`first sync failed: ${report.error}`);
        const driver = new RolloutDriver({ store: graphStore, sources, settings, mirrors, deployer: webhookDeployer(settings), sync: () => graph.sync('rollout') });
        cleanups.push(() => driver.stop());
        const rollouts = new RolloutService({ store: graphStore, settings, driver });
        const service = new ChangeRequestService({
          graph,
          store: graphStore,
          sources,
          settings: { file, configRepo: null, allowAdvancedTier: false, webhook: null },
          configRepo: null,
          rollouts,
        });
        const instance: Instance = { service, graph, store: graphStore, sources, file, rollouts, driver };
        instances.push(instance);
        return instance;
      },
    };
  }

  /** Proposed by alice, approved and applied by bob: the rollout's id. */
  async function applyVpcChange(h: RolloutHarness, a: Instance): Promise<string> {
    const request = await propose(a, alice, h.id('vpc/main'), { cidr: '10.9.0.0/16' }, 'Move the vpc');
    await a.service.approve(bob, request.id, { comment: '' });
    const { apply } = await a.service.apply(bob, request.id, { comment: '' });
    expect(apply).toMatchObject({ ok: true, webhook: 'rollout', rollout: expect.stringMatching(/^ro:/) });
    return apply!.rollout!;
  }

  const read = (a: Instance, id: string) => async () => (await a.store.getRollout(id))!;
  const states = (r: Rollout) => Object.fromEntries(r.members.map((m) => [m.componentId, m.state]));
  const deliveredTo = (h: RolloutHarness) => h.pipeline.deliveries.map((d) => d.payload.rollout.componentId);

  describe(`rollouts (${label})`, () => {
    it('plans three waves at simulation, then deploys them in order, each after the last one’s runtimes were written', async () => {
      const h = await harness();
      const a = await h.instance();
      const request = await propose(a, alice, h.id('vpc/main'), { cidr: '10.9.0.0/16' }, 'Move the vpc');
      const plan = (request.impact as { rollout: { waves: Array<{ members: Array<{ componentId: string; reason: string }> }> } }).rollout;
      expect(plan.waves.map((w) => w.members.map((m) => `${m.componentId}:${m.reason}`))).toEqual([
        [`${h.id('vpc/main')}:changed`],
        [`${h.id('ecs-cluster/core')}:must_redeploy`],
        [`${h.id('ecs-service/web')}:must_redeploy`],
      ]);
      const runtimes = { vpc: await h.runtimeOf('vpc/main'), cluster: await h.runtimeOf('ecs-cluster/core'), service: await h.runtimeOf('ecs-service/web') };
      await a.service.approve(bob, request.id, { comment: '' });
      const { apply } = await a.service.apply(bob, request.id, { comment: '' });
      a.driver.start();
      const done = await until('the rollout to complete', read(a, apply!.rollout!), (r) => r.status !== 'running');

      expect(done).toMatchObject({ status: 'completed', currentWave: 4, waves: 3, reason: null, startedBy: bob.id, author: alice.id });
      expect(deliveredTo(h)).toEqual([h.id('vpc/main'), h.id('ecs-cluster/core'), h.id('ecs-service/web')]);
      // Each wave was asked for only after the previous wave's runtime write.
      const [first, second, third] = h.pipeline.deliveries;
      expect(second.at).toBeGreaterThanOrEqual(h.pipeline.writes[0].at);
      expect(third.at).toBeGreaterThanOrEqual(h.pipeline.writes[1].at);
      expect(first.payload).toMatchObject({
        event: 'rollout.deploy',
        component: { id: h.id('vpc/main') },
        configVersion: 2,
        rollout: { id: apply!.rollout, wave: 1, waves: 3, reason: 'changed', configVersion: 2, callbackUrl: expect.stringContaining('/api/rollouts/') },
      });
      expect(third.payload.rollout).toMatchObject({ wave: 3, reason: 'must_redeploy', configVersion: 1 });
      const byId = new Map(done.members.map((m) => [m.componentId, m]));
      expect(byId.get(h.id('vpc/main'))).toMatchObject({ state: 'deployed', runtimeBefore: runtimes.vpc, observedRuntimeVersion: runtimes.vpc! + 1, attempts: 1 });
      expect(byId.get(h.id('ecs-service/web'))).toMatchObject({ state: 'deployed', observedRuntimeVersion: runtimes.service! + 1, configVersion: 1 });
      expect(byId.get(h.id('ecs-cluster/core'))!.observedRuntimeVersion).toBe(runtimes.cluster! + 1);
      expect(byId.has(h.id('sqs-queue/jobs'))).toBe(false);

      const kinds = (await a.store.listEvents({ changeRequestId: request.id })).map((e) => e.kind).filter((k) => k.startsWith('rollout_') || k === 'webhook_sent');
      expect(kinds).toEqual([
        'rollout_started',
        'rollout_deploy_requested',
        'rollout_member_deployed',
        'rollout_wave_started',
        'rollout_deploy_requested',
        'rollout_member_deployed',
        'rollout_wave_started',
        'rollout_deploy_requested',
        'rollout_member_deployed',
        'rollout_completed',
      ]);
      // The view the page reads has the rollout's events only, and what bob (not the author) may do.
      const view = await a.rollouts.view(bob, done.id);
      expect(view.events.every((e) => (e.data as { rolloutId?: string }).rolloutId === done.id)).toBe(true);
      expect(view.allowed.pause).toMatchObject({ allowed: false, code: 'invalid_transition' });
    });

    it('pauses when the pipeline refuses a member, asks nothing of the next wave, and goes on after a retry', async () => {
      const h = await harness();
      const a = await h.instance();
      h.pipeline.behave(h.id('ecs-cluster/core'), 'refuse');
      const id = await applyVpcChange(h, a);
      a.driver.start();
      const paused = await until('the rollout to pause', read(a, id), (r) => r.status !== 'running');
      expect(paused).toMatchObject({ status: 'paused', currentWave: 2, reason: expect.stringContaining(`${h.id('ecs-cluster/core')} failed: The deploy request failed: `) });
      expect(states(paused)[h.id('ecs-service/web')]).toBe('waiting');
      expect(deliveredTo(h)).toEqual([h.id('vpc/main'), h.id('ecs-cluster/core')]);

      // The author may not retry their own change's rollout; another approver may.
      await expect(a.rollouts.act(alice, id, 'retry', { componentId: h.id('ecs-cluster/core'), comment: '' })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(a.rollouts.act(bob, id, 'resume', { comment: '' })).rejects.toMatchObject({
        code: 'invalid_transition',
        message: expect.stringContaining('retry or skip it first'),
      });
      h.pipeline.behave(h.id('ecs-cluster/core'), 'deploy');
      const retried = await a.rollouts.act(carol, id, 'retry', { componentId: h.id('ecs-cluster/core'), comment: 'pipeline fixed' });
      expect(retried.rollout).toMatchObject({ status: 'running', reason: null });
      const done = await until('the rollout to complete', read(a, id), (r) => r.status === 'completed');
      expect(done.members.find((m) => m.componentId === h.id('ecs-cluster/core'))).toMatchObject({ state: 'deployed', attempts: 2 });
      expect(deliveredTo(h)).toEqual([h.id('vpc/main'), h.id('ecs-cluster/core'), h.id('ecs-cluster/core'), h.id('ecs-service/web')]);
      const retriedEvent = (await a.store.listEvents({ changeRequestId: done.changeRequestId })).find((e) => e.kind === 'rollout_member_retried');
      expect(retriedEvent).toMatchObject({ actor: carol.id, componentId: h.id('ecs-cluster/core'), note: expect.stringContaining('pipeline fixed') });
    });

    it('pauses on a runtime whose outputs disagree with the config, on a reported failure, and on a timeout; a skip with a comment goes on', async () => {
      const h = await harness();
      const a = await h.instance();
      h.pipeline.behave(h.id('vpc/main'), 'wrong_outputs');
      const id = await applyVpcChange(h, a);
      a.driver.start();
      let paused = await until('a pause', read(a, id), (r) => r.status !== 'running');
      expect(paused.members[0]).toMatchObject({
        state: 'failed',
        error: expect.stringMatching(/^Runtime v\d+ was written, but vpc_cidr is "10.9.0.0\/16-wrong" where the config v2 says cidr = "10.9.0.0\/16"/),
      });

      h.pipeline.behave(h.id('vpc/main'), 'deploy');
      h.pipeline.behave(h.id('ecs-cluster/core'), 'report_failure');
      await a.rollouts.act(carol, id, 'retry', { componentId: h.id('vpc/main'), comment: '' });
      paused = await until('the reported failure', read(a, id), (r) => r.status !== 'running');
      expect(paused.members.find((m) => m.componentId === h.id('ecs-cluster/core'))).toMatchObject({
        state: 'failed',
        error: 'The pipeline reported failure: terraform apply: exit 1',
        report: { status: 'failed', message: 'terraform apply: exit 1' },
      });

      await expect(a.rollouts.act(carol, id, 'skip', { componentId: h.id('ecs-cluster/core'), comment: '' })).rejects.toMatchObject({ code: 'bad_request' });
      h.settings.timeoutMinutes.perType['ecs-service'] = 0.003;
      h.pipeline.behave(h.id('ecs-service/web'), 'silent');
      await a.rollouts.act(carol, id, 'skip', { componentId: h.id('ecs-cluster/core'), comment: 'deployed by hand' });
      paused = await until('the timeout', read(a, id), (r) => r.status !== 'running');
      expect(paused.members.find((m) => m.componentId === h.id('ecs-service/web'))).toMatchObject({ state: 'failed', error: expect.stringContaining('(timed out)') });
      expect(paused.members.find((m) => m.componentId === h.id('ecs-cluster/core'))).toMatchObject({ state: 'skipped', skipped: { by: carol.id, comment: 'deployed by hand' } });

      await a.rollouts.act(carol, id, 'skip', { componentId: h.id('ecs-service/web'), comment: 'not needed' });
      const done = await until('completion', read(a, id), (r) => r.status === 'completed');
      expect(states(done)).toEqual({ [h.id('vpc/main')]: 'deployed', [h.id('ecs-cluster/core')]: 'skipped', [h.id('ecs-service/web')]: 'skipped' });
    });

    it('is paused, resumed and aborted by people, each an audited event', async () => {
      const h = await harness();
      const a = await h.instance();
      h.pipeline.behave(h.id('vpc/main'), 'silent');
      const id = await applyVpcChange(h, a);
      await expect(a.rollouts.act(alice, id, 'pause', { comment: '' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('approver') });
      const paused = await a.rollouts.act(bob, id, 'pause', { comment: 'wait for the freeze' });
      expect(paused.rollout).toMatchObject({ status: 'paused', reason: `Paused by ${bob.id}: wait for the freeze` });
      await a.driver.tick();
      expect(h.pipeline.deliveries).toHaveLength(0);
      await expect(a.rollouts.act(PEOPLE.victor, id, 'resume', { comment: '' })).rejects.toMatchObject({ code: 'forbidden' });
      await a.rollouts.act(bob, id, 'resume', { comment: '' });
      await a.driver.tick();
      expect(deliveredTo(h)).toEqual([h.id('vpc/main')]);
      const aborted = await a.rollouts.act(bob, id, 'abort', { comment: 'rolled back by hand' });
      expect(aborted.rollout).toMatchObject({
        status: 'aborted',
        reason: expect.stringContaining(`Aborted by ${bob.id}: rolled back by hand (the pipeline may still finish ${h.id('vpc/main')}`),
      });
      await expect(a.rollouts.act(bob, id, 'resume', { comment: '' })).rejects.toMatchObject({ code: 'invalid_transition' });
      const events = aborted.events.map((e) => `${e.kind}:${e.actor.split('@')[0]}`);
      expect(events).toEqual(['rollout_started:bob', 'rollout_paused:bob', 'rollout_resumed:bob', 'rollout_deploy_requested:karma', 'rollout_aborted:bob']);
    });

    it('writes a change-set member that depends on another member at its wave, not at apply', async () => {
      const h = await harness();
      const a = await h.instance();
      const { component: vpc } = await a.graph.readComponent(h.id('vpc/main'));
      const { component: svc } = await a.graph.readComponent(h.id('ecs-service/web'));
      const body = createChangeBodySchema.parse({
        title: 'Move the vpc and scale the service',
        baseVersions: [vpc.configVersion, svc.configVersion],
        members: [
          { componentId: h.id('ecs-service/web'), proposedConfig: JSON.stringify({ ...(svc.config as JsonObject), desired_count: 4 }) },
          { componentId: h.id('vpc/main'), proposedConfig: JSON.stringify({ ...(vpc.config as JsonObject), cidr: '10.9.0.0/16' }) },
        ],
      });
      const request = await a.service.create(alice, body);
      await a.service.approve(bob, request.id, { comment: '' });
      const { apply, change } = await a.service.apply(bob, request.id, { comment: '' });
      // Applied: the vpc now, the service at wave 3.
      expect(change.status).toBe('applied');
      expect(apply).toMatchObject({ atWave: [h.id('ecs-service/web')], members: [{ componentId: h.id('vpc/main') }] });
      expect(change.members.map((m) => [m.componentId, m.isApplied])).toEqual([
        [h.id('ecs-service/web'), false],
        [h.id('vpc/main'), true],
      ]);
      expect(await h.configOf('ecs-service/web')).toBe(1);
      a.driver.start();
      const done = await until('completion', read(a, apply!.rollout!), (r) => r.status !== 'running');
      expect(done.status).toBe('completed');
      expect(await h.configOf('ecs-service/web')).toBe(2);
      const service = done.members.find((m) => m.componentId === h.id('ecs-service/web'))!;
      expect(service).toMatchObject({ wave: 3, reason: 'changed', configVersion: 2, state: 'deployed' });
      const after = (await a.store.getChangeRequest(request.id))!;
      expect(after.members.map((m) => [m.componentId, m.isApplied, m.appliedVersion])).toEqual([
        [h.id('ecs-service/web'), true, 2],
        [h.id('vpc/main'), true, 2],
      ]);
      const serviceWrite = h.pipeline.writes.find((w) => w.componentId === h.id('ecs-service/web'))!;
      const vpcWrite = h.pipeline.writes.find((w) => w.componentId === h.id('vpc/main'))!;
      expect(serviceWrite.at).toBeGreaterThan(vpcWrite.at);
    });

    it('resumes after a portal restart mid-rollout, deploying no member twice', async () => {
      const h = await harness();
      const a = await h.instance();
      h.pipeline.behave(h.id('ecs-cluster/core'), 'silent');
      const id = await applyVpcChange(h, a);
      a.driver.start();
      await until('wave 2 deploying', read(a, id), (r) => r.members.some((m) => m.wave === 2 && m.state === 'deploying'));
      // The portal dies: its lease is left to expire.
      await a.driver.halt();
      const b = await h.instance();
      b.driver.start();
      // The pipeline finishes the cluster's deploy it was asked for before the restart (as Terraform would).
      const store = h.store;
      const name = componentParameterName(store.prefix, { type: 'ecs-cluster', nickname: 'core' }, 'runtime');
      const runtime = (await store.get(name))!;
      await store.put({ name, value: JSON.stringify({ ...JSON.parse(runtime.value), deployed_by: 'terraform' }), expectedVersion: runtime.version, user: 'terraform' });
      const done = await until('completion on the new instance', read(b, id), (r) => r.status !== 'running', 30_000);
      expect(done.status).toBe('completed');
      expect(deliveredTo(h)).toEqual([h.id('vpc/main'), h.id('ecs-cluster/core'), h.id('ecs-service/web')]);
    });

    it('is driven by one of two instances at a time: every member is asked for exactly once', async () => {
      const h = await harness();
      const [a, b] = [await h.instance(), await h.instance()];
      const id = await applyVpcChange(h, a);
      a.driver.start();
      b.driver.start();
      const done = await until('completion', read(a, id), (r) => r.status !== 'running');
      expect(done.status).toBe('completed');
      expect(deliveredTo(h)).toEqual([h.id('vpc/main'), h.id('ecs-cluster/core'), h.id('ecs-service/web')]);
      const requested = (await a.store.listEvents({ changeRequestId: done.changeRequestId })).filter((e) => e.kind === 'rollout_deploy_requested');
      expect(requested).toHaveLength(3);
    });

    it('refuses a callback that is not signed with the secret, and one about a member not in the rollout', async () => {
      const h = await harness();
      const a = await h.instance();
      const id = await applyVpcChange(h, a);
      const body = JSON.stringify({ rolloutId: id, componentId: h.id('vpc/main'), wave: 1, status: 'failed', message: 'x', sentAt: new Date().toISOString() });
      await expect(a.rollouts.callback({ id, rawBody: body, signature: 'sha256=00' })).rejects.toMatchObject({ code: 'unauthenticated' });
      const { signBody } = await import('../webhook-signature');
      const other = JSON.stringify({ rolloutId: id, componentId: h.id('sqs-queue/jobs'), wave: 1, status: 'failed', message: 'x', sentAt: new Date().toISOString() });
      await expect(a.rollouts.callback({ id, rawBody: other, signature: signBody(SECRET, other) })).rejects.toMatchObject({ code: 'not_found' });
      const old = JSON.stringify({ rolloutId: id, componentId: h.id('vpc/main'), wave: 1, status: 'failed', message: 'x', sentAt: '2020-01-01T00:00:00.000Z' });
      await expect(a.rollouts.callback({ id, rawBody: old, signature: signBody(SECRET, old) })).rejects.toMatchObject({
        code: 'unauthenticated',
        message: expect.stringContaining('ago'),
      });
      expect((await a.store.getRollout(id))!.status).toBe('running');
    });
  });
}
