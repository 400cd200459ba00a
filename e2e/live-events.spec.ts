import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as playwrightRequest, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { DemoUsername } from '@/lib/auth/roles';
import type { ChangeRequest } from '@/lib/model/change-request';
import type { ChangeEventData } from '@/lib/model/live-events';
import { readSseMessages } from '@/lib/server/events-sse';
import { startGremlinServer } from '../scripts/peers/gremlin.mjs';
import { startMoto } from '../scripts/peers/moto.mjs';
import type { RunningPeer } from '../scripts/peers/proc.mjs';
import { startPortal, TEST_SECRET, type Portal } from '../tests/support/portal';
import { expect, signInAs, test } from './fixtures';

/**
 * Live updates across instances, for real: two portal processes (`next
 * start` on the production build) on one Gremlin Server and one moto,
 * started here (the demo-mode server Playwright starts has neither). An
 * approval made on instance A reaches the review page open on instance B
 * without a reload; a reconnect with Last-Event-ID replays what was missed;
 * the stream is for signed-in users only.
 */

const ENV = 'live';
const VPC = `${ENV}:vpc/main`;

let peers: RunningPeer[] = [];
let portals: Portal[] = [];
let settingsDir: string;
let a: Portal;
let b: Portal;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const [moto, gremlin] = await Promise.all([startMoto(), startGremlinServer()]);
  peers = [moto, gremlin];
  const ssm = new SSMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  for (const [name, value] of [
    [`/${ENV}/vpc/main/config`, { cidr: '10.0.0.0/16' }],
    [`/${ENV}/ecs-cluster/apps/config`, { vpc_nickname: 'main' }],
  ] as const) {
    await ssm.send(new PutParameterCommand({ Name: name, Value: JSON.stringify(value), Type: 'String' }));
  }
  ssm.destroy();
  settingsDir = mkdtempSync(path.join(tmpdir(), 'karma-live-'));
  const settingsFile = path.join(settingsDir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ approvals: { default: 1, perEnv: {} } }));
  const env = {
    KARMA_DEMO: '1',
    KARMA_SETTINGS: settingsFile,
    KARMA_PARAMETERS: 'ssm',
    KARMA_ENVIRONMENTS: `${ENV}=/${ENV}`,
    AWS_ENDPOINT_URL_SSM: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    NEPTUNE_ENDPOINT: gremlin.endpoint,
    NEXTAUTH_SECRET: TEST_SECRET,
  };
  // One after the other: two start-up syncs at once would only wait on each other's lease.
  for (const name of ['A', 'B']) {
    const portal = await startPortal(env);
    portals.push(portal);
    if (portal.exitCode() !== null) throw new Error(`portal ${name} did not start:\n${portal.output()}`);
  }
  [a, b] = portals;
});

test.afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await Promise.all(portals.map((portal) => portal.stop()));
  await Promise.all(peers.map((peer) => peer.stop()));
  portals = [];
  peers = [];
  rmSync(settingsDir, { recursive: true, force: true });
});

/** Someone signed in on one instance, in a browser context of their own. */
async function on(browser: Browser, portal: Portal, username: DemoUsername): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ baseURL: portal.url });
  contexts.push(context);
  const page = await context.newPage();
  await signInAs(page, username);
  return { page, context };
}

const segment = (id: string) => encodeURIComponent(id.replace(/^cr:/, ''));

/** alice proposes a new CIDR for the VPC, through instance A. */
async function propose(alice: BrowserContext, title: string): Promise<ChangeRequest> {
  const current = (await (await alice.request.get(`/api/components/${encodeURIComponent(VPC)}`)).json()).component;
  const created = await alice.request.post('/api/changes', {
    data: {
      componentId: VPC,
      proposedConfig: JSON.stringify({ ...current.config, cidr: `10.${Math.floor(Math.random() * 200) + 1}.0.0/16` }, null, 2),
      title,
      baseVersion: current.configVersion,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return created.json();
}

/**
 * Opens GET /api/events from the page (the browser's own fetch, its cookies,
 * optionally a Last-Event-ID), reads until the `ready` event, and hands back
 * the text: what EventSource itself would have received.
 */
function readUntilReady(page: Page, lastEventId: string | null): Promise<string> {
  return page.evaluate(async (lastId) => {
    const controller = new AbortController();
    const response = await fetch('/api/events', { headers: lastId ? { 'Last-Event-ID': lastId } : {}, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`GET /api/events answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const isReady = () => {
      const at = text.indexOf('event: ready\n');
      return at !== -1 && text.indexOf('\n\n', at) !== -1;
    };
    while (!isReady()) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    return text;
  }, lastEventId);
}

test('an approval made on instance A reaches the review page open on instance B, without a reload', async ({ browser }) => {
  const alice = await on(browser, a, 'alice');
  const bob = await on(browser, a, 'bob');
  const carol = await on(browser, b, 'carol');
  const change = await propose(alice.context, 'Live: widen the VPC');

  const documents: string[] = [];
  carol.page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  await carol.page.goto(`/changes/${segment(change.id)}`);
  await expect(carol.page.getByTestId('change-status')).toHaveText('Open');
  await expect(carol.page.getByTestId('latest-approval')).toHaveCount(0);

  const approved = await bob.context.request.post(`/api/changes/${segment(change.id)}/approve`, { data: { comment: 'Fine by me' } });
  expect(approved.status(), await approved.text()).toBe(200);

  await expect(carol.page.getByTestId('change-status')).toHaveText('Approved');
  await expect(carol.page.getByTestId('latest-approval')).toHaveText('· approved by bob@example.com just now');
  await expect(carol.page.getByTestId('audit-event').filter({ hasText: 'Fine by me' })).toBeVisible();
  expect(documents).toHaveLength(1);
});

test('a reconnect with Last-Event-ID replays what was missed, from the other instance', async ({ browser }) => {
  const alice = await on(browser, a, 'alice');
  const carol = await on(browser, b, 'carol');
  const change = await propose(alice.context, 'Live: resume after a drop');
  await carol.page.goto(`/changes/${segment(change.id)}`);
  await expect(carol.page.getByTestId('change-status')).toHaveText('Open');

  // A connection to B, then a drop; meanwhile alice comments and withdraws on A.
  const first = readSseMessages(await readUntilReady(carol.page, null)).messages;
  const lastEventId = first.at(-1)!.id!;
  expect(first.at(-1)!.event).toBe('ready');
  const commented = await alice.context.request.post(`/api/changes/${segment(change.id)}/comments`, { data: { text: 'Said while you were away' } });
  expect(commented.status()).toBe(201);
  const withdrawn = await alice.context.request.post(`/api/changes/${segment(change.id)}/withdraw`, { data: {} });
  expect(withdrawn.status()).toBe(200);

  const resumed = readSseMessages(await readUntilReady(carol.page, lastEventId)).messages;
  const changes = resumed.filter((m) => m.event === 'change').map((m) => JSON.parse(m.data) as ChangeEventData);
  const ours = changes.filter((c) => c.changeRequestId === change.id);

  // The replay starts a window before the position (for writers whose clock is behind), so it may repeat the proposal: the browser drops repeats by id.
  expect(ours.slice(-2).map((c) => [c.kind, c.actor, c.status])).toEqual([
    ['commented', 'alice@example.com', null],
    ['withdrawn', 'alice@example.com', 'withdrawn'],
  ]);
  expect(new Set(changes.map((c) => c.eventId)).size).toBe(changes.length);
  expect(resumed.at(-1)!.event).toBe('ready');
  // The page itself, connected all along, shows the outcome too.
  await expect(carol.page.getByTestId('change-status')).toHaveText('Withdrawn');
});

test('GET /api/events is for signed-in users: 401 in the API error shape otherwise', async () => {
  const anonymous = await playwrightRequest.newContext({ baseURL: b.url });
  const response = await anonymous.get('/api/events');
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first' } });
  await anonymous.dispose();
});
