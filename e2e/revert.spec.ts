import { mkdirSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import type { ComponentLineage } from '@/lib/model/component-lineage';
import { expect, person, test, type Person } from './fixtures';

/**
 * Infrastructure memory on the component page and rollback as a change
 * (issue 16, points 2 and 4), in the browser with one context per person:
 * the timeline and the live runtime's lineage of a component with several
 * config versions; "Revert to version 1" opens a change request that bob
 * approves and applies, after which the config holds version 1's text and
 * the lineage leads to that request and its approver; an applied change is
 * undone with "Revert this change", and refused once its component moved.
 *
 * Applies change the demo estate for the rest of the run: these use dev
 * components no other spec changes.
 */

const VPC = 'dev:vpc/main';
const QUEUE = 'dev:sqs-queue/order-events';
const ANALYTICS = 'dev:clickhouse/analytics';
const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

const enc = encodeURIComponent;
const segment = (id: string) => id.replace(/^cr:/, '');

async function current(request: APIRequestContext, id: string): Promise<{ config: Record<string, unknown>; raw: string; version: number }> {
  const { component } = await (await request.get(`/api/components/${enc(id)}`)).json();
  return { config: component.config, raw: component.configRaw, version: component.configVersion };
}

async function lineage(request: APIRequestContext, id: string): Promise<ComponentLineage> {
  const response = await request.get(`/api/components/${enc(id)}/lineage`);
  expect(response.status()).toBe(200);
  return response.json();
}

/** The demo reads SSM's history at start (the backfill): wait until this component's older versions are recorded. */
async function recordedVersions(request: APIRequestContext, id: string): Promise<number[]> {
  let versions: number[] = [];
  await expect
    .poll(
      async () => {
        const answer = await lineage(request, id);
        versions = answer.configVersions.map((v) => v.version);
        return !answer.isBackfilling && versions.length > 1;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return versions;
}

/** bob approves and applies on the review page, as the demo's dev policy (one approval) allows. */
async function approveAndApply(bob: Person, id: string): Promise<void> {
  await bob.page.goto(`/changes/${segment(id)}`);
  await bob.page.getByTestId('decision-comment').fill('Back to what we had.');
  await bob.page.getByTestId('action-approve').click();
  await expect(bob.page.getByTestId('change-status')).toHaveText('Approved');
  await bob.page.getByTestId('action-apply').click();
  await expect(bob.page.getByTestId('change-status')).toHaveText('Applied');
}

async function shootPage(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test.describe('lineage and reverts', () => {
  const people: Person[] = [];
  test.afterEach(async () => {
    for (const p of people.splice(0)) await p.context.close();
  });

  test('the component page shows the timeline and lineage; Revert to version 1 goes through review and leaves version 1 live', async ({ browser }) => {
    test.setTimeout(180_000);
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    const victor = await person(browser, 'victor');
    people.push(alice, bob, victor);
    expect(await recordedVersions(alice.request, VPC)).toEqual([3, 2, 1]);
    const before = await current(alice.request, VPC);
    expect(before.version).toBe(3);
    const v1 = (await (await alice.request.get(`/api/components/${enc(VPC)}/history`)).json()).versions[0];

    await alice.page.goto(`/components/${enc(VPC)}`);
    // The lineage: the runtime and the config version it was deployed from; that version was written outside Karma, and the chain says so.
    const chain = alice.page.getByTestId('lineage-chain');
    await expect(chain.getByTestId('chain-runtime')).toHaveAttribute('data-status', 'known');
    await expect(chain.getByTestId('chain-config')).toHaveAttribute('data-status', 'known');
    await expect(chain.getByTestId('chain-change')).toHaveAttribute('data-status', 'unknown');
    await expect(chain.getByTestId('chain-change-reason')).toContainText('No Karma change request wrote config version');
    await expect(chain.getByTestId('chain-approvers')).toHaveAttribute('data-status', 'unknown');

    // The timeline: every config version, filterable by kind; a version's link opens its diff in the config history.
    const timeline = alice.page.getByTestId('lineage-timeline');
    await expect(timeline.getByTestId('timeline-filter-config')).toHaveText('Config versions 3');
    await timeline.getByTestId('timeline-filter-config').click();
    await expect(timeline.getByTestId('timeline-entry')).toHaveCount(3);
    await expect(timeline.getByTestId('timeline-entry').first()).toContainText('Config version 3');
    await shootPage(alice.page, 'component-lineage');
    await alice.page.getByTestId('component-lineage').screenshot({ path: `${SHOTS}/component-lineage-chain.png` });
    await alice.page.getByTestId('component-history').screenshot({ path: `${SHOTS}/component-history-reverts.png` });
    await timeline.locator('[data-testid="timeline-entry"][data-version="2"]').getByRole('link', { name: 'Diff with version 1' }).click();
    await expect(alice.page).toHaveURL(/\?diff=2#component-history$/);
    await expect(alice.page.getByTestId('version-diff')).toContainText('Changes from v1 to v2');
    await timeline.getByTestId('timeline-filter-all').click();
    await expect(timeline.getByTestId('timeline-entry')).not.toHaveCount(3);

    // Revert to a version: the current one cannot be, an older one can; a viewer is told why not.
    await expect(alice.page.getByTestId('revert-to-3')).toBeDisabled();
    await expect(alice.page.getByTestId('revert-to-3')).toHaveAttribute('title', `Version 3 is the current config of ${VPC}`);
    await victor.page.goto(`/components/${enc(VPC)}`);
    await expect(victor.page.getByTestId('revert-to-1')).toBeDisabled();
    await expect(victor.page.getByTestId('revert-to-1')).toHaveAttribute('title', 'Reverting needs the proposer role; you are a viewer');
    expect((await victor.request.post(`/api/components/${enc(VPC)}/revert`, { data: { version: 1 } })).status()).toBe(403);

    await alice.page.getByTestId('revert-to-1').click();
    await expect(alice.page).toHaveURL(/\/changes\/[0-9a-f-]{36}\?submitted=1$/);
    const revertId = `cr:${new URL(alice.page.url()).pathname.split('/').at(-1)}`;
    // The new request: what it reverts, the diff against the current version, and the impact simulated like any other.
    await expect(alice.page.getByTestId('change-status')).toHaveText('Open');
    await expect(alice.page.getByTestId('change-title')).toHaveText(`Revert ${VPC} to config version 1`);
    await expect(alice.page.getByTestId('revert-notice')).toContainText(`A revert of ${VPC} to its config version 1 (from version 3)`);
    await expect(alice.page.getByTestId('change-description')).toContainText(`Puts back config version 1 of ${VPC}`);
    await expect(alice.page.getByTestId('config-field-changes')).toContainText('enable_ssm_endpoints');
    await expect(alice.page.locator('[data-testid="impact-graph"] canvas').first()).toBeVisible();
    await shootPage(alice.page, 'revert-to-version-request');

    await approveAndApply(bob, revertId);
    await expect(bob.page.getByTestId('applied-notice')).toContainText('Applied as config version 4');
    const after = await current(bob.request, VPC);
    expect(after.version).toBe(4);
    expect(after.raw).toBe(v1.value);

    // Back on the component: version 4 holds version 1's text, and once the demo's pipeline has deployed it the live runtime's lineage leads to the revert and its approver.
    await alice.page.goto(`/components/${enc(VPC)}`);
    await expect(alice.page.getByTestId('version-history').locator('tr[data-version]')).toHaveCount(4);
    await expect
      .poll(
        async () => {
          const { chain } = await lineage(alice.request, VPC);
          return chain.change.status === 'known' ? chain.change.value.id : null;
        },
        { timeout: 60_000 },
      )
      .toBe(revertId);
    await alice.page.reload();
    await expect(chain.getByTestId('chain-config')).toContainText('v4');
    await expect(chain.getByTestId('chain-change-link')).toHaveText(`Revert ${VPC} to config version 1`);
    await expect(chain.getByTestId('chain-approvers')).toContainText('bob@example.com');
    await expect(chain.getByTestId('chain-commit')).toHaveAttribute('data-status', 'known');
    await expect(alice.page.getByTestId('revert-to-4')).toBeDisabled();
    await expect(alice.page.getByTestId('revert-to-1')).toBeDisabled();
    await expect(alice.page.getByTestId('revert-to-1')).toHaveAttribute('title', `Version 1 of ${VPC} holds exactly what the current version 4 holds`);
    await shootPage(alice.page, 'component-lineage-after-revert');
    await alice.page.getByTestId('component-lineage').screenshot({ path: `${SHOTS}/component-lineage-chain-after-revert.png` });
    await timeline.screenshot({ path: `${SHOTS}/component-timeline-after-revert.png` });
  });

  test('an applied change is undone with Revert this change, and refused once its component moved', async ({ browser }) => {
    test.setTimeout(120_000);
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    people.push(alice, bob);
    const before = await current(alice.request, QUEUE);
    const proposed = await alice.request.post('/api/changes', {
      data: {
        componentId: QUEUE,
        proposedConfig: JSON.stringify({ ...before.config, visibility_timeout_seconds: 321 }, null, 2),
        title: 'Give order consumers longer',
        baseVersion: before.version,
      },
    });
    expect(proposed.status(), await proposed.text()).toBe(201);
    const change = await proposed.json();
    await approveAndApply(bob, change.id);

    await alice.page.goto(`/changes/${segment(change.id)}`);
    await alice.page.getByTestId('action-revert').click();
    await expect(alice.page).toHaveURL(/\/changes\/[0-9a-f-]{36}\?submitted=1$/);
    const revertId = `cr:${new URL(alice.page.url()).pathname.split('/').at(-1)}`;
    expect(revertId).not.toBe(change.id);
    await expect(alice.page.getByTestId('revert-notice')).toContainText(`A revert of ${change.id}`);
    await expect(alice.page.getByTestId('change-description')).toContainText(`${QUEUE} back to config version ${before.version} (from version ${before.version + 1})`);
    await expect(alice.page.getByTestId('config-field-changes')).toContainText('visibility_timeout_seconds');
    await shootPage(alice.page, 'revert-change-request');

    await approveAndApply(bob, revertId);
    const after = await current(bob.request, QUEUE);
    expect(after).toEqual({ ...before, version: before.version + 2 });

    // The revert moved the component past what the change wrote: reverting the change again is refused, naming it.
    await alice.page.goto(`/changes/${segment(change.id)}`);
    await alice.page.getByTestId('action-revert').click();
    await expect(alice.page.getByTestId('revert-refusal')).toHaveText(
      `${change.id} cannot be reverted: ${QUEUE} has moved since: ${change.id} wrote config version ${before.version + 1}, and it is now at version ${before.version + 2}`,
    );
    await expect(alice.page).toHaveURL(new RegExp(`/changes/${segment(change.id)}$`));
    await shootPage(alice.page, 'revert-change-refused');
  });

  test('a removed component keeps its page from its history, and reverting the removal creates it again with its last config', async ({ browser }) => {
    test.setTimeout(120_000);
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    people.push(alice, bob);
    const before = await current(alice.request, ANALYTICS);
    const proposed = await alice.request.post('/api/changes', {
      data: { members: [{ componentId: ANALYTICS, remove: true }], baseVersions: [before.version], title: 'Retire the dev analytics cluster' },
    });
    expect(proposed.status(), await proposed.text()).toBe(201);
    const removal = await proposed.json();
    await approveAndApply(bob, removal.id);
    expect((await alice.request.get(`/api/components/${enc(ANALYTICS)}`)).status()).toBe(404);

    // Gone from the estate, but not from Karma's memory: the page draws its past.
    await alice.page.goto(`/components/${enc(ANALYTICS)}`);
    await expect(alice.page.getByTestId('component-page')).toHaveAttribute('data-gone', 'true');
    const timeline = alice.page.getByTestId('lineage-timeline');
    await expect(timeline.getByTestId('timeline-entry').filter({ hasText: 'Config removed' })).toBeVisible();
    await expect(timeline.getByTestId('timeline-entry').filter({ hasText: 'Applied · "Retire the dev analytics cluster"' })).toBeVisible();
    await shootPage(alice.page, 'component-gone');

    await alice.page.goto(`/changes/${segment(removal.id)}`);
    await alice.page.getByTestId('action-revert').click();
    await expect(alice.page).toHaveURL(/\/changes\/[0-9a-f-]{36}\?submitted=1$/);
    const revertId = `cr:${new URL(alice.page.url()).pathname.split('/').at(-1)}`;
    await expect(alice.page.getByTestId('change-description')).toContainText(`${ANALYTICS} created again with its config version ${before.version} (the change removed it)`);
    await approveAndApply(bob, revertId);
    const after = await current(bob.request, ANALYTICS);
    expect(after.raw).toBe(before.raw);
  });
});
