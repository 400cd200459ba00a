import type { Page } from '@playwright/test';
import { DEMO_DRIFT_CASES } from '@/lib/testing/demo-drift-cases';
import { expect, test } from './fixtures';

const row = (page: Page, id: string) => page.locator(`[data-testid="drift-row"][data-id="${id}"]`);
const rows = (page: Page) => page.getByTestId('drift-row');

test.describe('drift page', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn('victor');
  });

  test('shows every demo drift case with its status, and the counts per status', async ({ page }) => {
    await page.goto('/drift');
    await expect(page.getByRole('heading', { name: 'Drift', level: 1 })).toBeVisible();
    for (const [id, status] of DEMO_DRIFT_CASES) {
      await expect(row(page, id).locator('[data-status]'), id).toHaveAttribute('data-status', status);
    }
    await expect(page.getByTestId('drift-headline')).toHaveText(/^12 components drifted, 50 in sync\./);
    for (const status of ['pending', 'mismatch', 'not_deployed', 'orphaned', 'invalid', 'unpublished']) {
      await expect(page.getByTestId(`drift-count-${status}`)).toContainText('2');
    }
    await expect(row(page, 'prod:aurora-postgres/orders')).toContainText('engine_version is "16.2" in the deployed config v3 but engine_version_actual is "16.4"');
    await expect(row(page, 'prod:serverless-api/orders')).toContainText('bob@example.com');
  });

  test('filters by status, environment and type, keeping the filters in the URL', async ({ page }) => {
    await page.goto('/drift');
    await page.getByTestId('drift-count-pending').click();
    await expect(page).toHaveURL(/\/drift\?status=pending$/);
    await expect(rows(page)).toHaveCount(2);
    await expect(row(page, 'prod:serverless-api/orders')).toBeVisible();

    await page.getByTestId('drift-env-dev').click();
    await expect(page).toHaveURL(/status=pending&env=dev/);
    await expect(rows(page)).toHaveCount(1);
    await expect(row(page, 'dev:ecs-service/storefront')).toBeVisible();

    // A shared or reloaded link shows the same view.
    await page.reload();
    await expect(rows(page)).toHaveCount(1);
    await expect(page.getByTestId('drift-count-pending')).toHaveAttribute('aria-pressed', 'true');

    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect(page).toHaveURL(/\/drift$/);
    await page.getByTestId('drift-type-filter').selectOption('vpc');
    await expect(rows(page)).toHaveCount(3);
    await expect(row(page, 'dev:vpc/sandbox').locator('[data-status]')).toHaveAttribute('data-status', 'invalid');

    await page.goto('/drift?env=prod&status=invalid');
    await expect(page.getByTestId('drift-empty')).toContainText('No component matches these filters.');
  });

  test('sorts by a column, newest first for times', async ({ page }) => {
    await page.goto('/drift');
    await page.getByRole('button', { name: /^Since/ }).click();
    await expect(page).toHaveURL(/sort=since&dir=desc/);
    await expect(page.locator('th[aria-sort="descending"]')).toContainText('Since');
    // Newest first: the demo config repo's last commit (2026-11-24, both unpublished files; ties by id), then SSM's newest change.
    await expect(rows(page).nth(0)).toHaveAttribute('data-id', 'dev:serverless-site/www');
    await expect(rows(page).nth(1)).toHaveAttribute('data-id', 'prod:ecs-service/storefront');
    await expect(rows(page).nth(2)).toHaveAttribute('data-id', 'prod:sqs-queue/search-indexing');
  });

  test('the detail shows the differing field, desired against actual, and links to the graph', async ({ page }) => {
    await page.goto('/drift');
    await row(page, 'prod:aurora-postgres/orders').getByRole('link').click();
    await expect(page).toHaveURL('/drift/prod%3Aaurora-postgres%2Forders');
    const field = page.locator('[data-testid="mirrored-field"][data-field="engine_version"]');
    await expect(field).toHaveAttribute('data-agrees', 'false');
    await expect(field).toContainText('"16.2"');
    await expect(field).toContainText('engine_version_actual');
    await expect(field).toContainText('"16.4"');
    await expect(page.getByTestId('lineage-deployed')).toHaveText('v3');
    await expect(page.getByRole('link', { name: 'Component page' })).toHaveAttribute('href', '/components/prod%3Aaurora-postgres%2Forders');

    await page.getByRole('link', { name: 'Open in graph' }).click();
    await expect(page).toHaveURL('/?focus=prod%3Aaurora-postgres%2Forders');
  });

  test('the detail of a pending component lists the versions in between and the deployed-against-current diff', async ({ page }) => {
    await page.goto('/drift/prod%3Aserverless-api%2Forders');
    await expect(page.getByTestId('lineage-deployed')).toHaveText('v3');
    await expect(page.getByTestId('lineage-current')).toHaveText('v5');
    await expect(page.getByTestId('lineage-between')).toHaveText('v4, v5');
    await expect(page.locator('[data-testid="lineage-config-version"][data-version="4"]')).toContainText('alice@example.com');
    await expect(page.locator('[data-testid="lineage-config-version"][data-version="5"]')).toContainText('bob@example.com');
    const changes = page.getByTestId('config-changes');
    await expect(changes.locator('tr[data-path="access_log_retention_days"]')).toContainText('30');
    await expect(changes.locator('tr[data-path="access_log_retention_days"]')).toContainText('90');
    await page.getByText('Both documents side by side').click();
    await expect(page.getByTestId('side-by-side-diff').locator('tr[data-kind="changed"]').first()).toBeVisible();
  });

  test('a config that is not JSON is compared line by line with the deployed version', async ({ page }) => {
    await page.goto('/drift/dev%3As3-bucket%2Fscratch');
    await expect(page.getByTestId('drift-reasons')).toContainText('Config v2 (2026-11-05 16:27 UTC, PlatformEngineer/jane.doe) is not valid JSON: line 8, column 125');
    await expect(page.getByTestId('side-by-side-diff')).toBeVisible();
    await expect(page.locator('[data-testid="lineage-config-version"][data-version="2"]')).toContainText('not JSON');
  });

  test('says clearly when the graph store is unreachable', async ({ page }) => {
    await page.route('**/api/drift**', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'The graph store did not answer' } }) }),
    );
    await page.goto('/drift');
    // Next's route announcer is an (empty) alert too; ours is the one with text.
    await expect(page.getByRole('alert').filter({ hasText: 'The graph store is unreachable' })).toContainText('The graph store did not answer');
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  test('an unknown component is a 404 page with the way back', async ({ page }) => {
    const response = await page.goto('/drift/prod%3Avpc%2Fnope');
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Back to the graph' })).toBeVisible();
  });
});

test.describe('drift API', () => {
  test('needs a session', async ({ page }) => {
    const response = await page.request.get('/api/drift');
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe('unauthenticated');
  });

  test('answers the filtered list and the detail; 404 unknown, 400 malformed, 422 bad filter', async ({ page, signIn }) => {
    await signIn('victor');
    const list = await page.request.get('/api/drift?env=prod&status=mismatch');
    expect(list.status()).toBe(200);
    const body = await list.json();
    expect(body.rows.map((r: { id: string }) => r.id)).toEqual(['prod:aurora-postgres/orders']);
    expect(body.counts.byEnv).toEqual({ dev: 1, prod: 1 });

    const detail = await page.request.get('/api/drift/dev%3Asqs-queue%2Forder-events');
    expect(detail.status()).toBe(200);
    expect((await detail.json()).differences).toEqual([{ path: 'visibility_timeout_seconds', runtimePath: 'visibility_timeout_seconds', desired: 180, actual: 30 }]);

    const cases: Array<[string, number, string]> = [
      ['/api/drift/prod%3Avpc%2Fnope', 404, 'not_found'],
      ['/api/drift/not-an-id', 400, 'bad_request'],
      ['/api/drift?status=drifting', 422, 'validation_failed'],
      ['/api/drift?colour=red', 422, 'validation_failed'],
    ];
    for (const [url, status, code] of cases) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(status);
      expect((await response.json()).error.code, url).toBe(code);
    }
  });
});
