import type { APIRequestContext } from '@playwright/test';
import { expect, person, test, type Person } from './fixtures';

/**
 * Approvals by ownership in the browser (README "Change requests"): the
 * demo's settings say `data-team` owns every production aurora-postgres, and
 * carol is in data-team. alice proposes a change to prod:vpc/main, on which
 * prod:aurora-postgres/orders depends; bob and dana give prod its two
 * approvals, yet the request stays open and the review page says data-team's
 * approval is missing and why; carol approves; it is approved and bob applies
 * it.
 *
 * The change is to the VPC's flow log retention, which no output follows
 * (the demo's derivedOutputs for vpc): every dependent is unaffected, so the
 * apply leaves the estate as the specs after this one expect it.
 */

const VPC = 'prod:vpc/main';
const DATABASE = 'prod:aurora-postgres/orders';
const WHY = `data-team owns ${DATABASE}, which depends on ${VPC}`;

const enc = encodeURIComponent;
const segment = (id: string) => id.replace(/^cr:/, '');

type Change = { id: string; baseVersion: number };

async function proposeRetention(request: APIRequestContext): Promise<Change> {
  const { component } = await (await request.get(`/api/components/${enc(VPC)}`)).json();
  const days = component.config.flow_log_retention_days === 400 ? 365 : 400;
  const proposedConfig = JSON.stringify({ ...component.config, flow_log_retention_days: days }, null, 2);
  const response = await request.post('/api/changes', { data: { componentId: VPC, proposedConfig, title: 'Keep VPC flow logs longer', baseVersion: component.configVersion } });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** Approves on the review page, as the person sees it. */
async function approveOnPage(who: Person, change: Change, expectedStatus: 'Open' | 'Approved'): Promise<void> {
  await who.page.goto(`/changes/${segment(change.id)}`);
  await who.page.getByTestId('action-approve').click();
  await expect(who.page.getByTestId('change-status')).toHaveText(expectedStatus);
}

test.describe('approvals by ownership', () => {
  const people: Person[] = [];
  test.afterEach(async () => {
    for (const p of people.splice(0)) await p.context.close();
  });

  test('a change reaching data-team’s database stays open past prod’s two approvals until carol (data-team) approves; then it applies', async ({ browser }) => {
    const [alice, bob, dana, carol] = await Promise.all((['alice', 'bob', 'dana', 'carol'] as const).map((name) => person(browser, name)));
    people.push(alice, bob, dana, carol);
    const change = await proposeRetention(alice.request);

    // The author sees from the start whose approval the change needs and why.
    await alice.page.goto(`/changes/${segment(change.id)}?submitted=1`);
    const owner = (p: Person) => p.page.locator('[data-testid="owner-approval"][data-groups="data-team"]');
    await expect(owner(alice)).toHaveAttribute('data-status', 'missing');
    await expect(owner(alice).getByTestId('owner-approval-why')).toHaveText(`${WHY} (prod:aurora-postgres/*)`);
    await expect(alice.page.getByTestId('submitted-note')).toHaveText(
      'Submitted. It needs 2 approvals from someone other than you, and an approval from data-team before it can be applied.',
    );

    await approveOnPage(bob, change, 'Open');
    await approveOnPage(dana, change, 'Open');

    // Prod's count is met, the owners' approval is not: still open, and the page says whose is missing and why.
    await expect(dana.page.getByTestId('approvals')).toContainText('2 of 2 approvals needed in prod · bob@example.com, dana@example.com');
    await expect(owner(dana).getByTestId('owner-approval-status')).toHaveText('approval missing');
    await expect(owner(dana).getByTestId('owner-approval-why')).toContainText(WHY);
    await expect(owner(dana).getByRole('link', { name: DATABASE })).toHaveAttribute('href', `/components/${enc(DATABASE)}`);
    await expect(dana.page.getByTestId('status-history')).toContainText('Approved (2 of 2, data-team still needed)');
    await expect(dana.page.getByTestId('action-apply')).toBeDisabled();
    await expect(dana.page.getByTestId('action-reason-apply')).toHaveText(`Apply: The request still needs an approval from data-team (${WHY}) before it can be applied`);
    await dana.page.screenshot({ path: 'test-results/screenshots/ownership-missing.png', fullPage: true });

    // The API says the same: the view carries the requirement, apply is refused, and bob (not in data-team) cannot help.
    const view = await (await bob.request.get(`/api/changes/${segment(change.id)}`)).json();
    expect(view).toMatchObject({
      status: 'open',
      approvals: ['bob@example.com', 'dana@example.com'],
      approverGroups: { 'bob@example.com': [], 'dana@example.com': [] },
      ownerApprovals: {
        requirements: [
          { groups: ['data-team'], owns: [{ componentId: DATABASE, reach: 'dependent', path: [DATABASE, VPC], match: 'prod:aurora-postgres/*', reason: WHY }], metBy: null },
        ],
        missing: [['data-team']],
        isMet: false,
      },
    });
    const refused = await dana.request.post(`/api/changes/${segment(change.id)}/apply`, { data: {} });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).error).toEqual({ code: 'invalid_transition', message: `The request still needs an approval from data-team (${WHY}) before it can be applied` });

    // carol, in data-team, may still approve: her approval is the one missing.
    await carol.page.goto(`/changes/${segment(change.id)}`);
    await expect(carol.page.getByTestId('action-approve')).toBeEnabled();
    await carol.page.getByTestId('decision-comment').fill('Fine for the orders database.');
    await carol.page.getByTestId('action-approve').click();
    await expect(carol.page.getByTestId('change-status')).toHaveText('Approved');
    await expect(owner(carol)).toHaveAttribute('data-status', 'met');
    await expect(owner(carol).getByTestId('owner-approval-status')).toHaveText('approved by carol@example.com (data-team)');
    await expect(carol.page.getByTestId('status-history')).toContainText('Approved (for data-team)');
    await expect(carol.page.getByTestId('approvals')).toContainText('3 approvals, 2 needed in prod · bob@example.com, dana@example.com, carol@example.com');
    await carol.page.screenshot({ path: 'test-results/screenshots/ownership-met.png', fullPage: true });

    await bob.page.goto(`/changes/${segment(change.id)}`);
    await bob.page.getByTestId('action-apply').click();
    await expect(bob.page.getByTestId('change-status')).toHaveText('Applied');
    const history = await (await bob.request.get(`/api/components/${enc(VPC)}/history`)).json();
    expect(history.versions.at(-1)).toMatchObject({ version: change.baseVersion + 1, modifiedBy: 'bob@example.com' });
    // Its rollout (the VPC alone: nothing else reads the retention) is done before the next spec changes the VPC.
    await expect
      .poll(async () => (await (await bob.request.get(`/api/rollouts?change=${segment(change.id)}`)).json()).rollouts.map((r: { status: string }) => r.status), { timeout: 60_000 })
      .toEqual(['completed']);
  });
});
