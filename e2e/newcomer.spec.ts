import type { ConsoleMessage, Page, Response } from '@playwright/test';
import { expect, test } from './fixtures';
import { editorText, openForm, setEditorText } from './proposal-editor';

/**
 * What a newcomer sees in the first minutes besides the graph: no 404 for
 * the favicon on every load, and no console warnings from the pages that
 * draw a small impact graph (cytoscape warns about a custom wheel
 * sensitivity).
 */

/** A component no other spec changes. */
const LAMBDA = 'dev:lambda/payment-handlers';

function watch(page: Page): { notFound: string[]; warnings: string[] } {
  const seen = { notFound: [] as string[], warnings: [] as string[] };
  page.on('response', (response: Response) => {
    if (response.status() === 404) seen.notFound.push(response.url());
  });
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'warning' || message.type() === 'error') seen.warnings.push(message.text());
  });
  return seen;
}

test('the favicon is served, and the graph page loads without a single 404', async ({ page, signIn }) => {
  await signIn('alice');
  const icon = await page.context().request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await icon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));

  const seen = watch(page);
  await page.goto('/');
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-render-state', 'done');
  expect(seen.notFound).toEqual([]);
});

test('the proposal and review pages draw their impact graph without console warnings', async ({ page, signIn }) => {
  await signIn('alice');
  const seen = watch(page);
  await openForm(page, `/changes/new?component=${encodeURIComponent(LAMBDA)}`);
  const current = JSON.parse(await editorText(page)) as Record<string, unknown>;
  await setEditorText(page, JSON.stringify({ ...current, log_retention_days: 14 }, null, 2));
  await page.getByRole('button', { name: 'Simulate' }).click();
  await expect(page.locator('[data-testid="impact-graph"] canvas').first()).toBeVisible();
  await page.getByLabel('Title').fill(`Keep payment handler logs for 14 days ${Date.now()}`);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByTestId('change-status')).toHaveText('Open');
  await page.reload();
  await expect(page.locator('[data-testid="impact-graph"] canvas').first()).toBeVisible();
  expect(seen.warnings.filter((text) => /wheel|sensitivity/i.test(text))).toEqual([]);
  expect(seen.warnings).toEqual([]);
});
