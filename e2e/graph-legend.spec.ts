import type { Locator, Page } from '@playwright/test';
import { CATEGORY_SHAPES, typeStyle } from '@/components/graph/type-colors';
import { signInAs } from './fixtures';
import { expect, test } from './support/generated-estate';

/**
 * Telling the graph apart at a glance: the legend groups types by category
 * (shape) with their colours and counts, the filter menus count their
 * options and the graph then draws that many, a minimap appears for big
 * estates and moves the view, and the toolbar's texts fit and say the truth.
 */

const canvas = (page: Page) => page.getByTestId('graph-canvas');

async function rendered(page: Page): Promise<void> {
  await expect(canvas(page)).toHaveAttribute('data-render-state', 'done', { timeout: 60_000 });
}

type Drawn = { types: Record<string, number>; shapes: Record<string, string[]>; drift: Record<string, number>; pan: { x: number; y: number }; zoom: number };

function drawn(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    const cy = window.__karmaCy!;
    const types: Record<string, number> = {};
    const shapes: Record<string, string[]> = {};
    const drift: Record<string, number> = {};
    cy.nodes('.component').forEach((node) => {
      const status = String(node.data('drift'));
      drift[status] = (drift[status] ?? 0) + 1;
      const type = String(node.data('type'));
      types[type] = (types[type] ?? 0) + 1;
      const shape = String(node.style('shape'));
      shapes[type] = [...new Set([...(shapes[type] ?? []), shape])];
    });
    return { types, shapes, drift, pan: { ...cy.pan() }, zoom: cy.zoom() };
  });
}

/** The counts a filter menu shows, by option label, read from the open menu. */
async function menuCounts(menu: Locator): Promise<Map<string, number>> {
  const rows = menu.locator('label');
  const out = new Map<string, number>();
  for (const row of await rows.all()) {
    const count = await row.getByTestId('facet-count').innerText();
    const label = (await row.innerText()).replace(count, '').trim();
    out.set(label, Number(count.replace(/[^0-9]/g, '')));
  }
  return out;
}

async function openMenu(page: Page, testId: string): Promise<Locator> {
  const menu = page.getByTestId(testId);
  await menu.getByRole('button').first().click();
  await expect(menu.getByTestId('facet-count').first()).toBeVisible();
  return menu;
}

test.describe('legend, filter counts and toolbar on the demo', () => {
  test.beforeEach(async ({ signIn }) => {
    await signIn('alice');
  });

  test('the legend groups the drawn types by category, with the shape and colour the graph uses and their counts', async ({ page }) => {
    // Every component on its own (no groups), so the drawing can be counted per type.
    await page.goto('/?group=none');
    await rendered(page);
    const graph = await drawn(page);
    const legend = page.getByTestId('graph-legend');
    await legend.getByRole('button', { name: 'Legend' }).click();

    const categories = legend.getByTestId('legend-category');
    const expectedCategories = [...new Set(Object.keys(graph.types).map((t) => typeStyle(t).category))].sort();
    expect(expectedCategories.length).toBeGreaterThanOrEqual(5);
    const shown = await categories.evaluateAll((els) => els.map((el) => ({ category: el.getAttribute('data-category')!, shape: el.getAttribute('data-shape')! })));
    expect(shown.map((c) => c.category).sort()).toEqual(expectedCategories);
    for (const { category, shape } of shown) expect(shape).toBe(CATEGORY_SHAPES[category as keyof typeof CATEGORY_SHAPES]);
    // Six categories, six different shapes.
    expect(new Set(shown.map((c) => c.shape)).size).toBe(shown.length);

    const rows = await legend.getByTestId('legend-type').evaluateAll((els) =>
      els.map((el) => ({
        type: el.getAttribute('data-type')!,
        color: el.getAttribute('data-color')!,
        text: el.textContent ?? '',
        category: el.closest('[data-category]')!.getAttribute('data-category')!,
      })),
    );
    expect(rows.map((r) => r.type).sort()).toEqual(Object.keys(graph.types).sort());
    for (const row of rows) {
      const style = typeStyle(row.type);
      expect(row.category, row.type).toBe(style.category);
      expect(row.color, row.type).toBe(style.color);
      expect(row.text, row.type).toBe(`${row.type}${graph.types[row.type]}`);
      // The graph draws the type in its category's shape.
      expect(graph.shapes[row.type], row.type).toEqual([style.shape]);
    }
    // The drift key has a row for each status drawn, with the badge the graph draws (none for in sync) and its count. The
    // specs before this one apply and revert changes on the shared demo, so which statuses remain is read, not assumed.
    const statuses = Object.keys(graph.drift).sort();
    expect(statuses.length, JSON.stringify(graph.drift)).toBeGreaterThanOrEqual(3);
    expect(statuses).toContain('in_sync');
    const keyed = await legend.getByTestId('legend-drift').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')!));
    expect(keyed.sort()).toEqual(statuses);
    for (const status of statuses) {
      const key = legend.locator(`[data-testid=legend-drift][data-status=${status}]`);
      await expect(key.locator(status === 'in_sync' ? '[data-badge=none]' : `img[data-badge=${status}]`)).toBeVisible();
      await expect(key).toContainText(String(graph.drift[status]));
    }
  });

  test('the type and drift menus count their options, and choosing one draws that many components', async ({ page }) => {
    await page.goto('/?group=none');
    await rendered(page);

    let menu = await openMenu(page, 'filter-type');
    const typeCounts = await menuCounts(menu);
    const graph = await drawn(page);
    expect(Object.fromEntries(typeCounts)).toEqual(graph.types);
    const [type, count] = [...typeCounts.entries()].sort(([, a], [, b]) => b - a)[0];
    await menu.getByRole('checkbox', { name: type }).check();
    await page.keyboard.press('Escape');
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(count));
    await rendered(page);
    expect((await drawn(page)).types).toEqual({ [type]: count });

    // The drift menu now counts within the chosen type; each count is what the graph then draws.
    menu = await openMenu(page, 'filter-status');
    const statusCounts = await menuCounts(menu);
    expect([...statusCounts.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(count);
    const [status, statusCount] = [...statusCounts.entries()].find(([, n]) => n > 0)!;
    await menu.getByRole('checkbox', { name: status }).check();
    await page.keyboard.press('Escape');
    await expect(canvas(page)).toHaveAttribute('data-node-count', String(statusCount));
    await rendered(page);
    expect((await drawn(page)).types).toEqual({ [type]: statusCount });

    // With a status chosen, the type menu counts under it: the chosen type says what is drawn.
    menu = await openMenu(page, 'filter-type');
    expect((await menuCounts(menu)).get(type)).toBe(statusCount);
    await expect(menu).toContainText('Counts: components under the other filters');
  });

  test('the toolbar tells the truth and fits: Layered is top to bottom, the search placeholder is whole', async ({ page }) => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(viewport);
      await page.goto('/');
      await rendered(page);
      const title = await page.getByTestId('layout-control').locator('label', { hasText: 'Layered' }).getAttribute('title');
      expect(title).toMatch(/top to bottom/i);
      expect(title).not.toMatch(/left|right/i);
      const fit = await page.getByRole('combobox', { name: 'Search components' }).evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const available = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { text: context.measureText(input.placeholder).width, available };
      });
      expect(fit.text, `placeholder at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(fit.available);
    }
  });

  test('no minimap for the demo’s 62 components', async ({ page }) => {
    await page.goto('/');
    await rendered(page);
    await expect(canvas(page)).toHaveAttribute('data-node-count', '62');
    await expect(page.getByTestId('graph-minimap')).toHaveCount(0);
  });
});

test.describe('minimap on a generated estate', () => {
  test('appears from 300 components and moves the view on click and drag', async ({ browser, generatedEstate }) => {
    test.setTimeout(240_000);
    const portal = await generatedEstate(400);
    const context = await browser.newContext({ baseURL: portal.baseURL, viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await signInAs(page, 'alice');
      await page.goto('/');
      await rendered(page);
      expect(Number(await canvas(page).getAttribute('data-node-count'))).toBeGreaterThanOrEqual(300);
      const minimap = page.getByTestId('graph-minimap');
      await expect(minimap).toBeVisible();
      const map = minimap.locator('canvas');
      await expect(map).toHaveAttribute('data-viewport', /\d/);

      // Closer in, so the view shows part of the estate; the rectangle shrinks with it.
      const before = await map.getAttribute('data-viewport');
      await page.evaluate(() => {
        const cy = window.__karmaCy!;
        cy.zoom({ level: cy.zoom() * 4, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      });
      await expect(map).not.toHaveAttribute('data-viewport', before!);
      const start = await drawn(page);

      const box = (await map.boundingBox())!;
      const target = { x: Math.round(box.width * 0.3), y: Math.round(box.height * 0.5) };
      await map.click({ position: target });
      const clicked = await drawn(page);
      expect(clicked.zoom).toBeCloseTo(start.zoom, 6);
      expect(Math.hypot(clicked.pan.x - start.pan.x, clicked.pan.y - start.pan.y)).toBeGreaterThan(20);
      // The rectangle is now centred where the click was.
      await expect
        .poll(async () => {
          const [x, y, w, h] = (await map.getAttribute('data-viewport'))!.split(',').map(Number);
          return Math.max(Math.abs(x + w / 2 - target.x), Math.abs(y + h / 2 - target.y));
        })
        .toBeLessThanOrEqual(2);

      // Dragging keeps moving it.
      await page.mouse.move(box.x + target.x, box.y + target.y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.4, { steps: 5 });
      await page.mouse.up();
      const dragged = await drawn(page);
      expect(dragged.pan.x).toBeLessThan(clicked.pan.x - 20);
      await page.screenshot({ path: 'test-results/screenshots/minimap.png' });
    } finally {
      await context.close();
    }
  });
});
