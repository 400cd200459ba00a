import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { fromGraphPayload, type GraphPayload, type GraphResponse } from '@/lib/model/api';
import { expect, test } from './fixtures';

/**
 * Focus, path and empty views of the graph explorer on the demo estate
 * (fixtures/demo/README.md): a focus follows dependencies forward and
 * dependents backward (siblings on request), the panel's counts agree with
 * the focus view, "Show path to…" lands on a path view, and views that end
 * up empty say why instead of loading forever.
 */

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

const canvas = (page: Page) => page.getByTestId('graph-canvas');

async function rendered(page: Page): Promise<void> {
  await expect(canvas(page)).toHaveAttribute('data-render-state', 'done', { timeout: 30_000 });
}

async function api(page: Page, query: string): Promise<GraphResponse> {
  const response = await page.request.get(`/api/graph${query}`);
  expect(response.ok()).toBe(true);
  return fromGraphPayload((await response.json()) as GraphPayload);
}

/** A drawn element's classes, or null when it is not drawn. */
function classesOf(page: Page, id: string): Promise<string[] | null> {
  return page.evaluate((elementId) => {
    const cy = window.__karmaCy!;
    const element = cy.getElementById(elementId);
    return element.empty() ? null : element.classes();
  }, id);
}

function drawnComponents(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cy = window.__karmaCy!;
    return cy
      .nodes('.component')
      .map((n) => n.id())
      .sort();
  });
}

test.describe('graph focus, paths and empty views', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn('alice');
  });

  test('a focus shows dependencies and dependents, and siblings only when asked', async ({ page }) => {
    const root = 'prod:lambda/order-workers';
    // Shares prod:s3-bucket/artifacts with the root: a sibling, two hops away sideways.
    const sibling = 'prod:lambda/payment-handlers';
    await page.goto(`/?focus=${root}&hops=2`);
    await rendered(page);
    const directed = await api(page, `?focus=${encodeURIComponent(root)}&hops=2`);
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(directed.nodes.length));
    expect(directed.nodes.map((n) => n.id)).not.toContain(sibling);
    expect(await classesOf(page, sibling)).toBeNull();
    // Every component drawn is the root, a dependency or a dependent.
    const dependencies = Number(await page.getByTestId('focus-dependency-count').textContent());
    const dependents = Number(await page.getByTestId('focus-dependent-count').textContent());
    expect(1 + dependencies + dependents).toBe(directed.nodes.length);

    await page.getByTestId('siblings-toggle').check();
    await expect(page).toHaveURL(/siblings=1/);
    const wide = await api(page, `?focus=${encodeURIComponent(root)}&hops=2&siblings=1`);
    expect(wide.nodes.length).toBeGreaterThan(directed.nodes.length);
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(wide.nodes.length));
    await rendered(page);
    const classes = await classesOf(page, sibling);
    expect(classes).not.toBeNull();
    expect(classes!.filter((c) => c.startsWith('focus-'))).toEqual([]);
    await expect(page.getByTestId('focus-sideways-count')).toHaveText(String(wide.nodes.length - directed.nodes.length));
    await page.screenshot({ path: `${SHOTS}/graph-focus-siblings.png` });
    // The sides themselves do not change with siblings.
    await expect(page.getByTestId('focus-dependency-count')).toHaveText(String(dependencies));
    await expect(page.getByTestId('focus-dependent-count')).toHaveText(String(dependents));

    await page.getByTestId('siblings-toggle').uncheck();
    await expect(page).not.toHaveURL(/siblings=/);
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(directed.nodes.length));
  });

  test('the panel’s used-by counts agree with the focus view', async ({ page }) => {
    // prod:kms-key/data: 7 components use it directly, 14 in all (up to 3 references away: Karma's portal through its Neptune cluster).
    const root = 'prod:kms-key/data';
    await page.goto(`/?selected=${root}`);
    await rendered(page);
    const panel = page.getByTestId('component-panel');
    await expect(panel.getByTestId('dependent-reach')).toHaveText('7 directly · 14 in all');
    await expect(panel.getByTestId('dependency-reach')).toHaveText('0');

    await panel.getByTestId('focus-component').click();
    await expect(page).toHaveURL(/focus=prod:kms-key\/data/);
    await page.getByTestId('hops-control').getByText('1', { exact: true }).click();
    await expect(page).toHaveURL(/hops=1/);
    await rendered(page);
    await expect(page.getByTestId('focus-dependent-count')).toHaveText('7');
    await expect(page.getByTestId('focus-dependent-all')).toHaveText('of 14');
    await expect(canvas(page)).toHaveAttribute('data-node-count', '8');

    await page.getByTestId('hops-control').getByText('3', { exact: true }).click();
    await rendered(page);
    await expect(page.getByTestId('focus-dependent-count')).toHaveText('14');
    await expect(canvas(page)).toHaveAttribute('data-node-count', '15');
    await expect(panel.getByTestId('dependent-reach')).toHaveText('7 directly · 14 in all');
  });

  test('“Show path to…” from the panel draws the shortest paths and says what they are', async ({ page }) => {
    const from = 'prod:serverless-api/orders';
    const to = 'prod:kms-key/data';
    await page.goto(`/?selected=${from}`);
    await rendered(page);
    const panel = page.getByTestId('component-panel');
    await panel.getByTestId('show-path').click();
    await panel.getByRole('combobox').fill('kms');
    const option = panel.getByRole('option').filter({ hasText: 'prod · kms-key' });
    await expect(option).toContainText('data');
    await option.click();

    await expect(page).toHaveURL(/path=prod:serverless-api\/orders,prod:kms-key\/data/);
    await expect(page.getByTestId('path-summary')).toHaveText(
      '3 shortest paths, 3 hops: prod:serverless-api/orders → prod:lambda/order-workers → prod:s3-bucket/invoices → prod:kms-key/data',
    );
    await expect(page.getByTestId('path-direction')).toHaveText(`${from} depends on ${to}`);
    await rendered(page);
    const served = await api(page, `?path=${encodeURIComponent(from)},${encodeURIComponent(to)}`);
    const onPaths = [...new Set(served.paths!.paths.flat())].sort();
    expect(onPaths).toHaveLength(7);
    expect(await drawnComponents(page)).toEqual(onPaths);
    for (const id of onPaths) expect(await classesOf(page, id), id).toContain('on-path');
    for (const id of [from, to]) expect(await classesOf(page, id), id).toContain('path-end');
    for (const edge of served.edges) expect(await classesOf(page, edge.id), edge.id).toContain('on-path');
    await page.screenshot({ path: `${SHOTS}/graph-path.png` });
    // The panel stays on the start of the path.
    await expect(panel).toHaveAttribute('data-component-id', from);

    await page.getByRole('button', { name: 'Show the whole graph' }).click();
    await expect(page).not.toHaveURL(/path=/);
    await expect(canvas(page)).toHaveAttribute('data-node-count', '62');
  });

  test('two components with no path between them say so, in the bar and on the canvas', async ({ page }) => {
    await page.goto('/?path=prod:vpc/main,dev:vpc/main');
    const text = 'No dependency path between prod:vpc/main and dev:vpc/main (in either direction)';
    await expect(page.getByTestId('path-summary')).toHaveText(text);
    await expect(page.getByTestId('graph-no-path')).toContainText(text);
    await expect(page.getByTestId('graph-skeleton')).toHaveCount(0);
  });

  test('views that end up empty show their message and no skeleton', async ({ page }) => {
    await page.goto('/?type=vpc&status=orphaned');
    await expect(page.getByTestId('graph-empty')).toContainText('No component matches these filters');
    await expect(page.getByTestId('graph-skeleton')).toHaveCount(0);

    await page.goto('/?focus=prod:vpc/nope');
    await expect(page.getByTestId('graph-missing')).toContainText('No component prod:vpc/nope');
    await expect(page.getByTestId('graph-skeleton')).toHaveCount(0);
    await expect(page.getByTestId('graph-error')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/graph-focus-missing.png` });
    await page.getByTestId('graph-missing').getByRole('button', { name: 'Show the whole graph' }).click();
    await expect(page).not.toHaveURL(/focus=/);
    await rendered(page);
    await expect(canvas(page)).toHaveAttribute('data-node-count', '62');

    await page.goto('/?path=prod:vpc/main,prod:vpc/nope');
    await expect(page.getByTestId('graph-missing')).toContainText('No component prod:vpc/nope');
    await expect(page.getByTestId('graph-skeleton')).toHaveCount(0);
  });
});
