import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, person, test, type Person } from './fixtures';
import { editorText, openForm, setEditorText } from './proposal-editor';

/**
 * The config repo in the browser (ARCHITECTURE.md §6a). The demo's config
 * repo is a real Git repository in the server's data folder, so an apply
 * commits to it: alice proposes, bob approves, dana applies, and the review
 * page, the drift page and `git log` all say so. Then a component whose Git
 * file differs from SSM is published from Git through a request.
 *
 * Applies change the demo estate for the rest of the run: the loop uses a
 * dev API no other spec reads.
 */

const PAYMENTS = 'dev:serverless-api/payments';
const enc = encodeURIComponent;
const segment = (id: string) => id.replace(/^cr:/, '');

/** Where scripts/e2e-server.mjs keeps the demo server's data (the config repo among it). */
const dataDir = path.resolve('.cache', `e2e-data-${process.env.E2E_PORT ?? 3100}`);
const gitLog = (...args: string[]) => execFileSync('git', ['-C', path.join(dataDir, 'config-repo'), 'log', '-1', ...args], { encoding: 'utf8' });

/** The proposal page, as e2e/changes.spec.ts drives it: edit the JSON, simulate, title, submit; answers the new request's id. */
async function proposeInBrowser(page: Page, id: string, change: Record<string, unknown>, title: string): Promise<string> {
  await openForm(page, `/changes/new?component=${enc(id)}`);
  // The author learns where the change goes before submitting it.
  await expect(page.getByTestId('proposal-destination')).toContainText('applying commits it to main of');
  const current = JSON.parse(await editorText(page));
  await setEditorText(page, JSON.stringify({ ...current, ...change }, null, 2));
  await page.getByRole('button', { name: 'Simulate' }).click();
  await expect(page.getByTestId('impact-report').getByTestId('validation-ok')).toBeVisible();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Keep payment access logs for two weeks: the incident review asked for it.');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByTestId('submitted-note')).toBeVisible();
  await expect(page.getByTestId('change-title')).toHaveText(title);
  const match = /\/changes\/([0-9a-f-]{36})/.exec(page.url());
  expect(match, page.url()).not.toBeNull();
  return `cr:${match![1]}`;
}

/** A demo component that drift calls unpublished because its Git file differs from SSM. */
async function differingComponent(page: Page): Promise<string> {
  const response = await page.request.get('/api/drift?status=unpublished');
  expect(response.ok()).toBe(true);
  const { rows } = (await response.json()) as { rows: { id: string; reason: string }[] };
  const differs = rows.find((r) => r.reason.includes('differs'));
  expect(differs, JSON.stringify(rows)).toBeDefined();
  return differs!.id;
}

test.describe('the config repo', () => {
  const people: Person[] = [];
  test.afterEach(async () => {
    for (const p of people.splice(0)) await p.context.close();
  });

  test('alice proposes, bob approves, dana applies: the review page shows the commit and its diff, drift says pending, git log names the request', async ({ browser }) => {
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    const dana = await person(browser, 'dana');
    people.push(alice, bob, dana);
    const before = gitLog('--format=%H').trim();

    const title = `Keep payments access logs for 14 days ${Date.now()}`;
    const id = await proposeInBrowser(alice.page, PAYMENTS, { access_log_retention_days: 14 }, title);
    const url = `/changes/${segment(id)}`;

    // Before apply: where it stands in Git, and the diff it will commit.
    const section = alice.page.getByTestId('git-section');
    await expect(section).toBeVisible();
    await expect(alice.page.getByTestId('git-notice')).toHaveCount(0);
    await expect(section.getByTestId('git-branch')).toContainText('main');
    await expect(section.getByTestId('git-file')).toHaveText('iac/dev/serverless-api/payments/config.json');
    await expect(section.getByTestId('git-base')).toContainText(`based on ${before.slice(0, 12)} of main`);
    await expect(section).toContainText('The Git diff that will be committed');
    const diff = section.getByTestId('git-diff');
    await expect(diff.locator('tr[data-kind="added"]')).toHaveCount(1);
    await expect(diff.locator('tr[data-kind="added"]')).toContainText('"access_log_retention_days": 14,');
    await expect(diff.locator('tr[data-kind="removed"]')).toHaveCount(1);
    await expect(diff.locator('tr[data-kind="removed"]')).toContainText('"access_log_retention_days": 7,');
    await expect(section.getByTestId('git-commit')).toHaveCount(0);

    await bob.page.goto(url);
    await bob.page.getByTestId('action-approve').click();
    await expect(bob.page.getByTestId('change-status')).toHaveText('Approved');

    await dana.page.goto(url);
    await dana.page.getByTestId('action-apply').click();
    await expect(dana.page.getByTestId('change-status')).toHaveText('Applied');

    // The review page: the commit apply pushed, the diff it committed, the event in the trail.
    const after = gitLog('--format=%H').trim();
    expect(after).not.toBe(before);
    const applied = dana.page.getByTestId('git-section');
    await expect(applied.getByTestId('git-commit')).toHaveText(after.slice(0, 12));
    await expect(applied.getByTestId('git-commit')).toHaveAttribute('data-sha', after);
    await expect(applied).toContainText('The Git diff that was committed');
    await expect(applied.getByTestId('git-diff').locator('tr[data-kind="added"]')).toContainText('"access_log_retention_days": 14,');
    const committed = dana.page.locator('[data-testid="audit-event"][data-kind="git_committed"]');
    await expect(committed).toHaveCount(1);
    await expect(committed).toContainText('Committed to Git');
    await expect(committed.getByTestId('event-commit')).toHaveText(after.slice(0, 12));
    await dana.page.evaluate(() => window.scrollTo(0, 0));
    await dana.page.screenshot({ path: '/tmp/git-review.png', fullPage: true });

    // Drift: written but not deployed (pending), not "Git differs" (unpublished).
    await dana.page.goto(`/drift/${enc(PAYMENTS)}`);
    await expect(dana.page.getByTestId('drift-status')).toHaveAttribute('data-status', 'pending');
    await expect(dana.page.getByTestId('publish-from-git')).toHaveCount(0);

    // git log: the request's title, its trailers, the proposer as author.
    const message = gitLog('--format=%B');
    expect(message).toContain(title);
    expect(message).toContain(`Karma-Change-Request: ${id}`);
    expect(message).toContain('Approved-by: bob@example.com');
    expect(gitLog('--format=%ae')).toContain('alice@example.com');
  });

  test('publishing what SSM already holds is refused, and the drift page shows the server’s message', async ({ browser }) => {
    const alice = await person(browser, 'alice');
    people.push(alice);
    // An in-sync component: its Git file says what SSM says.
    const refused = await alice.page.request.post('/api/changes/publish', { data: { componentId: 'dev:sqs-queue/payment-events' } });
    expect(refused.status()).toBe(409);
    const body = await refused.text();
    const { error } = JSON.parse(body) as { error: { code: string; message: string } };
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('there is nothing to publish');

    // The drift page's button only shows while Git differs as of the last sync, so the same refusal is played back to it.
    const id = await differingComponent(alice.page);
    await alice.page.route('**/api/changes/publish', (route) => route.fulfill({ status: 409, contentType: 'application/json', body }));
    await alice.page.goto(`/drift/${enc(id)}`);
    await alice.page.getByTestId('publish-from-git').click();
    await expect(alice.page.getByTestId('publish-error')).toHaveText(error.message);
    await expect(alice.page.getByTestId('publish-from-git')).toBeEnabled();
    expect(new URL(alice.page.url()).pathname).toMatch(/^\/drift\//);
  });

  test('a component whose Git file differs from SSM is published from Git through a request', async ({ browser }) => {
    const alice = await person(browser, 'alice');
    people.push(alice);
    const id = await differingComponent(alice.page);

    await alice.page.goto(`/drift/${enc(id)}`);
    await expect(alice.page.getByTestId('drift-status')).toHaveAttribute('data-status', 'unpublished');
    const button = alice.page.getByTestId('publish-from-git');
    await expect(button).toBeEnabled();
    await alice.page.screenshot({ path: '/tmp/git-publish.png' });
    await button.click();

    await expect(alice.page).toHaveURL(/\/changes\/[0-9a-f-]{36}$/);
    await expect(alice.page.getByTestId('change-status')).toHaveText('Open');
    await expect(alice.page.getByTestId('publish-badge')).toHaveText('Publish from Git');
    await expect(alice.page.getByTestId('git-section')).toBeVisible();
    await expect(alice.page.getByTestId('git-no-commit')).toContainText('Git already holds this config');
    await expect(alice.page.getByTestId('git-diff')).toHaveCount(0);

    // Back on the drift page, the open request is linked instead of opening a second one.
    await alice.page.goto(`/drift/${enc(id)}`);
    await expect(alice.page.getByTestId('publish-open-request')).toBeVisible();
    await expect(alice.page.getByTestId('publish-from-git')).toHaveCount(0);
  });

  test('the Git badge on a component page says what drift says: none when in sync, "Git differs" when unpublished', async ({ browser }) => {
    const victor = await person(browser, 'victor');
    people.push(victor);
    const drift = (await (await victor.page.request.get('/api/drift')).json()) as { rows: Array<{ id: string; status: string; reason: string }> };
    const inSync = drift.rows.filter((r) => r.status === 'in_sync');
    // Pretty-printed Git text against compact SSM text once made nearly every page say "Git differs".
    expect(inSync.length).toBeGreaterThan(20);
    for (const row of inSync.slice(0, 4)) {
      await victor.page.goto(`/components/${enc(row.id)}`);
      await expect(victor.page.getByTestId('component-config')).toBeVisible();
      await expect(victor.page.getByTestId('git-badge'), row.id).toHaveCount(0);
    }
    // Nobody publishes storefront in this run: its drift page would offer the button to a proposer.
    const differs = drift.rows.find((r) => r.id === 'prod:ecs-service/storefront');
    expect(differs).toMatchObject({ status: 'unpublished', reason: expect.stringContaining('differs') });
    await victor.page.goto(`/components/${enc(differs!.id)}`);
    await expect(victor.page.getByTestId('git-badge')).toHaveText('Git differs');
    // A viewer sees the difference but is not offered to publish it.
    await victor.page.goto(`/drift/${enc(differs!.id)}`);
    await expect(victor.page.getByTestId('drift-status')).toBeVisible();
    await expect(victor.page.getByTestId('publish-from-git')).toHaveCount(0);
  });
});
