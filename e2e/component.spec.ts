import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { ComponentResponse } from '@/lib/model/api';
import { expect, test } from './fixtures';

/**
 * One component, in the graph's side panel and on its own page: documents,
 * references with their config fields, drift, problems, the SSM version
 * history with diffs, open change requests, and the 404 for unknown ids.
 */

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

const panel = (page: Page) => page.getByTestId('component-panel');

async function openInPanel(page: Page, id: string): Promise<void> {
  // Every component drawn on its own (the demo opens with groups), so any one can be clicked.
  await page.goto('/?group=none');
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-render-state', 'done', { timeout: 30_000 });
  await page.evaluate((nodeId) => window.__karmaCy!.getElementById(nodeId).emit('tap'), id);
  await expect(panel(page)).toHaveAttribute('data-component-id', id);
}

test.describe('component panel', () => {
  test('clicking a node opens its panel: documents, references with their fields, drift', async ({ page, signIn }) => {
    await signIn('alice');
    await openInPanel(page, 'prod:serverless-api/orders');
    await expect(page).toHaveURL(/\?group=none&selected=prod:serverless-api\/orders$/);
    await expect(panel(page).getByTestId('component-title')).toHaveText('orders');
    await expect(panel(page).getByTestId('drift-badge').first()).toHaveText('Pending');
    await expect(panel(page).getByTestId('component-drift')).toContainText('deployed config v3 · current v5');
    await expect(panel(page).getByTestId('dependency-list')).toContainText('prod:acm-certificate/wildcard');
    await expect(panel(page).getByTestId('dependency-list')).toContainText('acm_certificate_nickname');
    await expect(panel(page).getByTestId('config-document')).toContainText('"tidepool-orders"');
    await expect(panel(page).getByTestId('runtime-document')).toBeVisible();

    // A dependency link selects that component in the same panel.
    await panel(page).getByRole('button', { name: 'prod:lambda/order-workers' }).click();
    await expect(panel(page)).toHaveAttribute('data-component-id', 'prod:lambda/order-workers');
    await expect(panel(page).getByTestId('dependent-list')).toContainText('prod:serverless-api/orders');
    await expect(panel(page).getByTestId('dependent-list')).toContainText('lambda_nickname');
    await page.screenshot({ path: `${SHOTS}/component-panel.png` });

    await panel(page).getByTestId('close-panel').click();
    await expect(panel(page)).toHaveCount(0);
  });

  test('the config history lists every version with time and user, and diffs any two', async ({ page, signIn }) => {
    await signIn('victor');
    await openInPanel(page, 'prod:serverless-api/orders');
    const history = panel(page).getByTestId('version-history');
    await expect(history.locator('tr[data-version]')).toHaveCount(5);
    await expect(history.locator('tr[data-version="5"]')).toContainText('bob@example.com');
    await expect(history.locator('tr[data-version="5"]')).toContainText('2026-11-16 08:55');
    await expect(history.locator('tr[data-version="3"]')).toContainText('deployed');

    // By default the last change: v4 → v5 raised the log retention to 90 days.
    const diff = panel(page).getByTestId('version-diff');
    await expect(diff).toContainText('Changes from v4 to v5');
    await expect(diff.getByTestId('field-changes')).toContainText('access_log_retention_days');
    await expect(diff.getByTestId('field-changes')).not.toContainText('throttling.rate_limit');

    await history.getByRole('radio', { name: 'Compare from v3' }).check();
    await expect(diff).toContainText('Changes from v3 to v5');
    await expect(diff.getByTestId('field-changes')).toContainText('throttling.rate_limit');
    await expect(diff.getByTestId('field-changes').locator('tr', { hasText: 'throttling.rate_limit' })).toContainText('500');
    await expect(diff.getByTestId('field-changes').locator('tr', { hasText: 'throttling.rate_limit' })).toContainText('1000');

    await diff.getByText('Side by side').click();
    await expect(diff.getByTestId('side-by-side-diff')).toContainText('"rate_limit": 500');
    await page.screenshot({ path: `${SHOTS}/component-history.png` });
  });

  test('problems: a dangling reference and a config that is not JSON', async ({ page, signIn }) => {
    await signIn('victor');
    await openInPanel(page, 'prod:grafana/ops');
    await expect(panel(page).getByTestId('dependency-list')).toContainText('prod:aurora-postgres/metrics-legacy');
    await expect(panel(page).getByTestId('dependency-list')).toContainText('missing');
    await expect(panel(page).getByTestId('component-problems')).toContainText('datasources[2].aurora_postgres_nickname');

    await page.goto('/components/dev%3As3-bucket%2Fscratch');
    await expect(page.getByTestId('config-document')).toContainText('The config is not valid JSON');
    await expect(page.getByTestId('drift-badge').first()).toHaveText('Invalid');
  });

  test('a viewer cannot propose; a proposer gets the link to a new change request', async ({ page, signIn }) => {
    await signIn('victor');
    await openInPanel(page, 'prod:vpc/main');
    await expect(panel(page).getByTestId('propose-disabled')).toContainText('needs the proposer role');
    await expect(panel(page).getByTestId('propose-change')).toHaveCount(0);

    await signIn('alice');
    await page.reload();
    await expect(panel(page).getByTestId('propose-change')).toHaveAttribute('href', '/changes/new?component=prod%3Avpc%2Fmain');
  });

  test('open change requests touching the component are listed', async ({ page, signIn }) => {
    await signIn('alice');
    const id = 'prod:s3-bucket/media';
    const current = (await (await page.request.get(`/api/components/${encodeURIComponent(id)}`)).json()) as ComponentResponse;
    const config = { ...(current.component.config as Record<string, unknown>), force_destroy: true };
    const created = await page.request.post('/api/changes', {
      data: {
        componentId: id,
        proposedConfig: JSON.stringify(config, null, 2),
        title: 'Allow force destroy of media',
        description: 'e2e',
        baseVersion: current.component.configVersion,
      },
    });
    expect(created.status(), await created.text()).toBe(201);

    await openInPanel(page, id);
    const changes = panel(page).getByTestId('component-changes');
    await expect(changes).toContainText('Allow force destroy of media');
    await expect(changes).toContainText('Open');
    await expect(changes.getByRole('link', { name: 'Allow force destroy of media' })).toHaveAttribute('href', /^\/changes\/[0-9a-f-]{36}$/);
  });
});

test.describe('component page', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn('alice');
  });

  test('shows the component in full and links to its neighbours', async ({ page }) => {
    await page.goto('/components/prod%3Avpc%2Fmain');
    await expect(page.getByRole('heading', { level: 1, name: 'main' })).toBeVisible();
    await expect(page.getByTestId('component-id')).toHaveText('prod:vpc/main');
    await expect(page.getByTestId('config-document')).toContainText('"10.40.0.0/16"');
    await expect(page.getByTestId('dependent-list')).toContainText('prod:ecs-cluster/core');
    await expect(page.getByTestId('dependent-list')).toContainText('vpc_nickname');
    await expect(page.getByTestId('version-history').locator('tr[data-version]')).toHaveCount(3);
    await page.screenshot({ path: `${SHOTS}/component-page.png`, fullPage: true });

    await page.getByRole('link', { name: 'prod:ecs-cluster/core' }).click();
    await expect(page).toHaveURL(/\/components\/prod%3Aecs-cluster%2Fcore$/);
    await expect(page.getByTestId('component-title')).toHaveText('core');

    await page.getByTestId('show-in-graph').click();
    await expect(page).toHaveURL(/focus=prod%3Aecs-cluster%2Fcore|focus=prod:ecs-cluster\/core/);
    await expect(page.getByTestId('component-panel')).toHaveAttribute('data-component-id', 'prod:ecs-cluster/core');
  });

  for (const [label, path] of [
    ['an unknown component', '/components/prod%3Avpc%2Fdoes-not-exist'],
    ['a malformed id', '/components/not-an-id'],
  ]) {
    test(`answers 404 for ${label}`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByTestId('not-found')).toContainText('Nothing here');
      await expect(page.getByTestId('signed-in-user')).toBeVisible();
      await page.getByRole('link', { name: 'Back to the graph' }).click();
      await expect(page.getByTestId('graph-canvas')).toBeVisible();
    });
  }
});
