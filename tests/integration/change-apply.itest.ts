// Apply against real peers when things go right and wrong: the webhook
// reaches a real HTTP receiver that verifies its signature; a receiver that
// is down or failing is recorded as `webhook_failed` and the request stays
// applied; SSM going down (a proxy in front of moto, cut) makes the apply
// `apply_failed` with nothing written and nothing else changed, and the
// retry once it is back applies it once.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { sendWebhook } from '@/lib/workflow/send-webhook';
import { configHistory, createHarness, PEOPLE, propose, seedEstate } from '@/lib/workflow/testing/review-harness';
import type { AppliedPayload } from '@/lib/workflow/webhook-signature';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import type { Settings } from '@/lib/server/settings';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { startTcpProxy } from '../support/tcp-proxy';
import { startWebhookReceiver } from '../support/webhook-receiver';

const ssmEndpoint = inject('ssmEndpoint');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const SECRET = 'integration-webhook-secret';
const { alice, bob, dana } = PEOPLE;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function ssmStore(env: string, endpoint = ssmEndpoint): SsmParameterStore {
  // Two attempts: a test of "SSM is down" should not wait out the SDK's whole retry budget.
  const client = new SSMClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } });
  cleanups.push(async () => client.destroy());
  return new SsmParameterStore({ env, prefix: `/${env}`, client });
}

async function memoryStore(): Promise<MemoryGraphStore> {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-apply-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return new MemoryGraphStore({ dataDir: dir });
}

/** A dev estate in moto under its own prefix, and a portal on it. */
async function portal({ webhook = null, endpoint }: { webhook?: Settings['webhook']; endpoint?: string } = {}) {
  const env = `apply-${randomUUID().slice(0, 8)}`;
  await seedEstate(ssmStore(env));
  const graphStore = await memoryStore();
  const harness = await createHarness({ stores: [ssmStore(env, endpoint)], graphStore, webhook });
  return { env, harness, graphStore };
}

/** A pipeline's webhook receiver on loopback that answers `status`. */
async function receiver(status = 204) {
  const hook = await startWebhookReceiver(SECRET, { status, query: '?token=not-for-the-audit-trail' });
  cleanups.push(hook.close);
  return hook;
}

/** A TCP proxy in front of moto that the test can take down, as a network or an outage would. */
async function proxyTo(endpoint: string) {
  const proxy = await startTcpProxy({ port: Number(new URL(endpoint).port) });
  cleanups.push(proxy.close);
  return { endpoint: `http://127.0.0.1:${proxy.port}`, down: proxy.down };
}

describe('the apply webhook', () => {
  it('reaches the pipeline signed, with the request, the component, the version and who approved it', async () => {
    const hook = await receiver();
    const { env, harness } = await portal({ webhook: { url: hook.url, secret: SECRET } });
    const request = await propose(harness, alice, `${env}:vpc/main`, { az_count: 3 }, 'Three AZs');
    await harness.service.approve(bob, request.id, { comment: '' });

    const { apply } = await harness.service.apply(dana, request.id, { comment: '' });

    expect(apply).toMatchObject({ ok: true, version: 2, webhook: 'sent' });
    expect(hook.deliveries).toHaveLength(1);
    expect(hook.verified).toHaveLength(1);
    const [delivery] = hook.deliveries;
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'x-karma-event': 'change_request.applied',
      'x-karma-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
      'x-karma-timestamp': expect.stringMatching(/^\d{10}$/),
      'x-karma-delivery': hook.verified[0].delivery,
    });
    expect(hook.verified[0]).toMatchObject({
      event: 'change_request.applied',
      changeRequest: { id: request.id, title: 'Three AZs', author: alice.id },
      component: { id: `${env}:vpc/main`, env, type: 'vpc', nickname: 'main' },
      parameter: `/${env}/vpc/main/config`,
      appliedVersion: 2,
      previousVersion: 1,
      actor: dana.id,
      approvers: [bob.id],
    });
    const events = await harness.store.listEvents({ changeRequestId: request.id });
    expect(events.at(-1)).toMatchObject({
      kind: 'webhook_sent',
      actor: dana.id,
      data: { status: 204, target: hook.url.replace(/\?.*$/, '') },
    });
    expect(JSON.stringify(events)).not.toContain('not-for-the-audit-trail');
  });

  it.each<[string, () => Promise<{ url: string; secret: string }>, RegExp]>([
    ['down', async () => ({ url: (await receiver()).url.replace(/:\d+\//, ':9/'), secret: SECRET }), /could not be reached/],
    ['answering 500', async () => ({ url: (await receiver(500)).url, secret: SECRET }), /answered 500/],
    ['verifying with another secret', async () => ({ url: (await receiver()).url, secret: 'another-secret-entirely-wrong' }), /answered 401/],
  ])('records webhook_failed when the receiver is %s, and the request stays applied', async (_, make, error) => {
    const webhook = await make();
    const { env, harness } = await portal({ webhook });
    const request = await propose(harness, alice, `${env}:vpc/main`, { az_count: 3 });
    await harness.service.approve(bob, request.id, { comment: '' });

    const { change, apply } = await harness.service.apply(bob, request.id, { comment: '' });

    expect(apply).toMatchObject({ ok: true, webhook: 'failed' });
    expect(change).toMatchObject({ status: 'applied', appliedVersion: 2 });
    expect((await configHistory(harness, `${env}:vpc/main`)).length).toBe(2);
    expect((await harness.store.listEvents({ changeRequestId: request.id })).at(-1)).toMatchObject({ kind: 'webhook_failed', note: expect.stringMatching(error) });
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          held.forEach((socket) => socket.destroy());
          silent.close(() => resolve());
        }),
    );
    const { port } = silent.address() as net.AddressInfo;
    const started = Date.now();
    const outcome = await sendWebhook(
      { url: `http://127.0.0.1:${port}/hook`, secret: SECRET },
      { sentAt: new Date().toISOString(), delivery: 'd', event: 'change_request.applied' } as AppliedPayload,
      {
        timeoutMs: 300,
      },
    );
    expect(outcome).toMatchObject({ ok: false, status: null, error: expect.stringContaining('no answer within 300 ms') });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('apply when SSM is down', () => {
  it('fails as apply_failed with the error, writes nothing, changes nothing else; the retry applies it once', async () => {
    const proxy = await proxyTo(ssmEndpoint);
    const { env, harness, graphStore } = await portal({ endpoint: proxy.endpoint });
    const id = `${env}:vpc/main`;
    const request = await propose(harness, alice, id, { az_count: 3 });
    const bystander = await propose(harness, alice, id, { az_count: 4 });
    await harness.service.approve(bob, request.id, { comment: '' });
    const graphBefore = await graphStore.readGraph();

    await proxy.down();
    await expect(harness.service.apply(bob, request.id, { comment: '' })).rejects.toMatchObject({ code: 'unavailable', status: 503 });

    const failed = await graphStore.getChangeRequest(request.id);
    expect(failed).toMatchObject({ status: 'apply_failed', appliedVersion: null, error: expect.stringContaining('unreachable') });
    expect((await graphStore.listEvents({ changeRequestId: request.id })).map((e) => e.kind)).toEqual(['proposed', 'approved', 'apply_started', 'apply_failed']);
    const direct = ssmStore(env);
    expect((await direct.history(`/${env}/vpc/main/config`)).length).toBe(1);
    expect(await graphStore.getChangeRequest(bystander.id)).toMatchObject({ status: 'open' });
    expect(await graphStore.readGraph()).toEqual(graphBefore);

    // SSM is back (a portal that reaches it directly): the failed request is applied on retry, once.
    const again = await createHarness({ stores: [direct], graphStore });
    const { change } = await again.service.apply(bob, request.id, { comment: 'SSM is back' });
    expect(change).toMatchObject({ status: 'applied', appliedVersion: 2, error: null });
    expect((await direct.history(`/${env}/vpc/main/config`)).map((v) => v.version)).toEqual([1, 2]);
    expect(await graphStore.getChangeRequest(bystander.id)).toMatchObject({ status: 'stale' });
  });
});
