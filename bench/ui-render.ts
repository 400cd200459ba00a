/**
 * bench/ui-render: the graph view on generated estates (default 150, 300,
 * 500, 2,000 and 5,000 components, ~2 references each), in Chromium at
 * 1440×900, through the real app: the production build in demo mode over a
 * data folder seeded with the generated parameters, served by the real
 * /api/graph. For each size:
 *
 *  - first render: the time from navigation to the first complete render
 *    (layout done and painted: the `karma:graph-rendered` mark), next to a
 *    bare cytoscape page in the same browser (static HTML with all the
 *    estate's elements, the same stylesheet, laying out itself in the page,
 *    no React/Next), interleaved; the ratio app / bare is the app's cost or
 *    saving. Cold cache (a new browser context) per load.
 *  - honesty and legibility (e2e/support/graph-geometry.ts on what
 *    cytoscape reports), of the first view as the app opens and of the
 *    ungrouped view (`?group=none`, every component drawn): edge segments
 *    through a node they do not connect, edge labels on nodes, and the
 *    smallest on-screen size of the node labels drawn in view.
 *
 * At 5,000 (`--interact`): frame times (rAF deltas, median and p95) and the
 * longest main-thread task (`longtask` entries) while drag-panning and
 * wheel-zooming the whole graph, first view and ungrouped, and a focus on a
 * vpc from the first view (URL change to drawn).
 *
 *   flock /tmp/karma-next.lock npm run bench -- ui-render [--n 150,300,500,2000,5000] [--runs 5] [--interact 5000] [--no-build] [--renderer auto|canvas|webgl]
 *   (the app listens on UI_RENDER_PORT, default 3101; NEXT_DIST_DIR picks the build)
 *
 * Prints tables, then one line with a JSON object of all the figures.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { fromGraphPayload, type GraphPayload, type GraphResponse } from '@/lib/model/api';
import { startGeneratedEstate } from '../e2e/support/generated-estate';
import { graphGeometry, smallestVisibleLabelPx } from '../e2e/support/graph-geometry';
import { CHROMIUM_LAUNCH_ARGS, ensureChromium } from '../scripts/peers/chromium.mjs';
import { ensureBuild } from '../scripts/lib/build.mjs';
import { median, parseSizes, round } from './lib/bench-args';
import { barePageHtml, bundleBarePage, serveBarePage } from './ui-render/bare-page';
import { measureBack, measureFocus, measurePan, measureZoom, type InteractionFigures } from './ui-render/interaction';

const VIEWPORT = { width: 1440, height: 900 };
const GOALS = { ratio: { sizes: [2000, 5000], max: 1.0 }, crossings: 0, labelPx: { upTo: 150, min: 11 }, frameMs: 50, longestTaskMs: 200, focusMs: 1000 };

type Sample = { totalMs: number; layoutMs: number; apiMs: number | null; renderer: string; layout: string };

type Args = { sizes: number[]; runs: number; interact: number[]; isBuilding: boolean; renderer: 'auto' | 'canvas' | 'webgl' };

function parseArgs(argv: string[]): Args {
  let runs = 5;
  let isBuilding = true;
  let renderer: Args['renderer'] = 'auto';
  let interact = [5000];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--no-build') isBuilding = false;
    else if (argv[i] === '--renderer') renderer = argv[++i] as Args['renderer'];
    else if (argv[i] === '--interact') interact = parseSizes(['--n', argv[++i] ?? ''], []);
    else rest.push(argv[i]);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a positive integer');
  if (!['auto', 'canvas', 'webgl'].includes(renderer)) throw new Error('--renderer is auto, canvas or webgl');
  return { sizes: parseSizes(rest, [150, 300, 500, 2000, 5000]), runs, interact, isBuilding, renderer };
}

async function signIn(context: BrowserContext): Promise<void> {
  const { csrfToken } = (await (await context.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await context.request.post('/api/auth/callback/demo', { form: { csrfToken, username: 'victor', callbackUrl: '/', json: 'true' } });
  if (!response.ok()) throw new Error(`demo sign-in failed: ${response.status()}`);
}

/** A new context (cold cache), signed in for the app, and a page loading `url` until the graph is drawn. */
async function load(browser: Browser, url: string, { isApp }: { isApp: boolean }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: url });
  try {
    if (isApp) await signIn(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url, { waitUntil: 'commit' });
    try {
      await page.waitForFunction(() => (window as unknown as { __karmaRender?: { state: string } }).__karmaRender?.state === 'done', undefined, { timeout: 180_000, polling: 50 });
    } catch (error) {
      const shot = path.join(tmpdir(), `karma-ui-render-failed-${Date.now()}.png`);
      await page.screenshot({ path: shot });
      throw new Error(`${url} did not finish rendering (screenshot ${shot}; page errors: ${errors.join(' | ') || 'none'})`, { cause: error });
    }
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** One cold load: the time of the rendered mark (ms since navigation start). */
async function measure(browser: Browser, url: string, { isApp }: { isApp: boolean }): Promise<Sample & { canvas: { width: number; height: number } }> {
  const { context, page } = await load(browser, url, { isApp });
  try {
    return await page.evaluate(() => {
      const mark = performance.getEntriesByName('karma:graph-rendered')[0] as PerformanceMark;
      const detail = mark.detail as { layoutMs: number; renderer: string; layout: string };
      const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/graph')) as PerformanceResourceTiming | undefined;
      const box = document.querySelector('[data-testid="graph-canvas"]')?.getBoundingClientRect();
      return {
        totalMs: mark.startTime,
        layoutMs: detail.layoutMs,
        renderer: detail.renderer,
        layout: detail.layout,
        apiMs: api ? api.responseEnd : null,
        canvas: box ? { width: Math.round(box.width), height: Math.round(box.height) } : { width: 0, height: 0 },
      };
    });
  } finally {
    await context.close();
  }
}

type Geometry = {
  drawnNodes: number;
  drawnEdges: number;
  zoom: number;
  crossings: number;
  crossingEdges: number;
  labelOverlaps: number;
  visibleLabels: number;
  minLabelPx: number | null;
};

/** A view as drawn: lies (edges through other nodes, labels on nodes) and label sizes. */
async function drawnGeometry(page: Page): Promise<Geometry> {
  const geometry = await graphGeometry(page);
  const smallest = smallestVisibleLabelPx(geometry.labels);
  return {
    drawnNodes: geometry.nodeCount,
    drawnEdges: geometry.edgeCount,
    zoom: round(geometry.zoom, 3),
    crossings: geometry.crossings.length,
    crossingEdges: new Set(geometry.crossings.map((c) => c.edge)).size,
    labelOverlaps: geometry.labelOverlaps.length,
    visibleLabels: geometry.labels.filter((l) => l.visible).length,
    minLabelPx: Number.isFinite(smallest) ? round(smallest, 1) : null,
  };
}

type Gestures = { pan: InteractionFigures; zoom: InteractionFigures };
type Interaction = { n: number; firstView: Gestures; ungrouped: Gestures; focusId: string; focusMs: number; focusBackMs: number };

async function gestures(page: Page): Promise<Gestures> {
  return { pan: await measurePan(page), zoom: await measureZoom(page) };
}

/** Focus on vpcs from the first view and back, `runs` times: median of each. */
async function focusVpcs(page: Page, graph: GraphResponse, runs: number): Promise<Pick<Interaction, 'focusId' | 'focusMs' | 'focusBackMs'>> {
  const vpcs = graph.nodes.filter((n) => n.type === 'vpc').map((n) => n.id);
  if (vpcs.length === 0) throw new Error('the estate has no vpc to focus on');
  const focus: number[] = [];
  const back: number[] = [];
  for (let run = 0; run < runs; run++) {
    focus.push(await measureFocus(page, vpcs[run % vpcs.length]));
    back.push(await measureBack(page));
  }
  return { focusId: vpcs[0], focusMs: round(median(focus), 0), focusBackMs: round(median(back), 0) };
}

/** The same address with every component drawn as itself (no type or category groups). */
function ungroupedUrl(url: string): string {
  const next = new URL(url);
  next.searchParams.set('group', 'none');
  return next.toString();
}

/** One load for its drawing (and, at the interaction sizes, its gestures); the context is closed after. */
async function inspect<T>(browser: Browser, url: string, work: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await load(browser, url, { isApp: true });
  try {
    return await work(page);
  } finally {
    await context.close();
  }
}

/** /api/graph as the benchmark's user sees it: the bare page gets the same elements. */
async function readGraph(browser: Browser, appUrl: string): Promise<GraphResponse> {
  const context = await browser.newContext({ baseURL: appUrl });
  try {
    await signIn(context);
    const response = await context.request.get('/api/graph');
    if (!response.ok()) throw new Error(`/api/graph answered ${response.status()}`);
    return fromGraphPayload((await response.json()) as GraphPayload);
  } finally {
    await context.close();
  }
}

type Result = {
  n: number;
  edges: number;
  appMs: number;
  bareMs: number;
  ratio: number;
  appLayoutMs: number;
  bareLayoutMs: number;
  apiMs: number | null;
  renderer: string;
  layout: string;
  /** The app's first view, as it opens. */
  firstView: Geometry;
  /** Every component drawn as itself (`?group=none`): what grouping leaves out of the first view. */
  ungrouped: Geometry;
};

async function main(): Promise<void> {
  const { sizes, runs, interact: interactSizes, isBuilding, renderer } = parseArgs(process.argv.slice(2));
  const query = renderer === 'auto' ? '' : `?renderer=${renderer}`;
  const executablePath = await ensureChromium({ log: (line) => console.log(line) });
  if (isBuilding && !ensureBuild()) throw new Error('next build failed');
  const bare = await serveBarePage(await bundleBarePage());
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_LAUNCH_ARGS] });
  // The graph UI's port (see the team's port plan); the bare page gets any free one.
  const port = Number(process.env.UI_RENDER_PORT ?? 3101);
  const results: Result[] = [];
  const interactions: Interaction[] = [];
  try {
    for (const n of sizes) {
      const portal = await startGeneratedEstate(n, { port });
      const appUrl = `${portal.baseURL}/${query}`;
      try {
        const graph = await readGraph(browser, appUrl);
        // One unmeasured load warms the server (first render of the route, caches).
        const warm = await measure(browser, appUrl, { isApp: true });
        bare.setHtml(barePageHtml(graph, warm.canvas));
        const appSamples: Sample[] = [];
        const bareSamples: Sample[] = [];
        // Interleaved, so load on the machine hits both alike.
        for (let run = 0; run < runs; run++) {
          appSamples.push(await measure(browser, appUrl, { isApp: true }));
          bareSamples.push(await measure(browser, `${bare.url}${query}`, { isApp: false }));
        }
        // What the app draws, as it opens and ungrouped; at the interaction sizes, how each moves and how focus responds.
        const isInteracting = interactSizes.includes(n);
        const first = await inspect(browser, appUrl, async (page) => ({
          geometry: await drawnGeometry(page),
          ...(isInteracting ? { gestures: await gestures(page), focus: await focusVpcs(page, graph, runs) } : {}),
        }));
        const ungrouped = await inspect(browser, ungroupedUrl(appUrl), async (page) => ({
          geometry: await drawnGeometry(page),
          ...(isInteracting ? { gestures: await gestures(page) } : {}),
        }));
        if (first.gestures && first.focus && ungrouped.gestures) {
          interactions.push({ n: graph.nodes.length, firstView: first.gestures, ungrouped: ungrouped.gestures, ...first.focus });
        }
        const appMs = median(appSamples.map((s) => s.totalMs));
        const bareMs = median(bareSamples.map((s) => s.totalMs));
        results.push({
          n: graph.nodes.length,
          edges: graph.edges.length,
          appMs: round(appMs, 0),
          bareMs: round(bareMs, 0),
          ratio: round(appMs / bareMs, 2),
          appLayoutMs: round(median(appSamples.map((s) => s.layoutMs)), 0),
          bareLayoutMs: round(median(bareSamples.map((s) => s.layoutMs)), 0),
          apiMs: appSamples[0].apiMs === null ? null : round(median(appSamples.map((s) => s.apiMs ?? 0)), 0),
          renderer: appSamples[0].renderer,
          layout: appSamples[0].layout,
          firstView: first.geometry,
          ungrouped: ungrouped.geometry,
        });
        const r = results.at(-1)!;
        console.log(
          `n=${r.n} (${r.edges} edges, ${r.layout}, ${r.renderer}): app ${r.appMs} ms, bare ${r.bareMs} ms, ratio ${r.ratio}; first view ${r.firstView.drawnNodes} nodes, ${r.firstView.crossings} crossings, ${r.firstView.labelOverlaps} label overlaps, smallest label ${r.firstView.minLabelPx ?? '—'} px; ungrouped ${r.ungrouped.crossings} crossings`,
        );
      } finally {
        await portal.stop();
      }
    }
  } finally {
    await browser.close();
    bare.server.close();
  }
  report({ runs, renderer, results, interactions });
}

function report({ runs, renderer, results, interactions }: { runs: number; renderer: string; results: Result[]; interactions: Interaction[] }): void {
  const pad = (value: unknown, width: number) => String(value ?? '—').padStart(width);
  console.log('\nFirst render: navigation to the first complete render (median of %d cold loads, Chromium %dx%d, renderer %s)\n', runs, VIEWPORT.width, VIEWPORT.height, renderer);
  console.log('components  edges  layout          renderer  app ms  bare ms  ratio  app layout ms  bare layout ms  /api/graph done at ms');
  for (const r of results) {
    console.log(
      `${pad(r.n, 10)}  ${pad(r.edges, 5)}  ${r.layout.padEnd(14)}  ${r.renderer.padEnd(8)}  ${pad(r.appMs, 6)}  ${pad(r.bareMs, 7)}  ${r.ratio.toFixed(2).padStart(5)}  ${pad(r.appLayoutMs, 13)}  ${pad(r.bareLayoutMs, 14)}  ${pad(r.apiMs, 21)}`,
    );
  }
  console.log('\nWhat the app draws as it opens (first view) and with every component as itself (ungrouped, ?group=none):');
  console.log('edge segments through a node they do not connect, edge labels on nodes, node labels drawn in view\n');
  console.log('components  view        drawn nodes  drawn edges   zoom  crossings  (edges)  label overlaps  labels in view  smallest label px');
  for (const r of results) {
    for (const [view, g] of [
      ['first view', r.firstView],
      ['ungrouped', r.ungrouped],
    ] as const) {
      console.log(
        `${pad(r.n, 10)}  ${view.padEnd(10)}  ${pad(g.drawnNodes, 11)}  ${pad(g.drawnEdges, 11)}  ${pad(g.zoom.toFixed(3), 5)}  ${pad(g.crossings, 9)}  ${pad(g.crossingEdges, 7)}  ${pad(g.labelOverlaps, 14)}  ${pad(g.visibleLabels, 14)}  ${pad(g.minLabelPx, 17)}`,
      );
    }
  }
  if (interactions.length > 0) {
    console.log("\nMoving the whole graph (rAF frame deltas; long tasks are the browser's, over 50 ms) and focusing on a vpc (URL change to drawn, median of %d)\n", runs);
    console.log('components  view        gesture  inputs  frames  median ms  p95 ms  max ms  longest task ms  long tasks  ms per input');
    for (const i of interactions) {
      for (const [view, g] of [
        ['first view', i.firstView],
        ['ungrouped', i.ungrouped],
      ] as const) {
        for (const [name, f] of [
          ['pan', g.pan],
          ['zoom', g.zoom],
        ] as const) {
          console.log(
            `${pad(i.n, 10)}  ${view.padEnd(10)}  ${name.padEnd(7)}  ${pad(f.inputs, 6)}  ${pad(f.frames, 6)}  ${pad(f.medianFrameMs, 9)}  ${pad(f.p95FrameMs, 6)}  ${pad(f.maxFrameMs, 6)}  ${pad(f.longestTaskMs, 15)}  ${pad(f.longTasks, 10)}  ${pad(f.medianInputMs, 12)}`,
          );
        }
      }
      console.log(`${pad(i.n, 10)}  focus on ${i.focusId} (and other vpcs) from the first view: ${i.focusMs} ms; back to the whole graph: ${i.focusBackMs} ms`);
    }
  }

  console.log('\nGoals:');
  for (const n of GOALS.ratio.sizes) {
    const r = results.find((x) => x.n === n);
    if (r)
      console.log(
        `  ${n} components: first render ratio ≤ ${GOALS.ratio.max} (${r.ratio}), ${GOALS.crossings} crossings (first view ${r.firstView.crossings}, ungrouped ${r.ungrouped.crossings})`,
      );
  }
  const small = results.filter((r) => r.n <= GOALS.labelPx.upTo);
  if (small.length > 0)
    console.log(`  up to ${GOALS.labelPx.upTo} components: labels in view ≥ ${GOALS.labelPx.min} px (${small.map((r) => `${r.n}: ${r.firstView.minLabelPx ?? '—'}`).join(', ')})`);
  for (const i of interactions) {
    for (const [view, g] of [
      ['first view', i.firstView],
      ['ungrouped', i.ungrouped],
    ] as const) {
      console.log(
        `  ${i.n} components, ${view}: median frame ≤ ${GOALS.frameMs} ms (pan ${g.pan.medianFrameMs}, zoom ${g.zoom.medianFrameMs}), no task over ${GOALS.longestTaskMs} ms (pan ${g.pan.longestTaskMs}, zoom ${g.zoom.longestTaskMs})`,
      );
    }
    console.log(`  ${i.n} components: focus on a vpc ≤ ${GOALS.focusMs} ms (${i.focusMs})`);
  }
  console.log(JSON.stringify({ bench: 'ui-render', runs, renderer, viewport: VIEWPORT, goals: GOALS, results, interactions }));
}

await main();
