import { mkdirSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { fromGraphPayload, type DriftListAsOf, type GraphPayload, type GraphResponse, type HistoryResponse } from '@/lib/model/api';
import { expect, test } from './fixtures';

/**
 * Time travel on the demo estate (fixtures/demo/parameters: dated histories
 * from 2026-06 to 2026-11, backfilled into the embedded store's history at
 * start). prod:serverless-api/orders was at config v1 on 2026-07-01 and
 * gained `payments_api_nickname` (a reference to prod:serverless-api/payments,
 * which existed already) in v2 on 2026-07-22; it is at v5 now. The explorer
 * and the drift page as of 2026-07-01 show that past, read only; compared
 * with now, the change is drawn and listed. The browser runs in Berlin's
 * time zone: the pickers show local time, the URL holds UTC.
 */

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

const ORDERS = 'prod:serverless-api/orders';
const PAYMENTS = 'prod:serverless-api/payments';
const WORKERS = 'prod:lambda/order-workers';
const ADDED_EDGE = `${ORDERS}->${PAYMENTS}#payments_api_nickname`;
const KEPT_EDGE = `${ORDERS}->${WORKERS}#lambda_nickname`;
// order-workers' pdf-export function went in v2 (2026-08-12), and with it its reference to the artifacts bucket.
const REMOVED_EDGE = `${WORKERS}->prod:s3-bucket/artifacts#functions.pdf-export.src_nickname`;
const BEFORE = '2026-07-01T00:00:00Z';
// grafana/ops was first published on 2026-07-03.
const LATER = 'prod:grafana/ops';

test.use({ timezoneId: 'Europe/Berlin' });

const canvas = (page: Page) => page.getByTestId('graph-canvas');

async function rendered(page: Page): Promise<void> {
  await expect(canvas(page)).toHaveAttribute('data-render-state', 'done', { timeout: 30_000 });
}

async function graphApi(request: APIRequestContext, query: string): Promise<GraphResponse> {
  const response = await request.get(`/api/graph${query}`);
  expect(response.status(), query).toBe(200);
  return fromGraphPayload((await response.json()) as GraphPayload);
}

/** A drawn element's classes, or null when it is not drawn. */
function classesOf(page: Page, id: string): Promise<string[] | null> {
  return page.evaluate((elementId) => {
    const element = window.__karmaCy!.getElementById(elementId);
    return element.empty() ? null : element.classes();
  }, id);
}

/** `at=` as the address bar has it (`:` kept readable). */
function atInUrl(page: Page): string | null {
  return new URL(page.url()).searchParams.get('at');
}

test.describe('time travel', () => {
  test.beforeEach(async ({ signIn, page }) => {
    await signIn('alice');
    // The demo's history worker reads the fixtures' histories at start, unpaced: the past is whole once nothing is pending.
    await expect
      .poll(
        async () => {
          const { state } = (await (await page.request.get('/api/history')).json()) as HistoryResponse;
          return state.versions > 0 && state.pendingComponents === 0;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
  });

  test('the explorer as of a date before a change shows the old version and edges, read only', async ({ page }) => {
    const past = await graphApi(page.request, `?focus=${ORDERS}&hops=1&at=${BEFORE}`);
    const now = await graphApi(page.request, `?focus=${ORDERS}&hops=1`);
    expect(past.asOf).toBe('2026-07-01T00:00:00.000Z');
    expect(now.asOf).toBeNull();
    expect(past.nodes.find((n) => n.id === ORDERS)).toMatchObject({ configVersion: 1, runtimeVersion: 1 });
    expect(past.edges.map((e) => e.id)).toContain(KEPT_EDGE);
    expect(past.edges.map((e) => e.id)).not.toContain(ADDED_EDGE);
    expect(now.edges.map((e) => e.id)).toContain(ADDED_EDGE);

    await page.goto(`/?focus=${ORDERS}&hops=1&at=${BEFORE}&selected=${ORDERS}`);
    await rendered(page);
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(past.nodes.length));
    const banner = page.getByTestId('past-banner');
    await expect(banner).toContainText('Viewing the past: Jul 1, 2026, 2:00 AM GMT+2 — read only');
    await expect(banner.getByTestId('back-to-now')).toBeVisible();
    // The old edges are drawn, the reference made later is not.
    expect(await classesOf(page, KEPT_EDGE)).not.toBeNull();
    expect(await classesOf(page, ADDED_EDGE)).toBeNull();
    expect(await classesOf(page, PAYMENTS)).toBeNull();
    // The panel is the past's: the version then, and nothing that proposes or edits.
    const panel = page.getByTestId('past-panel');
    await expect(panel.getByTestId('past-config-version')).toHaveText('version 1');
    await expect(panel.getByTestId('past-runtime-version')).toHaveText('version 1');
    await expect(panel.getByTestId('past-dependencies')).toContainText(WORKERS);
    await expect(panel.getByTestId('past-dependencies')).not.toContainText(PAYMENTS);
    await expect(page.getByTestId('component-panel')).toHaveCount(0);
    await expect(page.getByTestId('propose-change')).toHaveCount(0);
    // The picker shows Berlin's time for the UTC moment in the URL.
    await expect(page.getByTestId('time-at')).toHaveValue('2026-07-01T02:00');
    await page.screenshot({ path: `${SHOTS}/time-travel-past.png` });

    // Back to now: the live panel (which proposes) and the newer reference.
    await banner.getByTestId('back-to-now').click();
    await expect(page).not.toHaveURL(/at=/);
    await expect(page.getByTestId('past-banner')).toHaveCount(0);
    await rendered(page);
    await expect(page.getByTestId('component-panel')).toBeVisible();
    await expect(page.getByTestId('propose-change')).toBeVisible();
    await expect.poll(() => classesOf(page, ADDED_EDGE)).not.toBeNull();
  });

  test('compared with now, the change is drawn and listed, and an entry focuses its component', async ({ page }) => {
    await page.goto(`/?focus=${ORDERS}&hops=1&at=${BEFORE}`);
    await rendered(page);
    await page.getByTestId('compare-with-now').click();
    await expect(page).toHaveURL(/compare=2026-07-01T00:00:00Z/);
    expect(atInUrl(page)).toBeNull();
    await expect(page.getByTestId('compare-banner')).toContainText('Comparing Jul 1, 2026, 2:00 AM GMT+2 with now');
    await rendered(page);

    const compared = await graphApi(page.request, `?compare=${BEFORE}`);
    expect(compared.diff?.before).toBe('2026-07-01T00:00:00.000Z');
    expect(compared.diff?.after).toBeNull();
    const change = compared.diff!.changed.find((c) => c.id === ORDERS)!;
    expect(change.config).toMatchObject({ before: 1, after: 5 });
    expect(change.config!.fields.map((f) => f.path)).toContain('payments_api_nickname');
    expect(compared.diff!.edgesAdded.map((e) => e.id)).toContain(ADDED_EDGE);
    expect(compared.diff!.edgesRemoved.map((e) => e.id)).toContain(REMOVED_EDGE);
    expect(compared.diff!.added).toContain(LATER);

    // Drawn: the changed component amber, the new reference green.
    await expect.poll(() => classesOf(page, ORDERS)).toContain('diff-changed');
    expect(await classesOf(page, ADDED_EDGE)).toContain('diff-added');
    expect(await classesOf(page, PAYMENTS)).not.toBeNull();

    // Listed: the whole view's changes, with versions and fields, whatever the focus.
    const list = page.getByTestId('diff-panel');
    const entry = list.locator(`[data-testid="diff-changed"][data-component-id="${ORDERS}"]`);
    await expect(entry).toContainText('config v1 → v5');
    await expect(entry).toContainText('payments_api_nickname');
    await expect(list.locator(`[data-testid="diff-added"][data-component-id="${LATER}"]`)).toBeVisible();
    await expect(list.locator(`[data-testid="diff-edge-added"][data-edge-id="${ADDED_EDGE}"]`)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/time-travel-compare.png` });

    // An entry focuses its component: the removed reference's holder, drawn with the reference dashed red.
    await list.locator(`[data-testid="diff-edge-removed"][data-edge-id="${REMOVED_EDGE}"]`).click();
    await expect(page).toHaveURL(new RegExp(`focus=${WORKERS}`));
    await expect(page).toHaveURL(/compare=2026-07-01T00:00:00Z/);
    await rendered(page);
    await expect.poll(() => classesOf(page, REMOVED_EDGE)).toContain('diff-removed');
    await expect(list.locator(`[data-testid="diff-changed"][data-component-id="${ORDERS}"]`)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/time-travel-compare-focus.png` });
  });

  test('the slider moves between change moments by keyboard, and the picker takes local time', async ({ page }) => {
    const { moments } = (await (await page.request.get('/api/history')).json()) as HistoryResponse;
    expect(moments.length).toBeGreaterThan(10);
    const position = moments.reduce((last, m, i) => (Date.parse(m.at) <= Date.parse(BEFORE) ? i : last), 0);
    const stop = (i: number) => moments[i].at.replace('.000Z', 'Z');

    await page.goto(`/?at=${BEFORE}`);
    await rendered(page);
    const slider = page.getByTestId('time-slider');
    await expect(slider).toHaveAttribute('max', String(moments.length));
    await expect(slider).toHaveValue(String(position));
    // Each stop is labelled with its date (and what changed then).
    await expect(slider).toHaveAttribute('aria-valuetext', /^[A-Z][a-z]{2} \d{1,2}, 2026, \d{1,2}:\d{2}\s[AP]M GMT\+[12] · /);

    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => atInUrl(page)).toBe(stop(position + 1));
    await expect(page.getByTestId('past-banner')).toBeVisible();
    await page.keyboard.press('Home');
    await expect.poll(() => atInUrl(page)).toBe(stop(0));
    await rendered(page);
    await page.screenshot({ path: `${SHOTS}/time-travel-slider-first.png` });
    // The last stop is now: the bar stays, the banner goes.
    await page.keyboard.press('End');
    await expect.poll(() => atInUrl(page)).toBeNull();
    await expect(page.getByTestId('past-banner')).toHaveCount(0);
    await expect(page.getByTestId('time-position')).toHaveText('Now');

    // 12:00 in Berlin (summer time) is 10:00 UTC.
    await page.getByTestId('time-at').fill('2026-09-01T12:00');
    await expect.poll(() => atInUrl(page)).toBe('2026-09-01T10:00:00Z');
    await expect(page.getByTestId('past-banner')).toContainText('Sep 1, 2026, 12:00 PM GMT+2');
    await rendered(page);
    const past = await graphApi(page.request, '?at=2026-09-01T10:00:00Z');
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(past.nodes.length));
  });

  test('the drift page as of that date shows drift as it was, read only', async ({ page }) => {
    const past = (await (await page.request.get(`/api/drift?at=${BEFORE}`)).json()) as DriftListAsOf;
    const now = (await (await page.request.get('/api/drift')).json()) as DriftListAsOf;
    expect(past.asOf).toBe('2026-07-01T00:00:00.000Z');
    expect(past.rows.map((r) => r.id)).not.toContain(LATER);
    expect(now.rows.map((r) => r.id)).toContain(LATER);
    expect(past.rows.find((r) => r.id === ORDERS)).toMatchObject({ configVersion: 1 });

    await page.goto(`/drift?at=${BEFORE}`);
    await expect(page.getByTestId('past-banner')).toContainText('Viewing the past: Jul 1, 2026, 2:00 AM GMT+2 — read only');
    await expect(page.getByTestId('drift-row-count')).toHaveText(`${past.rows.length} components shown`);
    await expect(page.getByRole('link', { name: 'grafana/ops', exact: true })).toHaveCount(0);
    await expect(page.getByTestId('time-at')).toHaveValue('2026-07-01T02:00');
    await page.screenshot({ path: `${SHOTS}/time-travel-drift.png`, fullPage: false });

    await page.getByTestId('back-to-now').click();
    await expect(page).not.toHaveURL(/at=/);
    await expect(page.getByTestId('drift-row-count')).toHaveText(`${now.rows.length} components shown`);
    await expect(page.getByRole('link', { name: 'grafana/ops', exact: true })).toHaveCount(1);
  });

  test('a moment that is no date-time says so, in the page and in the API', async ({ page }) => {
    for (const url of ['/api/graph?at=yesterday', '/api/graph?compare=2026-13-40', '/api/drift?at=yesterday']) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, url).toBe('bad_request');
      expect(body.error.message, url).toMatch(/^(at|compare) must be an ISO 8601 date-time such as 2026-10-01T12:00:00Z \(got "/);
    }

    await page.goto('/?at=yesterday');
    const error = page.getByTestId('time-error');
    await expect(error).toContainText('This time is not one Karma can show');
    await expect(error).toContainText('at must be an ISO 8601 date-time such as 2026-10-01T12:00:00Z (got "yesterday")');
    await expect(page.getByTestId('graph-error')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/time-travel-bad-moment.png` });
    await error.getByTestId('back-to-now').click();
    await expect(page).not.toHaveURL(/at=/);
    await rendered(page);

    await page.goto('/drift?at=yesterday');
    await expect(page.getByTestId('time-error')).toContainText('(got "yesterday")');
  });
});
