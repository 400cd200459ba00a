import type { APIRequestContext, Page } from '@playwright/test';
import { expect, person, test, type Person } from './fixtures';

/**
 * Review, approval and apply in the browser (ARCHITECTURE.md §6), with one
 * browser context per person: alice proposes, bob reviews, approves and
 * applies; the config gets a new version, drift says pending, the audit
 * trail says who did what. Then a request made stale by another one's apply.
 *
 * Applies change the demo estate for the rest of the run: these use dev
 * buckets no other spec reads.
 */

const MEDIA = 'dev:s3-bucket/media';
const ARTIFACTS = 'dev:s3-bucket/artifacts';

type Change = { id: string; proposedConfig: string; baseVersion: number };

const enc = encodeURIComponent;
const segment = (id: string) => id.replace(/^cr:/, '');

async function current(request: APIRequestContext, id: string): Promise<{ config: Record<string, unknown>; version: number }> {
  const { component } = await (await request.get(`/api/components/${enc(id)}`)).json();
  return { config: component.config, version: component.configVersion };
}

async function propose(request: APIRequestContext, id: string, change: Record<string, unknown>, title: string): Promise<Change> {
  const { config, version } = await current(request, id);
  const response = await request.post('/api/changes', {
    data: { componentId: id, proposedConfig: JSON.stringify({ ...config, ...change }, null, 2), title, baseVersion: version },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** The review page from the top, once its impact graph has drawn (it loads after the page). */
async function shoot(page: Page, name: string): Promise<void> {
  await expect(page.locator('[data-testid="impact-graph"] canvas').first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** The audit trail as the page lists it: `kind actor`, oldest first. */
/** The request's own trail; its rollout's events (on by default in the demo) are left to e2e/rollout.spec.ts. */
const trail = async (page: Page) =>
  (await page.getByTestId('audit-event').evaluateAll((items) => items.map((i) => `${i.getAttribute('data-kind')} ${i.getAttribute('data-actor')}`))).filter(
    (entry) => !entry.startsWith('rollout_'),
  );

test.describe('reviewing a change request', () => {
  const people: Person[] = [];
  test.afterEach(async () => {
    for (const p of people.splice(0)) await p.context.close();
  });

  test('alice proposes, bob approves and applies; history, drift and the audit trail follow; alice cannot approve her own', async ({ browser }) => {
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    people.push(alice, bob);
    const before = await current(alice.request, MEDIA);
    const change = await propose(alice.request, MEDIA, { versioning: true }, 'Turn on versioning for media uploads');

    // The author: no approve button, the reason instead; the API says 403 too.
    await alice.page.goto(`/changes/${segment(change.id)}`);
    await expect(alice.page.getByTestId('change-status')).toHaveText('Open');
    await expect(alice.page.getByTestId('action-withdraw')).toBeEnabled();
    await expect(alice.page.getByTestId('action-approve')).toHaveCount(0);
    await expect(alice.page.getByTestId('action-apply')).toHaveCount(0);
    await expect(alice.page.getByTestId('review-notes')).toHaveText('Approving and applying need the approver role; you are a proposer.');
    const selfApproval = await alice.request.post(`/api/changes/${segment(change.id)}/approve`, { data: {} });
    expect(selfApproval.status()).toBe(403);
    expect((await selfApproval.json()).error.code).toBe('forbidden');
    await alice.page.getByPlaceholder('Add a comment').fill('Uploads get overwritten by the resize job; versioning lets us recover them.');
    await alice.page.getByRole('button', { name: 'Comment' }).click();
    await expect(alice.page.getByTestId('audit-event').filter({ hasText: 'resize job' })).toBeVisible();
    await shoot(alice.page, 'review-author-view');

    // The reviewer: the diff against the base version, the impact simulated again, the policy's reasons.
    await bob.page.goto(`/changes/${segment(change.id)}`);
    await expect(bob.page.getByTestId('config-field-changes')).toContainText('versioning');
    await expect(bob.page.getByTestId('impact-unchanged')).toBeVisible();
    await expect(bob.page.getByTestId('action-apply')).toBeDisabled();
    await expect(bob.page.getByTestId('action-reason-apply')).toHaveText('Apply: The request has 0 of the 1 approval it needs before it can be applied');
    await expect(bob.page.getByTestId('action-reject')).toBeDisabled(); // until a comment says why
    await bob.page.getByTestId('decision-comment').fill('Cheap at this size; fine.');
    await bob.page.getByTestId('action-approve').click();
    await expect(bob.page.getByTestId('change-status')).toHaveText('Approved');
    await expect(bob.page.getByTestId('approvals')).toContainText('1 of 1 approval needed in dev · bob@example.com');
    await expect(bob.page.getByTestId('action-apply')).toBeEnabled();
    await shoot(bob.page, 'review-approved');

    await bob.page.getByTestId('action-apply').click();
    await expect(bob.page.getByTestId('change-status')).toHaveText('Applied');
    await expect(bob.page.getByTestId('applied-notice')).toContainText(`Applied as config version ${before.version + 1}`);
    await expect(bob.page.getByTestId('status-history')).toContainText('Proposed');
    await expect(bob.page.getByTestId('review-actions')).toHaveCount(0);
    await expect
      .poll(() => trail(bob.page))
      .toEqual([
        'proposed alice@example.com',
        'commented alice@example.com',
        'approved bob@example.com',
        'apply_started bob@example.com',
        'git_committed bob@example.com',
        'applied bob@example.com',
      ]);
    await shoot(bob.page, 'review-applied');

    // The config has a new version equal to the proposal, written as compact JSON by bob.
    const history = await (await bob.request.get(`/api/components/${enc(MEDIA)}/history`)).json();
    expect(history.versions).toHaveLength(before.version + 1);
    expect(history.versions.at(-1)).toMatchObject({ version: before.version + 1, modifiedBy: 'bob@example.com', value: JSON.stringify({ ...before.config, versioning: true }) });
    // Drift: written but not deployed yet.
    const drift = await (await bob.request.get(`/api/drift/${enc(MEDIA)}`)).json();
    expect(drift.status).toBe('pending');
    await bob.page.goto('/drift?status=pending&env=dev');
    await expect(bob.page.locator(`[data-testid="drift-row"][data-id="${MEDIA}"]`)).toContainText('Pending');
    // The component's history across requests (other specs may have changed it too) holds this request's events in order.
    const events = await (await bob.request.get(`/api/components/${enc(MEDIA)}/events`)).json();
    const ours = events.events.filter((e: { changeRequestId: string; kind: string }) => e.changeRequestId === change.id && !e.kind.startsWith('rollout_'));
    expect(ours.map((e: { kind: string; actor: string }) => `${e.kind} ${e.actor}`)).toEqual([
      'proposed alice@example.com',
      'commented alice@example.com',
      'approved bob@example.com',
      'apply_started bob@example.com',
      'git_committed bob@example.com',
      'applied bob@example.com',
    ]);
  });

  test('a request made stale by another applied change cannot be approved or applied, and the page says why', async ({ browser }) => {
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    people.push(alice, bob);
    const first = await propose(alice.request, ARTIFACTS, { versioning: false }, 'Stop versioning build artifacts');
    const open = await propose(alice.request, ARTIFACTS, { force_destroy: false }, 'Protect artifacts from destroy');
    const approved = await propose(alice.request, ARTIFACTS, { sse_algorithm: 'aws:kms' }, 'Encrypt artifacts with KMS');
    expect((await bob.request.post(`/api/changes/${segment(approved.id)}/approve`, { data: {} })).status()).toBe(200);
    expect((await bob.request.post(`/api/changes/${segment(first.id)}/approve`, { data: {} })).status()).toBe(200);

    const applied = await bob.request.post(`/api/changes/${segment(first.id)}/apply`, { data: { comment: 'first one wins' } });
    expect(applied.status()).toBe(200);
    expect((await applied.json()).apply.staled.sort()).toEqual([open.id, approved.id].sort());

    for (const [change, decision] of [
      [open, 'approve'],
      [approved, 'apply'],
    ] as const) {
      const refused = await bob.request.post(`/api/changes/${segment(change.id)}/${decision}`, { data: {} });
      expect(refused.status(), `${decision} ${change.id}`).toBe(409);
      expect((await refused.json()).error.message).toContain('The request is stale');
    }

    await bob.page.goto(`/changes/${segment(approved.id)}`);
    await expect(bob.page.getByTestId('change-status')).toHaveText('Stale');
    await expect(bob.page.getByTestId('stale-notice')).toContainText(`is now at version ${first.baseVersion + 1}, but this request was based on version ${first.baseVersion}`);
    await expect(bob.page.getByTestId('stale-notice')).toContainText(`${first.id} was applied as version ${first.baseVersion + 1}`);
    await expect(bob.page.getByTestId('review-actions')).toHaveCount(0);
    await expect(bob.page.getByRole('link', { name: 'Propose again' })).toHaveAttribute('href', `/changes/new?component=${enc(ARTIFACTS)}`);
    await expect.poll(() => trail(bob.page)).toEqual(['proposed alice@example.com', 'approved bob@example.com', 'stale bob@example.com']);
    await shoot(bob.page, 'review-stale');
  });
});
