import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { editorText, openForm, setEditorText } from './proposal-editor';

/** First-day defects (issue 12, points 9 and 10) as a newcomer meets them in the demo. */

const VPC = 'prod:vpc/main';
const row = (page: Page, id: string) => page.locator(`[data-testid="drift-row"][data-id="${id}"]`);

test.describe('a proposal that is not a config', () => {
  test('broken JSON shows its errors and no verdict: no risk, no blast radius, no field changes', async ({ page, signIn }) => {
    await signIn('alice');
    await openForm(page, `/changes/new?component=${encodeURIComponent(VPC)}`);
    const current = await editorText(page);
    await setEditorText(page, '{\n  "cidr": "10.40.0.0/16",\n');
    await page.getByRole('button', { name: 'Simulate' }).click();

    const report = page.getByTestId('impact-report');
    await expect(report).toHaveAttribute('data-document', 'none');
    await expect(report.getByTestId('validation-errors').locator('li[data-code="json_syntax"]')).toContainText('Line 3');
    await expect(report.getByTestId('no-verdict')).toBeVisible();
    await expect(report.getByTestId('risk-badge')).toHaveCount(0);
    await expect(report.getByTestId('blast-radius-section')).toHaveCount(0);
    await expect(report).not.toContainText('Field changes');
    await expect(report).not.toContainText('High risk');
    await expect(page.getByRole('button', { name: 'Submit for review' })).toBeDisabled();
    await page.screenshot({ path: 'test-results/screenshots/proposal-not-json.png', fullPage: true });

    // A JSON object that fails its schema is no config either: its errors, still no verdict of a guess.
    await setEditorText(page, '{\n  "cidr": "10.41.0.0/16"\n}');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect(report).toHaveAttribute('data-document', 'none');
    await expect(report.getByTestId('validation-errors').locator('li[data-code="schema"]').first()).toBeVisible();
    await expect(report.getByTestId('risk-badge')).toHaveCount(0);
    await expect(report.getByTestId('blast-radius-section')).toHaveCount(0);

    // The same proposal, once it is a valid config, gets its verdict back: the ECS services that read the subnets must redeploy.
    await setEditorText(page, current.replace('10.40.0.0/16', '10.41.0.0/16'));
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect(report).toHaveAttribute('data-document', 'config');
    await expect(report.getByTestId('risk-badge')).toHaveAttribute('data-level', 'high');
    await expect(report.getByTestId('blast-radius-section')).toBeVisible();
    await expect(report.locator('[data-testid="consequence"][data-component-id="prod:ecs-service/storefront"]')).toHaveAttribute('data-verdict', 'must_redeploy');
    await expect(report.locator('[data-testid="consequence"][data-component-id="prod:clickhouse/analytics"]')).toHaveAttribute('data-verdict', 'stale_copy');
  });
});

test.describe('drift since', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn('victor');
  });

  test('pending is since the first version not deployed; unpublished rows say since when and who', async ({ page }) => {
    await page.goto('/drift');
    // prod:serverless-api/orders: v3 deployed, v4 (alice, 2026-10-28) and v5 (bob, 2026-11-16) are not.
    const orders = row(page, 'prod:serverless-api/orders');
    await expect(orders.locator('time')).toHaveAttribute('dateTime', '2026-10-28T16:40:00.000Z');
    await expect(orders.locator('td').nth(4)).toHaveText('alice@example.com');
    // The demo's config repo commits both Git-only edits last (jane.doe, 2026-11-24), after SSM's last publish of either.
    for (const id of ['prod:ecs-service/storefront', 'dev:serverless-site/www']) {
      await expect(row(page, id).locator('[data-status]'), id).toHaveAttribute('data-status', 'unpublished');
      await expect(row(page, id).locator('time'), id).toHaveAttribute('dateTime', '2026-11-24T15:30:00.000Z');
      await expect(row(page, id).locator('td').nth(4), id).toHaveText('jane.doe@example.com');
    }

    const detail = await (await page.request.get(`/api/drift/${encodeURIComponent('prod:serverless-api/orders')}`)).json();
    expect(detail).toMatchObject({ since: '2026-10-28T16:40:00.000Z', changedBy: 'alice@example.com' });
  });

  test('the list does not prefetch every row’s page', async ({ page }) => {
    const prefetched: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/drift/')) prefetched.push(request.url());
    });
    await page.goto('/drift');
    await expect(row(page, 'prod:serverless-api/orders')).toBeVisible();
    expect(await page.getByTestId('drift-row').count()).toBeGreaterThan(40);
    // Every row scrolled past, and one hovered: none of their pages is fetched before it is opened.
    await page.mouse.wheel(0, 5000);
    await row(page, 'prod:serverless-api/orders').getByRole('link').hover();
    await page.waitForLoadState('networkidle');
    expect(prefetched).toEqual([]);
  });
});

/** Whether the text inside `cell` stays inside it (its right edge not past the cell's). */
async function textOverflow(cell: Locator): Promise<number> {
  return cell.evaluate((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const text = range.getBoundingClientRect();
    const box = td.getBoundingClientRect();
    return text.right - box.right;
  });
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
]) {
  test(`the mirrored-fields table keeps each key clear of its value at ${viewport.width}×${viewport.height}`, async ({ page, signIn }) => {
    await page.setViewportSize(viewport);
    await signIn('victor');
    await page.goto('/drift/dev%3Asqs-queue%2Forder-events');
    const field = page.locator('[data-testid="mirrored-field"][data-field="visibility_timeout_seconds"]');
    await expect(field).toHaveAttribute('data-agrees', 'false');

    for (const [keyId, valueId] of [
      ['mirrored-field-key', 'mirrored-field-desired'],
      ['mirrored-field-output', 'mirrored-field-actual'],
    ]) {
      const key = field.getByTestId(keyId);
      const value = field.getByTestId(valueId);
      await expect(key).toContainText('visibility_timeout_seconds');
      expect(await textOverflow(key), `${keyId} text past its cell`).toBeLessThanOrEqual(0);
      const [keyBox, valueBox] = [await key.boundingBox(), await value.boundingBox()];
      expect(keyBox!.x + keyBox!.width, `${keyId} runs into ${valueId}`).toBeLessThanOrEqual(valueBox!.x + 0.5);
      // The value's own text starts inside its cell, after the key's text has ended.
      const keyTextRight = await key.evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return range.getBoundingClientRect().right;
      });
      const valueTextLeft = await value.evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return range.getBoundingClientRect().left;
      });
      expect(keyTextRight).toBeLessThan(valueTextLeft);
    }
    await page.screenshot({ path: `test-results/screenshots/mirrored-fields-${viewport.width}.png`, fullPage: true });
  });
}
