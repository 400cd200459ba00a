import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { describeReport } from '@/components/sync/sync-text';
import type { SyncReportDetails, SyncStatusResponse } from '@/lib/model/sync';
import { expect, test } from './fixtures';

/**
 * The admins' "Sync now" in the header: it syncs a change made outside
 * Karma, shows the sync under way and then what it did, and the page shows
 * the change without a reload. Nobody else sees it, and the server refuses
 * their POST anyway.
 */

/** Where scripts/e2e-server.mjs keeps the demo server's data. */
const dataDir = path.resolve('.cache', `e2e-data-${process.env.E2E_PORT ?? 3100}`);
const CERTIFICATE = 'dev:acm-certificate/wildcard';
const RUNTIME = '/iac/acm-certificate/wildcard/runtime';

/** A new version of a parameter, written to the embedded store as Terraform would write SSM: the portal hears nothing of it. */
function putParameterOutsideKarma(env: string, name: string, value: unknown): { version: number } {
  const out = execFileSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', path.resolve('e2e/support/put-parameter.ts'), dataDir, env, name, JSON.stringify(value)],
    {
      encoding: 'utf8',
      env: { ...process.env, TSX_TSCONFIG_PATH: path.resolve('tsconfig.json') },
    },
  );
  return JSON.parse(out) as { version: number };
}

const syncButton = (page: Page) => page.getByRole('button', { name: /^(Sync now|Syncing…)$/ });

test.describe('Sync now', () => {
  test('an admin syncs a change made outside Karma, sees the sync under way and what it did, and the page shows the change', async ({ page, signIn }) => {
    await signIn('dana');
    const id = encodeURIComponent(CERTIFICATE);
    await page.goto(`/components/${id}`);
    const component = (await (await page.request.get(`/api/components/${id}`)).json()) as { component: { runtime: Record<string, unknown>; runtimeVersion: number } };
    const before = component.component.runtimeVersion;
    await expect(page.getByTestId('component-parameters')).toContainText(`v${before} ·`);

    const { version } = putParameterOutsideKarma('dev', RUNTIME, { ...component.component.runtime, renewal_eligibility: 'ELIGIBLE' });
    expect(version).toBe(before + 1);

    // The POST is held in the browser until the test has seen the button busy, so the sync under way is seen whatever its speed.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/graph/sync', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/graph/sync') && r.request().method() === 'POST');

    await syncButton(page).click();
    await expect(syncButton(page)).toBeDisabled();
    await expect(syncButton(page)).toHaveText('Syncing…');
    await expect(page.getByRole('status').filter({ hasText: /Starting the sync…|Reading parameters|Building the graph|Writing the graph/ })).toBeVisible();
    release();

    const response = await answered;
    expect(response.status()).toBe(200);
    const report = (await response.json()) as SyncReportDetails;
    expect(report).toMatchObject({ ok: true, trigger: 'manual', delegatedTo: null });
    expect(report.written).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('sync-status')).toHaveText(describeReport(report));
    expect(describeReport(report)).toMatch(/^Synced: \d+ components, \d+ written, in \d+(\.\d)? s$/);
    await expect(syncButton(page)).toHaveText('Sync now');
    await expect(syncButton(page)).toBeEnabled();

    // The component's queries were read again: the new runtime shows without a reload.
    await expect(page.getByTestId('component-parameters')).toContainText(`v${before + 1} ·`);
    await expect(page.getByTestId('runtime-document')).toContainText('ELIGIBLE');

    const status = (await (await page.request.get('/api/graph/sync')).json()) as SyncStatusResponse;
    expect(status.progress).toMatchObject({ phase: 'done', trigger: 'manual', components: report.components, isDelegated: false, error: null });
    expect(status.lastReport).toMatchObject({ trigger: 'manual', ok: true, written: report.written });
    // The demo syncs in the background only when asked to.
    expect(status.background).toEqual({ intervalSeconds: 0, nextAt: null });
  });

  for (const username of ['victor', 'bob'] as const) {
    test(`${username} sees no sync button, and the server refuses their sync`, async ({ page, signIn }) => {
      await signIn(username);
      await page.goto('/');
      await expect(page.getByTestId('signed-in-role')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Sync now' })).toHaveCount(0);

      const refused = await page.request.post('/api/graph/sync', { headers: { 'content-type': 'application/json' }, failOnStatusCode: false });
      expect(refused.status()).toBe(403);
      expect((await refused.json()).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('admin') });

      // They may watch a sync, without the admins' details.
      const status = (await (await page.request.get('/api/graph/sync')).json()) as SyncStatusResponse;
      expect(status.lastReport).toBeNull();
      expect(status.progress === null || !('leaseHolder' in status.progress)).toBe(true);
    });
  }
});
