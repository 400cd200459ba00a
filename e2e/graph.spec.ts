import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { GraphResponse, SearchResponse } from '@/lib/model/api';
import { expect, test } from './fixtures';

/**
 * The graph explorer on the demo estate (fixtures/demo/README.md): it draws
 * what /api/graph serves, filters on the server, searches config values,
 * focuses on a neighbourhood, and keeps all of it in the URL.
 */

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

const canvas = (page: Page) => page.getByTestId('graph-canvas');

async function rendered(page: Page): Promise<void> {
  await expect(canvas(page)).toHaveAttribute('data-render-state', 'done', { timeout: 30_000 });
}

/** The node count the API gives for a query, to compare the drawing with. */
async function apiCount(page: Page, query = ''): Promise<number> {
  const response = await page.request.get(`/api/graph${query}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as GraphResponse).nodes.length;
}

type CyProbe = { classes: string[]; x: number; y: number; visible: boolean } | null;

/** A node as drawn (itself, or the group it is folded into): its classes and whether it is inside the visible canvas. */
function probe(page: Page, id: string): Promise<CyProbe> {
  return page.evaluate((nodeId) => {
    const cy = window.__karmaCy!;
    const drawnOf = (cy.scratch('karma-drawn-of') ?? {}) as Record<string, string>;
    const node = cy.getElementById(nodeId).nonempty() ? cy.getElementById(nodeId) : cy.getElementById(drawnOf[nodeId] ?? nodeId);
    if (node.empty()) return null;
    const { x, y } = node.renderedPosition();
    return { classes: node.classes(), x, y, visible: x >= 0 && y >= 0 && x <= cy.width() && y <= cy.height() };
  }, id);
}

function positions(page: Page): Promise<Record<string, { x: number; y: number }>> {
  return page.evaluate(() => {
    const cy = window.__karmaCy!;
    return Object.fromEntries(cy.nodes('.component, .group').map((n) => [n.id(), { x: Math.round(n.position('x')), y: Math.round(n.position('y')) }]));
  });
}

test.describe('graph explorer', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn('alice');
  });

  test('draws the demo graph: one node per component the API serves, with a legend', async ({ page }) => {
    await page.goto('/?group=none');
    await rendered(page);
    const expected = await apiCount(page);
    expect(expected).toBe(62);
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(expected));
    await expect(canvas(page).locator('canvas').first()).toBeVisible();
    const drawn = await page.evaluate(() => window.__karmaCy!.nodes('.component').length);
    expect(drawn).toBe(expected);
    await expect(page.getByTestId('graph-counts')).toContainText('62 components');
    // The dangling reference of prod:grafana/ops is drawn as a ghost node.
    expect((await probe(page, 'prod:aurora-postgres/metrics-legacy'))?.classes).toContain('ghost');
    await expect(page.getByTestId('graph-legend')).toContainText('In sync');
    await page.screenshot({ path: `${SHOTS}/graph.png` });
  });

  test('filters by environment and type on the server', async ({ page }) => {
    await page.goto('/');
    await rendered(page);

    await page.getByTestId('filter-env').getByRole('button').click();
    await page.getByRole('checkbox', { name: 'prod' }).check();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/\?env=prod$/);
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(await apiCount(page, '?env=prod')));
    await expect(canvas(page)).toHaveAttribute('data-node-count', '36');

    await page.getByTestId('filter-type').getByRole('button').click();
    await page.getByRole('checkbox', { name: 'vpc' }).check();
    await page.getByRole('checkbox', { name: 'ecs-cluster' }).check();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/\?env=prod&type=ecs-cluster,vpc$/);
    await expect(canvas(page)).toHaveAttribute('data-node-count', '2');
    await rendered(page);
    expect(await probe(page, 'prod:ecs-cluster/core')).not.toBeNull();
    expect(await probe(page, 'dev:vpc/main')).toBeNull();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(canvas(page)).toHaveAttribute('data-node-count', '62');
  });

  test('says so when nothing matches the filters, and clears them', async ({ page }) => {
    await page.goto('/?type=vpc&status=orphaned');
    await expect(page.getByTestId('graph-empty')).toContainText('No component matches these filters');
    await page.getByRole('button', { name: 'Clear all filters' }).click();
    await rendered(page);
    await expect(canvas(page)).toHaveAttribute('data-node-count', '62');
  });

  test('search finds a config value, highlights and centres the matches; picking a result opens or focuses it', async ({ page }) => {
    await page.goto('/?env=prod');
    await rendered(page);
    await page.getByRole('combobox', { name: 'Search components' }).fill('10.40.0.0/16');
    await expect(page.getByTestId('search-summary')).toHaveText(/^\d+ match(es)?, \d+ in this view/);
    const vpc = page.getByRole('option').filter({ hasText: 'prod · vpc' });
    await expect(vpc).toContainText('config.cidr = 10.40.0.0/16');
    // Typing replaces the history entry instead of adding one per keystroke.
    await expect(page).toHaveURL(/\?env=prod&q=10\.40\.0\.0\/16$/);
    await expect.poll(async () => (await probe(page, 'prod:vpc/main'))?.classes).toContain('match');
    expect((await probe(page, 'prod:kms-key/data'))?.classes).toContain('dimmed');
    await expect.poll(async () => (await probe(page, 'prod:vpc/main'))?.visible).toBe(true);

    await vpc.click();
    await expect(page).toHaveURL(/selected=prod:vpc\/main/);
    await expect(page.getByTestId('component-panel')).toHaveAttribute('data-component-id', 'prod:vpc/main');

    // A name search that matches outside the filtered view offers to focus on it.
    await page.getByRole('combobox', { name: 'Search components' }).fill('sandbox');
    await expect(page.getByRole('option').first()).toContainText('not in view');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/focus=dev:vpc\/sandbox/);
  });

  test('GET /api/search answers matches with the field that matched, and the filter values', async ({ page, playwright }) => {
    const response = await page.request.get('/api/search?q=10.40.0.0%2F16');
    expect(response.ok()).toBe(true);
    const body = (await response.json()) as SearchResponse;
    expect(body.matches).toContainEqual(expect.objectContaining({ id: 'prod:vpc/main', field: 'config.cidr', value: '10.40.0.0/16' }));
    expect(body.facets.envs).toEqual(['dev', 'prod']);
    expect(body.facets.types).toContain('route53-zone');
    // A comma in the text is part of the text, not a list.
    expect((await page.request.get('/api/search?q=a,b')).status()).toBe(200);

    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    const refused = await anonymous.get('/api/search?q=vpc');
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthenticated');
    await anonymous.dispose();
  });

  test('focus shows the n-hop neighbourhood, dependencies and dependents in their own colours', async ({ page }) => {
    const root = 'prod:lambda/order-workers';
    await page.goto(`/?focus=${root}&hops=1`);
    await rendered(page);
    await expect(page.getByTestId('focus-id')).toHaveText(root);
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(await apiCount(page, `?focus=${encodeURIComponent(root)}&hops=1`)));
    expect((await probe(page, root))?.classes).toContain('focus-root');
    expect((await probe(page, 'prod:s3-bucket/artifacts'))?.classes).toContain('focus-dependency');
    expect((await probe(page, 'prod:serverless-api/orders'))?.classes).toContain('focus-dependent');
    const oneHop = Number(await canvas(page).getAttribute('data-node-count'));

    await page.getByTestId('hops-control').getByText('3', { exact: true }).click();
    await expect(page).toHaveURL(/hops=3/);
    await rendered(page);
    const threeHops = await apiCount(page, `?focus=${encodeURIComponent(root)}&hops=3`);
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(threeHops));
    expect(threeHops).toBeGreaterThan(oneHop);
    await page.screenshot({ path: `${SHOTS}/graph-focus.png` });

    await page.getByRole('button', { name: 'Show the whole graph' }).click();
    await expect(page).not.toHaveURL(/focus=/);
    await expect(canvas(page)).toHaveAttribute('data-node-count', '62');
  });

  test('focusing from the panel and by double-click', async ({ page }) => {
    // Ungrouped, so the cluster is a node of its own to double-click.
    await page.goto('/?group=none&selected=prod:vpc/main');
    await rendered(page);
    await page.getByTestId('focus-component').click();
    await expect(page).toHaveURL(/focus=prod:vpc\/main/);
    await expect.poll(() => page.evaluate(() => window.__karmaCy!.getElementById('prod:vpc/main').hasClass('focus-root'))).toBe(true);
    await page.evaluate(() => window.__karmaCy!.getElementById('prod:ecs-cluster/core').emit('dbltap'));
    await expect(page).toHaveURL(/focus=prod:ecs-cluster\/core/);
  });

  test('the URL restores the view on reload and walks back and forward', async ({ page }) => {
    // Ungrouped, so dev's two vpcs are drawn (and clicked) one by one.
    await page.goto('/?group=none');
    await rendered(page);
    await page.getByTestId('filter-env').getByRole('button').click();
    await page.getByRole('checkbox', { name: 'dev' }).check();
    await page.keyboard.press('Escape');
    await expect(canvas(page)).toHaveAttribute('data-node-count', '26');
    await rendered(page);
    await page.evaluate(() => window.__karmaCy!.getElementById('dev:vpc/main').emit('tap'));
    await expect(page).toHaveURL(/\?env=dev&group=none&selected=dev:vpc\/main$/);
    await page.getByTestId('layout-control').getByText('Force').click();
    await expect(page).toHaveURL(/layout=force/);
    await expect(canvas(page)).toHaveAttribute('data-layout', 'cose');

    await page.reload();
    await rendered(page);
    await expect(canvas(page)).toHaveAttribute('data-node-count', '26');
    await expect(canvas(page)).toHaveAttribute('data-layout', 'cose');
    await expect(page.getByTestId('component-panel')).toHaveAttribute('data-component-id', 'dev:vpc/main');
    await expect(page.getByTestId('filter-env')).toContainText('dev');

    await page.goBack(); // layout back to layered
    await expect(canvas(page)).toHaveAttribute('data-layout', 'elk');
    await page.goBack(); // panel closed
    await expect(page.getByTestId('component-panel')).toHaveCount(0);
    await page.goBack(); // no filter
    await expect(canvas(page)).toHaveAttribute('data-node-count', '62');
    await page.goForward();
    await expect(canvas(page)).toHaveAttribute('data-node-count', '26');
    await expect(page).toHaveURL(/\?env=dev&group=none$/);
  });

  test('the same graph gets the same picture on every load', async ({ page }) => {
    for (const layout of ['', '?layout=force']) {
      await page.goto(`/${layout}`);
      await rendered(page);
      const first = await positions(page);
      await page.reload();
      await rendered(page);
      expect(await positions(page)).toEqual(first);
    }
  });

  test('Escape closes the panel', async ({ page }) => {
    await page.goto('/?selected=prod:vpc/main');
    await rendered(page);
    await expect(page.getByTestId('component-panel')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('component-panel')).toHaveCount(0);
    await expect(page).toHaveURL(/\/$/);
  });

  test('exports the view as PNG and as JSON of what is shown', async ({ page }) => {
    await page.goto('/?env=prod&type=vpc,ecs-cluster');
    await rendered(page);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
    expect(json.suggestedFilename()).toMatch(/^karma-graph-.*\.json$/);
    const body = JSON.parse(await streamText(await json.createReadStream()));
    expect(body.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['prod:ecs-cluster/core', 'prod:vpc/main']);
    expect(body.edges).toHaveLength(1);
    expect(Object.keys(body.positions).sort()).toEqual(['prod:ecs-cluster/core', 'prod:vpc/main']);
    expect(body.view).toContain('env=prod');

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = Buffer.from(await streamText(await png.createReadStream(), 'latin1'), 'latin1');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  test('a graph store that answers slowly shows the skeleton first', async ({ page }) => {
    await page.route('**/api/graph', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await page.goto('/');
    await expect(page.getByTestId('graph-explorer').getByTestId('graph-skeleton')).toBeVisible();
    await rendered(page);
  });

  test('an unreachable graph store is explained with the health report', async ({ page }) => {
    await page.route('**/api/graph', (route) =>
      route.fulfill({ status: 503, json: { error: { code: 'unavailable', message: 'The graph store is unreachable: connect ECONNREFUSED' } } }),
    );
    await page.goto('/');
    await expect(page.getByTestId('graph-error')).toContainText('The graph store is unreachable');
    await expect(page.getByTestId('health-details')).toContainText('Graph store memory');
  });

  test('a stale graph says from when it is', async ({ page }) => {
    await page.route('**/api/graph', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as GraphResponse;
      await route.fulfill({ response, json: { ...body, stale: true, syncedAt: '2026-11-19T14:05:00.000Z' } });
    });
    await page.goto('/');
    await expect(page.getByTestId('stale-banner')).toContainText('Showing the last good graph from 2026-11-19 14:05 UTC');
    await rendered(page);
  });
});

async function streamText(stream: NodeJS.ReadableStream, encoding: BufferEncoding = 'utf8'): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString(encoding);
}
