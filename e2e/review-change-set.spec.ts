import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, person, test, type Person } from './fixtures';
import { openForm } from './proposal-editor';

/**
 * A change set in the browser (ARCHITECTURE.md §6): alice moves the prod VPC
 * to a new CIDR and has ClickHouse's allowed_cidrs follow it in the same
 * request, reads the combined impact (both members, the consequences by
 * verdict), submits; bob and carol approve (prod needs two), bob applies,
 * and the review page shows both new versions.
 *
 * This spec applies to prod:vpc/main, which many specs read as the demo has
 * it (its CIDR, its drift in sync, the pending counts): its name sorts it
 * after all of them (Playwright runs the files in name order, one worker).
 */

const VPC = 'prod:vpc/main';
const CLICKHOUSE = 'prod:clickhouse/analytics';
const NEW_CIDR = '10.41.0.0/16';

const enc = encodeURIComponent;

async function current(request: APIRequestContext, id: string): Promise<{ config: Record<string, unknown>; version: number }> {
  const { component } = await (await request.get(`/api/components/${enc(id)}`)).json();
  return { config: component.config, version: component.configVersion };
}

/** Replaces one member's editor text the way a person pasting would. */
async function setMemberText(page: Page, member: Locator, text: string): Promise<void> {
  await member.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

const member = (page: Page, id: string) => page.locator(`[data-testid="change-member"][data-component-id="${id}"]`);

async function shoot(page: Page, name: string): Promise<void> {
  await expect(page.locator('[data-testid="impact-graph"] canvas').first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

test.describe('a change set', () => {
  const people: Person[] = [];
  test.afterEach(async () => {
    for (const p of people.splice(0)) await p.context.close();
  });

  test('alice proposes a new VPC CIDR with ClickHouse following it; bob and carol approve, bob applies, and both get a new version', async ({ browser }) => {
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    const carol = await person(browser, 'carol');
    people.push(alice, bob, carol);
    const [vpc, clickhouse] = await Promise.all([current(alice.request, VPC), current(alice.request, CLICKHOUSE)]);
    expect(vpc.config.cidr).toBe('10.40.0.0/16');
    expect(clickhouse.config.allowed_cidrs).toEqual(['10.40.0.0/16']);
    const vpcText = JSON.stringify({ ...vpc.config, cidr: NEW_CIDR }, null, 2);
    const clickhouseText = JSON.stringify({ ...clickhouse.config, allowed_cidrs: [NEW_CIDR] }, null, 2);

    // The form opens on the VPC, as for one component; a second component joins through the search.
    const { page } = alice;
    await openForm(page, `/changes/new?component=${enc(VPC)}`);
    await setMemberText(page, member(page, VPC), vpcText);
    await page.getByRole('button', { name: 'Add a component to this change' }).click();
    await page.getByLabel('An existing component').fill('clickhouse/analytics');
    await page.getByRole('option').filter({ hasText: CLICKHOUSE }).click();
    await expect(page.getByRole('heading', { name: 'Propose a change to 2 components' })).toBeVisible();
    await expect(member(page, CLICKHOUSE).locator('.cm-line').first()).toBeVisible();
    await expect(member(page, CLICKHOUSE)).toContainText(`editing config version ${clickhouse.version}`);
    await setMemberText(page, member(page, CLICKHOUSE), clickhouseText);
    await expect(page.getByTestId('submit-hint')).toHaveText('Simulate to see the impact before submitting.');
    await page.getByRole('button', { name: 'Simulate' }).click();

    // The combined impact: both members with their own diff, then the consequences by verdict.
    const report = page.locator('[data-testid="impact-report"][data-members="2"]');
    await expect(report.getByTestId('validation-ok')).toBeVisible();
    await expect(report.getByTestId('risk-badge')).toHaveAttribute('data-level', 'high');
    const members = report.getByTestId('member-impact');
    await expect(members).toHaveCount(2);
    await expect(members.nth(0)).toHaveAttribute('data-component-id', VPC);
    await expect(members.nth(0).getByTestId('field-diff')).toContainText(NEW_CIDR);
    await expect(members.nth(0).locator('[data-path="cidr"]')).toBeVisible();
    await expect(members.nth(1)).toHaveAttribute('data-component-id', CLICKHOUSE);
    await expect(members.nth(1).locator('[data-path="allowed_cidrs[0]"]')).toContainText(NEW_CIDR);
    const consequences = report.getByTestId('consequences');
    await expect(consequences.getByTestId('verdict-group')).toHaveCount(3);

    // What the page shows is what the API answers for the same set.
    const simulated = await (
      await alice.request.post('/api/simulate', {
        data: {
          members: [
            { componentId: VPC, proposedConfig: vpcText },
            { componentId: CLICKHOUSE, proposedConfig: clickhouseText },
          ],
        },
      })
    ).json();
    for (const verdict of ['must_redeploy', 'stale_copy', 'unaffected'] as const) {
      await expect(consequences.locator(`[data-testid="consequence-counts"] [data-verdict="${verdict}"]`)).toHaveAttribute(
        'data-count',
        String(simulated.consequences.counts[verdict]),
      );
      const listed = simulated.consequences.dependents.filter((d: { verdict: string }) => d.verdict === verdict).length;
      await expect(consequences.locator(`[data-testid="verdict-group"][data-verdict="${verdict}"] [data-testid="consequence"]`)).toHaveCount(listed);
    }
    expect(simulated.consequences.counts.must_redeploy).toBeGreaterThan(0);
    // ClickHouse is in the set, so its own copy of the old CIDR is the one it proposes: no stale copy of it is left in its config.
    expect(simulated.consequences.staleCopies.filter((c: { componentId: string; document: string }) => c.componentId === CLICKHOUSE && c.document === 'config')).toEqual([]);
    await expect(page.getByTestId('impact-legend')).toContainText('must redeploy');
    await shoot(page, 'change-set-simulated');

    const title = `Move prod to ${NEW_CIDR} with ClickHouse ${Date.now()}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('The peering plan needs 10.40.0.0/16; ClickHouse allows the new range.');
    await expect(page.getByTestId('submit-hint')).toHaveText('Ready to submit: reviewers will see this impact.');
    await page.getByRole('button', { name: 'Submit for review' }).click();

    // The review page: both members, one approval count for the set (prod's two).
    await expect(page.getByTestId('change-title')).toHaveText(title);
    await expect(page.getByTestId('submitted-note')).toContainText('It needs 2 approvals');
    await expect(page.getByTestId('review-member')).toHaveCount(2);
    await expect(page.locator(`[data-testid="review-member"][data-component-id="${VPC}"]`)).toContainText(`based on v${vpc.version}`);
    await expect(page.locator(`[data-testid="review-member"][data-component-id="${CLICKHOUSE}"]`)).toContainText(`based on v${clickhouse.version}`);
    await expect(page.getByTestId('member-comparison')).toHaveCount(2);
    const id = page.url().split('/changes/')[1].split('?')[0];

    for (const reviewer of [bob, carol]) {
      await reviewer.page.goto(`/changes/${id}`);
      await expect(reviewer.page.getByTestId('review-member')).toHaveCount(2);
      await reviewer.page.getByTestId('action-approve').click();
      await expect(reviewer.page.getByTestId('approvals')).toContainText(reviewer === bob ? '1 of 2 approvals' : '2 of 2 approvals');
    }
    await expect(carol.page.getByTestId('change-status')).toHaveText('Approved');

    await bob.page.reload();
    await bob.page.getByTestId('action-apply').click();
    await expect(bob.page.getByTestId('change-status')).toHaveText('Applied');
    await expect(bob.page.getByTestId('apply-report')).toContainText(`${VPC} as version ${vpc.version + 1}`);
    // ClickHouse follows the VPC (it is in wave 2 of the rollout): the apply checks it with the VPC and writes it at its wave.
    await expect(bob.page.getByTestId('applied-notice')).toContainText('Applied: 1 of 2 components written, the rest at their wave');
    await expect(bob.page.locator(`[data-testid="written-members"] [data-component-id="${CLICKHOUSE}"]`)).toContainText('written at its wave of the rollout');
    await expect(bob.page.locator(`[data-testid="review-member"][data-component-id="${VPC}"]`)).toContainText(`v${vpc.version} → v${vpc.version + 1}`);
    await shoot(bob.page, 'change-set-applied');
    expect(await current(bob.request, CLICKHOUSE)).toEqual(clickhouse);

    // Once the demo's pipeline has deployed the VPC, the rollout writes ClickHouse; the page follows without a reload.
    await expect(bob.page.getByTestId('applied-notice')).toContainText('all 2 components written', { timeout: 60_000 });
    await expect(bob.page.locator(`[data-testid="review-member"][data-component-id="${CLICKHOUSE}"]`)).toContainText(`v${clickhouse.version} → v${clickhouse.version + 1}`);

    // SSM holds both proposals as their new versions; the list shows the set.
    // The graph reads the rollout's write at once (a sync follows it, as one follows an apply).
    expect(await current(bob.request, VPC)).toEqual({ version: vpc.version + 1, config: { ...vpc.config, cidr: NEW_CIDR } });
    await expect
      .poll(() => current(bob.request, CLICKHOUSE), { timeout: 10_000 })
      .toEqual({ version: clickhouse.version + 1, config: { ...clickhouse.config, allowed_cidrs: [NEW_CIDR] } });
    await bob.page.goto('/changes');
    const row = bob.page.getByTestId('change-row').filter({ hasText: title });
    await expect(row.getByTestId('set-members')).toContainText('2 components');
    await expect(row.getByTestId('set-members')).toContainText(CLICKHOUSE);
  });
});
