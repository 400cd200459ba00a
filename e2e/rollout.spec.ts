import type { APIRequestContext, Page } from '@playwright/test';
import { expect, person, test, type Person } from './fixtures';

/**
 * A rollout in the browser (issue 15): alice moves the prod VPC to a new
 * CIDR; the review page shows the rollout plan approvers approve (the VPC in
 * wave 1, the ECS services and lambdas that read its subnets in wave 2,
 * grafana after them); bob and carol approve, bob applies, and the demo's
 * simulated pipeline (KARMA_DEMO_DEPLOY_SECONDS, scripts/e2e-server.mjs)
 * writes each member's runtime a few seconds after its deploy request. The
 * rollout page, never reloaded, shows wave 1 deploying then deployed, each
 * later wave's members going from waiting through deploying to deployed,
 * and finally `completed`; the explorer's `?rollout=` highlights them.
 *
 * It applies to prod:vpc/main, which many specs read as the demo has it: its
 * name sorts it after them (Playwright runs the files in name order, one
 * worker), after review-change-set.spec.ts too, whose own rollout it waits out.
 */

const VPC = 'prod:vpc/main';
const WAVE_2 = ['prod:ecs-service/search', 'prod:ecs-service/storefront', 'prod:lambda/order-workers', 'prod:lambda/payment-handlers'];
const GRAFANA = 'prod:grafana/ops';

const enc = encodeURIComponent;
const segment = (id: string) => id.replace(/^(cr|ro):/, '');

type Seen = Record<string, Array<[state: string, at: number]>>;
type PlanWave = { wave: number; members: Array<{ componentId: string; reason: string }> };

async function current(request: APIRequestContext, id: string): Promise<{ config: Record<string, unknown>; version: number }> {
  const { component } = await (await request.get(`/api/components/${enc(id)}`)).json();
  return { config: component.config, version: component.configVersion };
}

/** Another spec's apply may have a rollout going over the same components: let it finish first. */
async function noRolloutRunning(request: APIRequestContext): Promise<void> {
  await expect.poll(async () => ((await (await request.get('/api/rollouts?status=running')).json()) as { rollouts: unknown[] }).rollouts.length, { timeout: 60_000 }).toBe(0);
}

/** Records, in the page, every state each rollout member is drawn in and when, so the test can tell what it showed without a reload. */
async function recordMemberStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __seen: Seen; __notReloaded: boolean };
    w.__notReloaded = true;
    w.__seen = {};
    const record = () => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid="rollout-member"]')) {
        const id = el.dataset.componentId!;
        const state = el.dataset.state!;
        const list = (w.__seen[id] ??= []);
        if (list.at(-1)?.[0] !== state) list.push([state, Date.now()]);
      }
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
}

const seenStates = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

test.describe('a rollout', () => {
  const people: Person[] = [];
  test.afterEach(async () => {
    for (const p of people.splice(0)) await p.context.close();
  });

  test('a VPC change rolls through the dependents that must redeploy, wave by wave, live on the rollout page and the graph', async ({ browser }) => {
    test.setTimeout(180_000);
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    const carol = await person(browser, 'carol');
    people.push(alice, bob, carol);
    await noRolloutRunning(alice.request);

    const vpc = await current(alice.request, VPC);
    const cidr = vpc.config.cidr === '10.42.0.0/16' ? '10.43.0.0/16' : '10.42.0.0/16';
    const title = `Move prod to ${cidr} ${Date.now()}`;
    const proposed = await alice.request.post('/api/changes', {
      data: { componentId: VPC, proposedConfig: JSON.stringify({ ...vpc.config, cidr }, null, 2), title, baseVersion: vpc.version },
    });
    expect(proposed.status(), await proposed.text()).toBe(201);
    const change = (await proposed.json()) as { id: string; impact: { rollout: { waves: PlanWave[]; total: number } | null } };
    const plan = change.impact.rollout;
    expect(plan, 'the simulation at submission worked out a rollout plan').not.toBeNull();

    // Before approval: the plan on the review page, as the request stored it.
    const { page } = alice;
    await page.goto(`/changes/${segment(change.id)}`);
    const section = page.getByTestId('rollout-section');
    await expect(section.getByTestId('rollout-plan-approval')).toContainText('Approving this request approves this plan');
    const waves = section.locator('[data-testid="rollout-plan"] [data-testid="plan-wave"]');
    await expect(waves).toHaveCount(plan!.waves.length);
    expect(plan!.waves.length).toBeGreaterThanOrEqual(2);
    const inWave = (wave: number) => section.locator(`[data-testid="plan-wave"][data-wave="${wave}"] [data-testid="plan-member"]`);
    await expect(inWave(1)).toHaveCount(1);
    await expect(inWave(1).first()).toHaveAttribute('data-component-id', VPC);
    await expect(inWave(1).first()).toHaveAttribute('data-reason', 'changed');
    for (const id of WAVE_2) await expect(inWave(2).and(page.locator(`[data-component-id="${id}"]`)), id).toHaveAttribute('data-reason', 'must_redeploy');
    const grafanaWave = plan!.waves.find((w) => w.members.some((m) => m.componentId === GRAFANA))?.wave;
    expect(grafanaWave, 'grafana reads the subnets: it must redeploy').toBeGreaterThanOrEqual(2);
    await expect(section.locator(`[data-testid="plan-wave"][data-wave="${grafanaWave}"] [data-component-id="${GRAFANA}"]`)).toHaveAttribute('data-reason', 'must_redeploy');
    // Each component the page lists, in the wave the API says.
    for (const wave of plan!.waves) await expect(inWave(wave.wave)).toHaveCount(wave.members.length);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/rollout-plan-review.png', fullPage: true });

    // Prod needs two approvals; bob applies.
    await bob.page.goto(`/changes/${segment(change.id)}`);
    await expect(bob.page.getByTestId('rollout-section').getByTestId('rollout-plan')).toBeVisible();
    await bob.page.getByTestId('action-approve').click();
    await expect(bob.page.getByTestId('approvals')).toContainText('1 of 2 approvals');
    expect((await carol.request.post(`/api/changes/${segment(change.id)}/approve`, { data: {} })).status()).toBe(200);
    await expect(bob.page.getByTestId('change-status')).toHaveText('Approved');
    await bob.page.getByTestId('action-apply').click();
    await expect(bob.page.getByTestId('change-status')).toHaveText('Applied');

    // The review page learns of the rollout by itself and links to it.
    const card = bob.page.getByTestId('change-rollout');
    await expect(card).toBeVisible({ timeout: 15_000 });
    await card.getByTestId('change-rollout-link').click();
    await expect(bob.page).toHaveURL(new RegExp(`/rollouts/${segment(change.id)}$`));
    const rollout = bob.page.getByTestId('rollout-page');
    await expect(rollout).toBeVisible();
    await recordMemberStates(bob.page);
    await expect(bob.page.getByTestId('rollout-title')).toHaveText(title);
    await expect(bob.page.getByTestId('rollout-change-link')).toHaveText(title);
    const member = (id: string) => bob.page.locator(`[data-testid="rollout-member"][data-component-id="${id}"]`);
    await expect(bob.page.getByTestId('rollout-member')).toHaveCount(plan!.total);

    // Wave 1: the VPC deploying (the config version it was asked for and a deadline), later waves waiting.
    await expect(rollout).toHaveAttribute('data-status', 'running');
    await expect(bob.page.getByTestId('rollout-wave')).toHaveText(`Wave 1 of ${plan!.waves.length}`);
    await expect(member(VPC)).toHaveAttribute('data-state', 'deploying');
    await expect(member(VPC).getByTestId('member-config-version')).toHaveAttribute('data-version', String(vpc.version + 1));
    await expect(member(VPC).getByTestId('member-deadline')).toBeVisible();
    for (const id of WAVE_2) await expect(member(id)).toHaveAttribute('data-state', 'waiting');
    await shoot(bob.page, 'rollout-wave-1');

    // Then wave 2 once the VPC's runtime is seen.
    await expect(member(VPC)).toHaveAttribute('data-state', 'deployed', { timeout: 30_000 });
    await expect(member(VPC).getByTestId('member-observed')).toContainText('written');
    await expect(bob.page.getByTestId('rollout-wave')).toHaveText(`Wave 2 of ${plan!.waves.length}`, { timeout: 15_000 });
    for (const id of WAVE_2) await expect(member(id)).toHaveAttribute('data-state', /deploying|deployed/);
    await shoot(bob.page, 'rollout-wave-2');

    // And on to the end.
    await expect(rollout).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
    await expect(bob.page.getByTestId('rollout-status')).toHaveText('Completed');
    await expect(bob.page.getByTestId('rollout-wave')).toHaveText(`All ${plan!.waves.length} waves done`);
    await expect(bob.page.locator('[data-testid="rollout-member"][data-state="deployed"]')).toHaveCount(plan!.total);
    await expect(bob.page.locator('[data-testid="rollout-events"] [data-kind="rollout_completed"]')).toHaveCount(1);
    await shoot(bob.page, 'rollout-completed');

    // All of it drawn on the one page: every member was seen deploying, then deployed; no wave started before the one before it was done.
    expect(await bob.page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    const seen = await seenStates(bob.page);
    const waveOf = new Map(plan!.waves.flatMap((w) => w.members.map((m) => [m.componentId, w.wave] as const)));
    for (const [id, wave] of waveOf) {
      const states = seen[id].map(([state]) => state);
      expect(states.at(-1), id).toBe('deployed');
      expect(states, id).toContain('deploying');
      if (wave > 1) expect(states[0], id).toBe('waiting');
    }
    const firstAt = (id: string, state: string) => seen[id].find(([s]) => s === state)![1];
    for (let wave = 2; wave <= plan!.waves.length; wave++) {
      const before = [...waveOf].filter(([, w]) => w === wave - 1).map(([id]) => firstAt(id, 'deployed'));
      const started = [...waveOf].filter(([, w]) => w === wave).map(([id]) => firstAt(id, 'deploying'));
      expect(Math.min(...started), `wave ${wave} starts after wave ${wave - 1} is deployed`).toBeGreaterThanOrEqual(Math.max(...before));
    }

    // The explorer: the rollout's components by state, the rest dimmed.
    await bob.page.getByTestId('rollout-graph-link').click();
    await expect(bob.page).toHaveURL(new RegExp(`/\\?rollout=${segment(change.id)}$`));
    await expect(bob.page.getByTestId('graph-canvas')).toHaveAttribute('data-render-state', 'done', { timeout: 30_000 });
    const bar = bob.page.getByTestId('rollout-bar');
    await expect(bar.getByTestId('rollout-bar-title')).toHaveText(title);
    await expect(bar.getByTestId('rollout-bar-wave')).toHaveText(`all ${plan!.waves.length} waves done`);
    await expect(bar.getByTestId('rollout-bar-link')).toHaveAttribute('href', `/rollouts/${segment(change.id)}`);
    await expect(bob.page.locator('[data-testid="legend-rollout-line"] [data-state="deployed"]')).toContainText(String(plan!.total));
    await expect
      .poll(() =>
        bob.page.evaluate(
          ({ ids }) => {
            const cy = window.__karmaCy!;
            const members = new Set(ids);
            const others = cy.nodes('node.component, node.group').filter((n) => !members.has(n.id()));
            return {
              deployed: ids.filter((id) => cy.getElementById(id).hasClass('rollout-deployed')).length,
              othersDimmed: others.nonempty() && others.filter('.dimmed').length === others.length,
              dimmedMember: ids.some((id) => cy.getElementById(id).hasClass('dimmed')),
            };
          },
          { ids: [...waveOf.keys()] },
        ),
      )
      .toEqual({ deployed: waveOf.size, othersDimmed: true, dimmedMember: false });
    await bob.page.screenshot({ path: 'test-results/screenshots/rollout-explorer.png' });

    // The list, and the review page's own word on it.
    await bob.page.goto('/rollouts');
    await expect(bob.page.locator(`[data-testid="rollout-row"][data-rollout-id="ro:${segment(change.id)}"]`)).toHaveAttribute('data-status', 'completed');
    await bob.page.goto(`/changes/${segment(change.id)}`);
    await expect(bob.page.getByTestId('change-rollout-status')).toHaveText('Completed');
  });
});
