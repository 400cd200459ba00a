import type { Page } from '@playwright/test';
import { MAX_FIT_ZOOM, MIN_LABEL_PX } from '@/lib/graph/layout/legibility';
import { signInAs } from './fixtures';
import { expect, test } from './support/generated-estate';
import { graphGeometry, graphRendered, smallestVisibleLabelPx, type GraphGeometry } from './support/graph-geometry';

/**
 * The graph as a newcomer sees it at 1440×900, measured from what cytoscape
 * draws in Chromium (e2e/support/graph-geometry.ts): no edge passes through
 * a node it does not connect, no edge label sits on a node, and every label
 * of the first view is drawn, at 11 px or more on screen. On the demo
 * (grouped as it opens, and with every group open), in a focus view, and on
 * generated estates of 50, 150 and 300 components. Then grouping (a group
 * opens on click and folds back, in the URL), drift badges, the canvas
 * taking the keyboard on click, and the camera.
 */

test.use({ viewport: { width: 1440, height: 900 } });

const canvas = (page: Page) => page.getByTestId('graph-canvas');

async function open(page: Page, url: string): Promise<GraphGeometry> {
  await page.goto(url);
  await graphRendered(page, 60_000);
  return graphGeometry(page);
}

function expectHonest(geometry: GraphGeometry, what: string): void {
  expect(geometry.edgeCount, `${what}: edges drawn`).toBeGreaterThan(0);
  expect(geometry.crossings, `${what}: edges through nodes they do not connect`).toEqual([]);
  expect(geometry.labelOverlaps, `${what}: edge labels on nodes`).toEqual([]);
}

function expectLegible(geometry: GraphGeometry, what: string): void {
  const labelled = geometry.labels.filter((l) => l.text !== '');
  expect(labelled.length, `${what}: labels`).toBeGreaterThan(0);
  // Every label is drawn (none faded out by min-zoomed-font-size, none off screen) …
  expect(
    labelled.filter((l) => !l.visible).map((l) => l.id),
    `${what}: labels not drawn`,
  ).toEqual([]);
  // … at 11 px or more.
  expect(smallestVisibleLabelPx(labelled), what).toBeGreaterThanOrEqual(MIN_LABEL_PX);
}

test.describe('graph layout', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn('alice');
  });

  test('the demo opens legible and honest: groups where needed, edges around nodes, labels ≥ 11 px', async ({ page }) => {
    // The layout runs in a web worker, off the page's main thread.
    const worker = page.waitForEvent('worker');
    const geometry = await open(page, '/');
    await worker;
    expectHonest(geometry, 'demo');
    expectLegible(geometry, 'demo');
    const groups = await page.evaluate(() => window.__karmaCy!.nodes('node.group').map((n) => n.id()));
    expect(groups.length).toBeGreaterThan(0);
    await expect(canvas(page)).toHaveAttribute('data-layout', 'elk');
    await page.screenshot({ path: 'test-results/screenshots/graph-layout-demo.png' });
  });

  test('the demo with every group open: still no edge through a node, no label on one', async ({ page }) => {
    const geometry = await open(page, '/?group=none');
    expect(geometry.nodeCount).toBeGreaterThan(60);
    expect(await page.evaluate(() => window.__karmaCy!.nodes('node.group').length)).toBe(0);
    expectHonest(geometry, 'demo, expanded');
  });

  test('a focus view is honest, legible, and framed: the neighbourhood fits, not blown up', async ({ page }) => {
    const geometry = await open(page, '/?focus=prod:lambda/order-workers&hops=2');
    expectHonest(geometry, 'focus');
    expectLegible(geometry, 'focus');
    expect(geometry.zoom).toBeLessThanOrEqual(MAX_FIT_ZOOM + 1e-9);
    // The whole neighbourhood is on screen, and the focused component with it.
    const inside = await page.evaluate(() => {
      const cy = window.__karmaCy!;
      const e = cy.extent();
      const outside = cy.nodes('node.component, node.ghost, node.group').filter((n) => {
        const p = n.position();
        return p.x < e.x1 || p.x > e.x2 || p.y < e.y1 || p.y > e.y2;
      });
      return outside.empty();
    });
    expect(inside).toBe(true);
    expect(await page.evaluate(() => window.__karmaCy!.getElementById('prod:lambda/order-workers').hasClass('focus-root'))).toBe(true);
  });

  test('a small result set is fitted at no more than the maximum zoom', async ({ page }) => {
    await open(page, '/?env=prod&type=vpc,ecs-cluster');
    await expect(canvas(page)).toHaveAttribute('data-node-count', '2');
    expect(await page.evaluate(() => window.__karmaCy!.zoom())).toBeLessThanOrEqual(MAX_FIT_ZOOM + 1e-9);
  });

  test('a search does not pull the camera away from a focus', async ({ page }) => {
    await open(page, '/?focus=prod:lambda/order-workers&hops=1');
    const before = await page.evaluate(() => ({ zoom: window.__karmaCy!.zoom(), pan: window.__karmaCy!.pan() }));
    await page.getByRole('combobox', { name: 'Search components' }).fill('orders');
    await expect.poll(() => page.evaluate(() => window.__karmaCy!.nodes('.match').length)).toBeGreaterThan(0);
    // Long enough for a centring animation to have moved it.
    await page.waitForTimeout(600);
    expect(await page.evaluate(() => ({ zoom: window.__karmaCy!.zoom(), pan: window.__karmaCy!.pan() }))).toEqual(before);
  });

  test('going to a focus does not redraw the old graph first: the drawing is swapped in one go', async ({ page }) => {
    const focus = await page.request.get('/api/graph?focus=prod:vpc/main&hops=2');
    expect((await focus.json()).nodes.map((n: { env: string }) => n.env)).not.toContain('dev');
    await open(page, '/?selected=prod:vpc/main');
    // Every frame cytoscape draws from here on, with whether the whole graph's dev frame (not in the focus) was still there.
    await page.evaluate(() => {
      const cy = window.__karmaCy!;
      const frames: boolean[] = [];
      (window as Window & { __frames?: boolean[] }).__frames = frames;
      cy.on('render', () => frames.push(cy.getElementById('env::dev').nonempty()));
    });
    await page.getByTestId('focus-component').click();
    await expect(page).toHaveURL(/focus=prod:vpc\/main/);
    await graphRendered(page);
    await expect.poll(() => page.evaluate(() => window.__karmaCy!.getElementById('prod:vpc/main').hasClass('focus-root'))).toBe(true);
    const frames = await page.evaluate(() => (window as Window & { __frames?: boolean[] }).__frames ?? []);
    expect(frames.length).toBeGreaterThan(0);
    // No frame was drawn with the old graph (its dev environment) on the canvas.
    expect(frames.filter(Boolean)).toEqual([]);
  });

  test('a group opens on click and folds back; both are in the URL', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page, '/');
    const group = await page.evaluate(() => {
      const node = window.__karmaCy!.nodes('node.type-group').sort((a, b) => b.data('count') - a.data('count'))[0];
      return { id: node.id(), count: Number(node.data('count')), env: String(node.data('env')), type: String(node.data('type')) };
    });
    expect(group.count).toBeGreaterThan(1);
    await page.evaluate((id) => window.__karmaCy!.getElementById(id).emit('tap'), group.id);
    await expect(page).toHaveURL(new RegExp(`expand=${group.id.replace(/[/.]/g, '\\$&')}`));
    await graphRendered(page);
    const opened = await page.evaluate(
      ({ id, env, type }) => ({
        isGone: window.__karmaCy!.getElementById(id).empty(),
        members: window.__karmaCy!.nodes(`node.component[env = "${env}"][type = "${type}"]`).length,
      }),
      group,
    );
    expect(opened).toEqual({ isGone: true, members: group.count });
    expectHonest(await graphGeometry(page), 'a group opened');

    // The URL round-trips: a reload shows the same groups open.
    await page.reload();
    await graphRendered(page);
    expect(await page.evaluate((id) => window.__karmaCy!.getElementById(id).empty(), group.id)).toBe(true);

    await page.getByTestId('expanded-group').filter({ hasText: group.type }).getByRole('button').click();
    await expect(page).not.toHaveURL(/expand=/);
    await graphRendered(page);
    await expect.poll(() => page.evaluate((id) => window.__karmaCy!.getElementById(id).nonempty(), group.id)).toBe(true);
  });

  test('drift reads at first view: a badge on every drifted component and on groups with drifting members', async ({ page }) => {
    await open(page, '/?group=none');
    const badges = await page.evaluate(() =>
      window.__karmaCy!.nodes('node.component').map((n) => ({ id: n.id(), drift: String(n.data('drift')), image: String(n.style('background-image')) })),
    );
    const drifted = badges.filter((b) => !['in_sync', 'unknown'].includes(b.drift));
    expect(drifted.length).toBeGreaterThan(0);
    expect(drifted.filter((b) => !b.image.includes('data:image/svg+xml')).map((b) => b.id)).toEqual([]);
    expect(badges.filter((b) => b.drift === 'in_sync' && b.image !== 'none').map((b) => b.id)).toEqual([]);

    await open(page, '/?group=type');
    const groups = await page.evaluate(() =>
      window.__karmaCy!.nodes('node.group').map((n) => ({ count: Number(n.data('driftCount')), image: String(n.style('background-image')) })),
    );
    expect(groups.some((g) => g.count > 0)).toBe(true);
    for (const g of groups) expect(g.image.includes('data:image/svg+xml')).toBe(g.count > 0);
  });

  test('a click on the canvas gives it the keyboard: + zooms, 0 fits again', async ({ page }) => {
    await open(page, '/');
    const box = (await canvas(page).boundingBox())!;
    // An empty corner of the drawing.
    await page.mouse.click(box.x + box.width - 40, box.y + 60);
    await expect(canvas(page)).toBeFocused();
    const fitted = await page.evaluate(() => window.__karmaCy!.zoom());
    await page.keyboard.press('+');
    await expect.poll(() => page.evaluate(() => window.__karmaCy!.zoom())).toBeGreaterThan(fitted * 1.2);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('0');
    await expect.poll(() => page.evaluate(() => window.__karmaCy!.zoom())).toBeCloseTo(fitted, 6);
  });
});

test.describe('graph layout on generated estates', () => {
  for (const n of [50, 150, 300]) {
    test(`${n} components: honest grouped and expanded${n <= 150 ? ', legible as it opens' : ''}`, async ({ browser, generatedEstate }) => {
      test.setTimeout(240_000);
      const estate = await generatedEstate(n);
      const context = await browser.newContext({ baseURL: estate.baseURL, viewport: { width: 1440, height: 900 } });
      try {
        const page = await context.newPage();
        await signInAs(page, 'victor');
        const first = await open(page, '/');
        await expect(canvas(page)).toHaveAttribute('data-node-count', String(estate.components));
        expectHonest(first, `${n}, as it opens`);
        if (n <= 150) expectLegible(first, `${n}, as it opens`);
        const expanded = await open(page, '/?group=none');
        expect(expanded.nodeCount).toBeGreaterThanOrEqual(estate.components);
        expectHonest(expanded, `${n}, expanded`);
      } finally {
        await context.close();
      }
    });
  }
});
