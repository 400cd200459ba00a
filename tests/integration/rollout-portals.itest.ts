// Rollouts across real portal processes (`next start` on the production build) on one Gremlin Server and one moto, with a
// deploy pipeline of our own on loopback: two portals drive one rollout without asking any member twice, and after both
// crash mid-rollout (SIGKILL: their leases are left to expire) a new portal resumes it and completes it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, expect, inject, it } from 'vitest';
import { BUILT_IN_FIELD_MIRRORS } from '@/lib/drift/field-mirrors';
import type { ChangeRequest } from '@/lib/model/change-request';
import type { RolloutView } from '@/lib/model/rollout';
import type { DecisionResult } from '@/lib/changes/review-model';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { seedEstate, sourcesOf } from '@/lib/workflow/testing/review-harness';
import { startTestPipeline } from '@/lib/workflow/testing/test-pipeline';
import { signIn, startPortal, TEST_SECRET, type Portal } from '../support/portal';

const SECRET = 'rollout-portals-webhook-secret';
const client = new SSMClient({ region: 'us-east-1', endpoint: inject('ssmEndpoint'), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  client.destroy();
});

const enc = encodeURIComponent;

it('is driven by one of two portals at a time and resumed by a new portal after both crash mid-rollout', { timeout: 240_000 }, async () => {
  const env = `rp-${randomUUID().slice(0, 8)}`;
  const direct = new SsmParameterStore({ env, prefix: `/${env}`, client });
  // A vpc, a cluster on it, a queue: a vpc change rolls out in two waves.
  await seedEstate(direct);
  const pipeline = await startTestPipeline({ secret: SECRET, sources: sourcesOf([direct]), mirrors: BUILT_IN_FIELD_MIRRORS, delayMs: 100 });
  cleanups.push(() => pipeline.close());
  const dir = mkdtempSync(path.join(tmpdir(), 'karma-rollout-portals-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const settingsFile = path.join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ approvals: { default: 1, perEnv: {} }, rollouts: { enabled: true } }));

  const portals: Portal[] = [];
  const start = async () => {
    const portal = await startPortal({
      KARMA_DEMO: '1',
      KARMA_SETTINGS: settingsFile,
      KARMA_PARAMETERS: 'ssm',
      KARMA_ENVIRONMENTS: `${env}=/${env}`,
      AWS_ENDPOINT_URL_SSM: inject('ssmEndpoint'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      NEPTUNE_ENDPOINT: inject('gremlinEndpoint'),
      KARMA_WEBHOOK_URL: pipeline.url,
      KARMA_WEBHOOK_SECRET: SECRET,
      KARMA_ROLLOUT_TICK_MS: '200',
      NEXTAUTH_SECRET: TEST_SECRET,
    });
    portals.push(portal);
    cleanups.push(() => portal.stop('SIGKILL'));
    if (portal.exitCode() !== null) throw new Error(`a portal did not start:\n${portal.output()}`);
    return portal;
  };
  const a = await start();
  const b = await start();
  const [alice, bob] = [await signIn(a, 'alice'), await signIn(a, 'bob')];
  const bobOnB = await signIn(b, 'bob');

  const vpc = `${env}:vpc/main`;
  const cluster = `${env}:ecs-cluster/core`;
  const { body: found } = await alice.api('GET', `/api/components/${enc(vpc)}`);
  const { component } = found as { component: { config: Record<string, unknown>; configVersion: number } };
  const opened = await alice.api('POST', '/api/changes', {
    componentId: vpc,
    proposedConfig: JSON.stringify({ ...component.config, cidr: '10.7.0.0/16' }),
    title: 'A new CIDR',
    baseVersion: component.configVersion,
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const request = opened.body as ChangeRequest;
  const uuid = request.id.replace(/^cr:/, '');
  expect((request.impact as { rollout: { waves: unknown[] } }).rollout.waves).toHaveLength(2);
  pipeline.behave(cluster, 'silent');
  expect((await bob.api('POST', `/api/changes/${uuid}/approve`, {})).status).toBe(200);
  const applied = await bob.api('POST', `/api/changes/${uuid}/apply`, {});
  expect(applied.status, JSON.stringify(applied.body)).toBe(200);
  const rolloutId = (applied.body as DecisionResult).apply!.rollout!;
  const read = async (session = bobOnB) => ((await session.api('GET', `/api/rollouts/${enc(rolloutId.replace(/^ro:/, ''))}`)).body as RolloutView).rollout;

  // Both portals tick; one drives. The cluster's deploy is asked for once and left unanswered.
  await expect.poll(async () => (await read()).members.find((m) => m.componentId === cluster)?.state, { timeout: 30_000 }).toBe('deploying');
  for (const portal of portals) await portal.stop('SIGKILL');

  // Terraform finishes the cluster while no portal runs; a new portal resumes the rollout and sees it.
  const runtime = `/${env}/ecs-cluster/core/runtime`;
  await direct.put({
    name: runtime,
    value: JSON.stringify({ cluster_arn: 'arn:aws:ecs:us-east-1:1:cluster/core' }),
    expectedVersion: (await direct.get(runtime))?.version ?? null,
    user: 'terraform',
  });
  const c = await start();
  const bobOnC = await signIn(c, 'bob');
  await expect.poll(async () => (await read(bobOnC)).status, { timeout: 60_000 }).toBe('completed');
  const done = await read(bobOnC);
  expect(done.members.map((m) => [m.componentId, m.state, m.attempts])).toEqual([
    [vpc, 'deployed', 1],
    [cluster, 'deployed', 1],
  ]);
  expect(pipeline.deliveries.map((d) => d.payload.rollout.componentId)).toEqual([vpc, cluster]);
  // The rollout's page data: its events, on the request's trail too.
  const view = (await bobOnC.api('GET', `/api/rollouts/${enc(rolloutId)}`)).body as RolloutView;
  expect(view.events.map((e) => e.kind)).toEqual([
    'rollout_started',
    'rollout_deploy_requested',
    'rollout_member_deployed',
    'rollout_wave_started',
    'rollout_deploy_requested',
    'rollout_member_deployed',
    'rollout_completed',
  ]);
});
