import type { APIRequestContext, Browser, BrowserContext } from '@playwright/test';
import type { DemoUsername } from '@/lib/auth/roles';
import { expect, signInAs, test } from './fixtures';

/**
 * The review API against the real built server: decisions answered from a
 * table of good and bad calls (400, 403, 404, 409, 422), comments, the
 * two-approval rule in prod, the impact simulated again after the graph
 * moved, and 20 concurrent approve + apply calls over HTTP producing exactly
 * one write.
 *
 * Applies change the demo estate for later specs: only dev components no
 * other spec reads are applied here.
 */

const KMS = 'dev:kms-key/data';
const MEDIA = 'dev:s3-bucket/media';
const QUEUE = 'dev:sqs-queue/payment-events';
const PROD_VPC = 'prod:vpc/main';

const enc = encodeURIComponent;
const segment = (id: string) => id.replace(/^cr:/, '');

type Change = { id: string; proposedConfig: string; baseVersion: number };

async function current(request: APIRequestContext, id: string): Promise<{ config: Record<string, unknown>; version: number }> {
  const { component } = await (await request.get(`/api/components/${enc(id)}`)).json();
  return { config: component.config, version: component.configVersion };
}

async function propose(request: APIRequestContext, id: string, change: Record<string, unknown>, title = `Change ${id}`): Promise<Change> {
  const { config, version } = await current(request, id);
  const response = await request.post('/api/changes', { data: { componentId: id, proposedConfig: JSON.stringify({ ...config, ...change }), title, baseVersion: version } });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

const decide = (request: APIRequestContext, change: { id: string }, decision: string, data: unknown = {}) =>
  request.post(`/api/changes/${segment(change.id)}/${decision}`, { data: typeof data === 'string' ? Buffer.from(data) : data, headers: { 'content-type': 'application/json' } });

test.describe('the review API', () => {
  const contexts: BrowserContext[] = [];
  const as: Partial<Record<DemoUsername, APIRequestContext>> = {};

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    for (const username of ['alice', 'bob', 'carol', 'dana', 'victor'] as const) {
      const context = await browser.newContext();
      await signInAs(await context.newPage(), username);
      contexts.push(context);
      as[username] = context.request;
    }
  });
  test.afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  test('answers good and bad decisions with the right status and code', async () => {
    const { alice, bob, carol, victor } = as as Record<DemoUsername, APIRequestContext>;
    const byAlice = await propose(alice, QUEUE, { receive_wait_time_seconds: 10 });
    const byBob = await propose(bob, QUEUE, { receive_wait_time_seconds: 5 });
    const cases: Array<[name: string, call: () => ReturnType<typeof decide>, status: number, code: string | null]> = [
      ['a reject without a reason', () => decide(bob, byAlice, 'reject', {}), 422, 'validation_failed'],
      ['a body that is not JSON', () => decide(bob, byAlice, 'reject', '{"comment": '), 400, 'invalid_json'],
      ['a field the body does not have', () => decide(bob, byAlice, 'approve', { comment: 'ok', force: true }), 422, 'validation_failed'],
      ['a viewer approving', () => decide(victor, byAlice, 'approve'), 403, 'forbidden'],
      ['an approver approving their own request', () => decide(bob, byBob, 'approve'), 403, 'forbidden'],
      ['an approver rejecting their own request', () => decide(bob, byBob, 'reject', { comment: 'meh' }), 403, 'forbidden'],
      ['someone else withdrawing it', () => decide(carol, byAlice, 'withdraw'), 403, 'forbidden'],
      ['an apply before any approval', () => decide(bob, byAlice, 'apply'), 409, 'invalid_transition'],
      ['an unknown request', () => decide(bob, { id: 'cr:00000000-0000-4000-8000-000000000000' }, 'approve'), 404, 'not_found'],
      ['a segment that names no request', () => decide(bob, { id: 'not-a-request' }, 'approve'), 404, 'not_found'],
      [
        'a decision sent as text/plain (what a cross-site form can send)',
        () => bob.post(`/api/changes/${segment(byAlice.id)}/approve`, { data: '{}', headers: { 'content-type': 'text/plain' } }),
        403,
        'csrf_refused',
      ],
      [
        'a decision from another origin',
        () => bob.post(`/api/changes/${segment(byAlice.id)}/approve`, { data: {}, headers: { origin: 'http://127.0.0.1:1' } }),
        403,
        'csrf_refused',
      ],
      ['an approval without a body at all', () => bob.post(`/api/changes/${segment(byAlice.id)}/approve`, { headers: { 'content-type': 'application/json' } }), 200, null],
      ['the same approval again', () => decide(carol, byAlice, 'approve'), 409, 'invalid_transition'],
      ['the author withdrawing an approved request', () => decide(alice, byAlice, 'withdraw', { comment: 'Not needed after all' }), 200, null],
      ['approving a withdrawn request', () => decide(carol, byAlice, 'approve'), 409, 'invalid_transition'],
    ];
    for (const [name, call, status, code] of cases) {
      const response = await call();
      expect(response.status(), `${name}: ${await response.text()}`).toBe(status);
      if (code) expect((await response.json()).error.code, name).toBe(code);
    }
    const view = await (await alice.get(`/api/changes/${segment(byAlice.id)}`)).json();
    expect(view.events.map((e: { kind: string; actor: string; note: string }) => `${e.kind} ${e.actor} ${e.note}`)).toEqual([
      `proposed alice@example.com Change ${QUEUE}`,
      'approved bob@example.com ',
      'withdrawn alice@example.com Not needed after all',
    ]);
  });

  test('sends each person the actions the policy allows, and takes comments from proposers up', async () => {
    const { alice, bob, victor } = as as Record<DemoUsername, APIRequestContext>;
    const change = await propose(alice, PROD_VPC, { flow_log_retention_days: 30 }, 'Shorter flow log retention');
    const actions = async (request: APIRequestContext) => {
      const view = await (await request.get(`/api/changes/${segment(change.id)}`)).json();
      return Object.fromEntries(Object.entries(view.allowedActions as Record<string, { allowed: boolean; code?: string }>).map(([k, v]) => [k, v.allowed ? 'yes' : v.code]));
    };
    expect(await actions(alice)).toEqual({ approve: 'forbidden', reject: 'forbidden', withdraw: 'yes', apply: 'forbidden', comment: 'yes' });
    expect(await actions(bob)).toEqual({ approve: 'yes', reject: 'yes', withdraw: 'forbidden', apply: 'invalid_transition', comment: 'yes' });
    expect(await actions(victor)).toEqual({ approve: 'forbidden', reject: 'forbidden', withdraw: 'forbidden', apply: 'forbidden', comment: 'forbidden' });

    expect((await alice.post(`/api/changes/${segment(change.id)}/comments`, { data: { text: 'Audit asked for 30 days, not 90' } })).status()).toBe(201);
    expect((await victor.post(`/api/changes/${segment(change.id)}/comments`, { data: { text: 'hello' } })).status()).toBe(403);
    expect((await bob.post(`/api/changes/${segment(change.id)}/comments`, { data: { text: '   ' } })).status()).toBe(422);
    const events = await (await victor.get(`/api/components/${enc(PROD_VPC)}/events`)).json();
    expect(events.events.filter((e: { changeRequestId: string }) => e.changeRequestId === change.id).map((e: { kind: string; note: string }) => `${e.kind}: ${e.note}`)).toEqual([
      'proposed: Shorter flow log retention',
      'commented: Audit asked for 30 days, not 90',
    ]);
  });

  test('prod needs two distinct approvers before it is approved', async () => {
    const { alice, bob, carol, dana } = as as Record<DemoUsername, APIRequestContext>;
    const change = await propose(alice, PROD_VPC, { flow_log_retention_days: 60 }, 'Two months of flow logs');
    const first = await (await decide(bob, change, 'approve', { comment: 'fine by me' })).json();
    expect(first.change).toMatchObject({ status: 'open', approvals: ['bob@example.com'] });
    expect((await decide(dana, change, 'apply')).status()).toBe(409);
    expect((await decide(bob, change, 'approve')).status()).toBe(409);
    const second = await (await decide(carol, change, 'approve')).json();
    expect(second.change).toMatchObject({ status: 'approved', approvals: ['bob@example.com', 'carol@example.com'] });
    // Withdrawn again so nothing in prod is applied by this spec.
    expect((await decide(alice, change, 'withdraw')).status()).toBe(200);
  });

  test('simulates the impact again when the graph moved, and says what differs from submission', async ({ page, signIn }) => {
    const { alice, bob } = as as Record<DemoUsername, APIRequestContext>;
    const onKey = await propose(alice, KMS, { deletion_window_in_days: 14 }, 'Longer deletion window');
    const before = await (await bob.get(`/api/changes/${segment(onKey.id)}/impact`)).json();
    expect(before).toMatchObject({ status: 'current', isChanged: false });

    // Another change makes the media bucket use the key: the key's blast radius grows.
    const useKey = await propose(alice, MEDIA, { sse_algorithm: 'aws:kms', kms_key_nickname: 'data' }, 'Encrypt media with the data key');
    expect((await decide(bob, useKey, 'approve')).status()).toBe(200);
    expect((await decide(bob, useKey, 'apply')).status()).toBe(200);

    const after = await (await bob.get(`/api/changes/${segment(onKey.id)}/impact`)).json();
    expect(after.isChanged).toBe(true);
    const grown = after.differences.find((d: { kind: string }) => d.kind === 'blast_radius');
    expect(grown).toMatchObject({ before: before.impact.blastRadius.total, added: expect.arrayContaining([MEDIA]), removed: [] });
    expect(grown.after).toBeGreaterThan(grown.before);
    // The bucket now reads the key, so it must redeploy after it: the plan the approvers would approve changed too.
    const plan = after.differences.find((d: { kind: string }) => d.kind === 'rollout');
    expect(plan).toMatchObject({ added: [MEDIA], removed: [], moved: [], message: expect.stringContaining('The rollout plan changed since submission (1 joined)') });

    await signIn('bob');
    await page.goto(`/changes/${segment(onKey.id)}`);
    await expect(page.getByTestId('impact-changed')).toContainText(`The blast radius is now ${grown.after} components (it was ${grown.before})`);
    await expect(page.getByTestId('impact-changed')).toContainText('The rollout plan changed since submission');
    // Named twice: it joined the blast radius and the rollout plan.
    await expect(page.getByTestId('impact-changed').getByRole('link', { name: MEDIA })).toHaveCount(2);
    await expect(page.locator('[data-testid="impact-graph"] canvas').first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/review-impact-changed.png', fullPage: true });
  });

  test('20 concurrent approve + apply calls from three approvers write the config once', async () => {
    const { alice, bob, carol, dana } = as as Record<DemoUsername, APIRequestContext>;
    const change = await propose(alice, QUEUE, { visibility_timeout_seconds: 75 }, 'Race to apply');
    const historyOf = async () => (await (await bob.get(`/api/components/${enc(QUEUE)}/history`)).json()).versions as Array<{ version: number; value: string }>;
    const before = await historyOf();
    const approvers = [bob, carol, dana];

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const request = approvers[i % approvers.length];
        const approved = (await decide(request, change, 'approve')).status();
        const applied = (await decide(request, change, 'apply')).status();
        return { approved, applied };
      }),
    );

    expect(outcomes.filter((o) => o.applied === 200)).toHaveLength(1);
    expect(outcomes.filter((o) => o.approved === 200)).toHaveLength(1);
    expect(outcomes.flatMap((o) => [o.approved, o.applied]).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const after = await historyOf();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ version: change.baseVersion + 1, value: change.proposedConfig });
    const view = await (await bob.get(`/api/changes/${segment(change.id)}`)).json();
    expect(view).toMatchObject({ status: 'applied', appliedVersion: change.baseVersion + 1 });
    expect(view.events.filter((e: { kind: string }) => e.kind === 'applied')).toHaveLength(1);
    expect(view.events.filter((e: { kind: string }) => e.kind === 'apply_started')).toHaveLength(1);
  });
});
