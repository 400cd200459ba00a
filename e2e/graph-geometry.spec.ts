import type { Page } from '@playwright/test';
import { edgeNodeCrossings } from '@/lib/graph/layout/edge-geometry';
import { fromGraphPayload, type GraphPayload, type GraphResponse } from '@/lib/model/api';
import { signInAs } from './fixtures';
import { expect, test } from './support/generated-estate';
import { graphGeometry, graphRendered, type GraphGeometry } from './support/graph-geometry';

/**
 * The geometry probe the layout tests and the render benchmark rely on
 * (e2e/support/graph-geometry.ts): it must see every node the page draws,
 * every edge as the line cytoscape draws, and it must be able to find an
 * edge through a node: a probe that always answers "0 crossings" would
 * pass every layout test.
 */

/** Every component drawn as itself (no type groups), so the drawing can be counted against the API. */
const UNGROUPED = '/?group=none';

async function graphFromApi(page: Page): Promise<GraphResponse> {
  const response = await page.request.get('/api/graph');
  expect(response.ok()).toBe(true);
  return fromGraphPayload((await response.json()) as GraphPayload);
}

/** Nodes a graph draws: its components plus one ghost per missing reference target. */
function drawnNodeCount(graph: GraphResponse): number {
  const present = new Set(graph.nodes.map((n) => n.id));
  const ghosts = new Set(graph.edges.filter((e) => e.dangling && !present.has(e.to)).map((e) => e.to));
  return graph.nodes.length + ghosts.size;
}

function expectCounts(geometry: GraphGeometry, graph: GraphResponse): void {
  expect(geometry.nodeCount).toBe(drawnNodeCount(graph));
  expect(geometry.labels).toHaveLength(geometry.nodeCount);
  const edgeIds = new Set(geometry.drawn.edges.map((e) => e.id));
  expect(graph.edges.filter((e) => !edgeIds.has(e.id)).map((e) => e.id)).toEqual([]);
  expect(geometry.edgeCount).toBeGreaterThanOrEqual(graph.edges.length);
  expect(geometry.labels.filter((l) => !(l.renderedPx > 0))).toEqual([]);
  // Labels are read whether or not this zoom draws them (the ungrouped demo is drawn too small for them).
  expect(geometry.labels.filter((l) => l.text === '')).toEqual([]);
}

test.describe('graph geometry probe', () => {
  test('measures every node and edge of the demo, and finds an edge drawn through a node', async ({ page, signIn }) => {
    await signIn('victor');
    await page.goto(UNGROUPED);
    await graphRendered(page);
    const graph = await graphFromApi(page);
    const geometry = await graphGeometry(page);
    expectCounts(geometry, graph);
    await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-node-count', String(graph.nodes.length));

    // A straight line fabricated through a drawn node's box, in the page's coordinates: found; through its own endpoint: not.
    const target = geometry.drawn.nodes.find((n) => n.id === 'prod:vpc/main')!;
    expect(target, 'prod:vpc/main is drawn').toBeDefined();
    const mid = (target.box.y1 + target.box.y2) / 2;
    const through = {
      id: 'fabricated',
      source: 'nowhere',
      target: 'elsewhere',
      points: [
        { x: target.box.x1 - 200, y: mid },
        { x: target.box.x2 + 200, y: mid },
      ],
    };
    expect(edgeNodeCrossings(geometry.drawn.nodes, [through]).map((c) => c.node)).toContain(target.id);
    expect(edgeNodeCrossings(geometry.drawn.nodes, [{ ...through, target: target.id }]).map((c) => c.node)).not.toContain(target.id);
  });

  test('tells drawn labels from faded and off-screen ones, at their on-screen size', async ({ page, signIn }) => {
    await signIn('victor');
    await page.goto(UNGROUPED);
    await graphRendered(page);
    const id = await page.evaluate(() => window.__karmaCy!.nodes('.component')[0].id());
    /**
     * Zooms around the node (or centres the view far away from it), then reads its label. `far`: a zoom at which
     * the label is a quarter of its min-zoomed-font-size, so the renderer skips it at any texture level.
     */
    const labelAt = async (level: number | 'far', isInView = true) => {
      const style = await page.evaluate(
        ({ nodeId, level: wanted, isInView: inView }) => {
          const cy = window.__karmaCy!;
          const node = cy.getElementById(nodeId);
          const fontPx = Number.parseFloat(node.style('font-size'));
          const minPx = Number.parseFloat(node.style('min-zoomed-font-size'));
          cy.zoom(wanted === 'far' ? minPx / fontPx / 4 : wanted);
          const zoom = cy.zoom();
          const { x, y } = node.position();
          cy.pan({ x: (inView ? cy.width() / 2 : cy.width() * 4) - zoom * x, y: cy.height() / 2 - zoom * y });
          return { fontPx, minPx, zoom };
        },
        { nodeId: id, level, isInView },
      );
      const label = (await graphGeometry(page)).labels.find((l) => l.id === id)!;
      return { ...label, ...style };
    };
    const close = await labelAt(1.5);
    expect(close.visible).toBe(true);
    expect(close.renderedPx).toBeCloseTo(close.fontPx * 1.5, 5);
    // Far below min-zoomed-font-size the renderer drops the label, and so does the probe.
    const far = await labelAt('far');
    expect(far.fontPx * far.zoom * 2).toBeLessThan(far.minPx);
    expect(far.visible).toBe(false);
    expect(far.renderedPx).toBeCloseTo(far.fontPx * far.zoom, 5);
    expect((await labelAt(1.5, false)).visible).toBe(false);
  });

  test('follows each curve style cytoscape draws: a node put on the drawn edge is reported', async ({ page, signIn }) => {
    await signIn('victor');
    await page.goto(UNGROUPED);
    await graphRendered(page);
    // An edge whose ends differ on both axes (a taxi or bezier edge then leaves the straight line), and a node it does not connect.
    const picked = await page.evaluate(() => {
      const cy = window.__karmaCy!;
      const edge = cy.edges('.dependency').filter((e) => {
        const [s, t] = [e.source().position(), e.target().position()];
        return Math.abs(s.x - t.x) > 120 && Math.abs(s.y - t.y) > 120;
      })[0];
      const other = cy.nodes('.component').filter((n) => n.id() !== edge.source().id() && n.id() !== edge.target().id())[0];
      return { edge: edge.id(), node: other.id() };
    });
    const styles: Array<Record<string, string | number>> = [
      { 'curve-style': 'straight' },
      // Bent 90 px off the straight line: a probe that drew it straight would miss the node on the curve.
      { 'curve-style': 'unbundled-bezier', 'control-point-distances': 90, 'control-point-weights': 0.5 },
      { 'curve-style': 'segments', 'segment-distances': '90 90', 'segment-weights': '0.3 0.7' },
      // Turning early, so the middle of its horizontal run is off the chord.
      { 'curve-style': 'taxi', 'taxi-direction': 'vertical', 'taxi-turn': '10%' },
    ];
    for (const style of styles) {
      // The node goes to the edge's midpoint as cytoscape computes it, independent of the probe's polyline.
      const placed = await page.evaluate(
        ({ edgeId, nodeId, bypass }) => {
          const cy = window.__karmaCy!;
          const edge = cy.getElementById(edgeId);
          edge.style(bypass as unknown as import('cytoscape').Css.Edge);
          const midpoint = edge.midpoint();
          const [s, t] = [edge.sourceEndpoint(), edge.targetEndpoint()];
          cy.getElementById(nodeId).position({ ...midpoint });
          // How far the drawn midpoint sits from the straight chord (0 for a straight edge).
          const chord = Math.hypot(t.x - s.x, t.y - s.y);
          const offChord = Math.abs((t.x - s.x) * (s.y - midpoint.y) - (s.x - midpoint.x) * (t.y - s.y)) / chord;
          return { curveStyle: String(edge.style('curve-style')), offChord };
        },
        { edgeId: picked.edge, nodeId: picked.node, bypass: style },
      );
      expect(placed.curveStyle).toBe(style['curve-style']);
      if (style['curve-style'] !== 'straight') expect(placed.offChord, `${style['curve-style']} bends away from the chord`).toBeGreaterThan(25);
      const geometry = await graphGeometry(page);
      expect(geometry.crossings.filter((c) => c.edge === picked.edge).map((c) => c.node)).toContain(picked.node);
    }
  });

  test('measures a generated 50-component estate served by its own portal', async ({ browser, generatedEstate }) => {
    const estate = await generatedEstate(50);
    const context = await browser.newContext({ baseURL: estate.baseURL, viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await signInAs(page, 'victor');
      await page.goto(UNGROUPED);
      await graphRendered(page);
      const graph = await graphFromApi(page);
      expect(graph.nodes).toHaveLength(estate.components);
      await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-node-count', String(estate.components));
      expectCounts(await graphGeometry(page), graph);
    } finally {
      await context.close();
    }
  });
});
