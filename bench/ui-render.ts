/**
 * bench/ui-render: how long the graph view takes from navigation to its
 * first complete render (layout done and painted: the `karma:graph-rendered`
 * mark) for generated estates of 500, 2,000 and 5,000 components (~2
 * references each), next to a bare cytoscape page (static HTML, the same
 * elements, stylesheet, renderer and layout code, no React/Next) in the same
 * browser, so the ratio is the app's overhead. The app is the real build in
 * demo mode over a data folder seeded with the generated parameters: the
 * real /api/graph serves them. Cold cache (a new browser context) per run.
 *
 *   flock /tmp/karma-next.lock npm run bench -- ui-render [--n 500,2000,5000] [--runs 5] [--no-build] [--renderer auto|canvas|webgl]
 *   (the app listens on UI_RENDER_PORT, default 3101)
 *
 * Prints a table, then one line with a JSON object of the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { build } from 'esbuild';
import { toElements } from '@/components/graph/to-elements';
import type { GraphResponse } from '@/lib/model/api';
import { CHROMIUM_LAUNCH_ARGS, ensureChromium } from '../scripts/peers/chromium.mjs';
import { findFreePort } from '../scripts/peers/ports.mjs';
import { ensureBuild, nextBin } from '../scripts/lib/build.mjs';
import { repoRoot, spawnDetached, stopProcessGroup, waitFor } from '../scripts/peers/proc.mjs';
import { median, parseSizes, round } from './lib/bench-args';
import { writeEstate } from './ui-render/estate';

const VIEWPORT = { width: 1280, height: 800 };
const GOAL = { n: 2000, ms: 2000, ratio: 1.3 };

type Sample = { totalMs: number; layoutMs: number; apiMs: number | null; renderer: string; layout: string };

type Args = { sizes: number[]; runs: number; isBuilding: boolean; renderer: 'auto' | 'canvas' | 'webgl' };

function parseArgs(argv: string[]): Args {
  let runs = 5;
  let isBuilding = true;
  let renderer: Args['renderer'] = 'auto';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--no-build') isBuilding = false;
    else if (argv[i] === '--renderer') renderer = argv[++i] as Args['renderer'];
    else rest.push(argv[i]);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a positive integer');
  if (!['auto', 'canvas', 'webgl'].includes(renderer)) throw new Error('--renderer is auto, canvas or webgl');
  return { sizes: parseSizes(rest, [500, 2000, 5000]), runs, isBuilding, renderer };
}

/** The production build the app benchmark runs against: the one build script the demo and the tests use. */
function buildApp(): void {
  if (!ensureBuild()) throw new Error('next build failed');
}

/** The bare page's script: cytoscape, the layouts and the stylesheet, bundled like the app bundles them. */
async function bundleBarePage(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'bench', 'ui-render', 'bare-entry.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    tsconfig: path.join(repoRoot, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** Serves the bare page (HTML with the elements inline, and the script) over HTTP, like the app. */
async function serveBarePage(script: string): Promise<{ server: Server; url: string; setHtml: (html: string) => void }> {
  let html = '';
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/bare.js')) {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    }
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${port}/`, setHtml: (next) => (html = next) };
}

function barePageHtml(response: GraphResponse, canvas: { width: number; height: number }): string {
  const { elements, componentCount } = toElements(response);
  // `<` escaped so no value can close the script element.
  const input = JSON.stringify({ elements, componentCount }).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>bare cytoscape</title>
<style>html,body{margin:0;height:100%;font-family:ui-sans-serif,system-ui,sans-serif}#cy{position:absolute;left:0;top:0;width:${canvas.width}px;height:${canvas.height}px}</style>
</head><body><div id="cy"></div><script>window.__KARMA_BENCH__=${input}</script><script src="/bare.js"></script></body></html>`;
}

async function startApp(port: number, estate: ReturnType<typeof writeEstate>, logFile: string) {
  const env = { ...process.env, KARMA_DEMO: '1', KARMA_DATA_DIR: estate.dataDir, KARMA_SETTINGS: estate.settingsFile, NEXT_TELEMETRY_DISABLED: '1' };
  const child = spawnDetached(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: repoRoot, env, logFile });
  await waitFor(
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
      if (!response) return false;
      const health = (await response.json()) as { lastSync: { ok: boolean; components: number } | null };
      return health.lastSync?.ok === true && health.lastSync.components === estate.components;
    },
    { timeoutMs: 180_000, intervalMs: 500, description: `the app to sync ${estate.components} components (log: ${logFile})` },
  );
  return child;
}

async function signIn(context: BrowserContext): Promise<void> {
  const { csrfToken } = (await (await context.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await context.request.post('/api/auth/callback/demo', { form: { csrfToken, username: 'victor', callbackUrl: '/', json: 'true' } });
  if (!response.ok()) throw new Error(`demo sign-in failed: ${response.status()}`);
}

/** One cold load: a new context, navigation, and the time of the rendered mark (ms since navigation start). */
async function measure(browser: Browser, url: string, { isApp }: { isApp: boolean }): Promise<Sample & { canvas: { width: number; height: number } }> {
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
      await page.waitForFunction(() => (window as unknown as { __karmaRender?: { state: string } }).__karmaRender?.state === 'done', undefined, { timeout: 120_000, polling: 50 });
    } catch (error) {
      const shot = path.join(tmpdir(), `karma-ui-render-failed-${Date.now()}.png`);
      await page.screenshot({ path: shot });
      throw new Error(`${url} did not finish rendering (screenshot ${shot}; page errors: ${errors.join(' | ') || 'none'})`, { cause: error });
    }
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

async function main(): Promise<void> {
  const { sizes, runs, isBuilding, renderer } = parseArgs(process.argv.slice(2));
  const query = renderer === 'auto' ? '' : `?renderer=${renderer}`;
  const executablePath = await ensureChromium({ log: (line) => console.log(line) });
  if (isBuilding) buildApp();
  const folder = mkdtempSync(path.join(tmpdir(), 'karma-ui-render-'));
  const bare = await serveBarePage(await bundleBarePage());
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_LAUNCH_ARGS] });
  // The graph UI's port (see the team's port plan); the bare page gets any free one.
  const port = Number(process.env.UI_RENDER_PORT ?? 3101);
  const appUrl = `http://127.0.0.1:${port}/${query}`;
  const results: Array<{ n: number; edges: number; appMs: number; bareMs: number; ratio: number; appLayoutMs: number; bareLayoutMs: number; apiMs: number | null; renderer: string; layout: string }> = [];
  try {
    for (const n of sizes) {
      const estate = writeEstate(folder, n);
      const app = await startApp(port, estate, path.join(folder, `app-${n}.log`));
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
        });
        const r = results.at(-1)!;
        console.log(`n=${r.n} (${r.edges} edges, ${r.layout}, ${r.renderer}): app ${r.appMs} ms, bare ${r.bareMs} ms, ratio ${r.ratio}`);
      } finally {
        await stopProcessGroup(app);
      }
    }
  } finally {
    await browser.close();
    bare.server.close();
    rmSync(folder, { recursive: true, force: true });
  }

  console.log('\nTime from navigation to the first complete render (median of %d cold loads, Chromium %dx%d, renderer %s)\n', runs, VIEWPORT.width, VIEWPORT.height, renderer);
  console.log('components  edges  layout          renderer  app ms  bare ms  ratio  app layout ms  bare layout ms  /api/graph done at ms');
  for (const r of results) {
    console.log(
      `${String(r.n).padStart(10)}  ${String(r.edges).padStart(5)}  ${r.layout.padEnd(14)}  ${r.renderer.padEnd(8)}  ${String(r.appMs).padStart(6)}  ${String(r.bareMs).padStart(7)}  ${r.ratio.toFixed(2).padStart(5)}  ${String(r.appLayoutMs).padStart(13)}  ${String(r.bareLayoutMs).padStart(14)}  ${String(r.apiMs ?? '—').padStart(21)}`,
    );
  }
  const goal = results.find((r) => r.n === GOAL.n);
  if (goal) console.log(`\nGoal for ${GOAL.n} components: under ${GOAL.ms} ms (${goal.appMs} ms) and a ratio ≤ ${GOAL.ratio} (${goal.ratio}).`);
  console.log(JSON.stringify({ bench: 'ui-render', runs, renderer, viewport: VIEWPORT, results }));
}

/** /api/graph as the benchmark's user sees it: the bare page gets the same elements. */
async function readGraph(browser: Browser, appUrl: string): Promise<GraphResponse> {
  const context = await browser.newContext({ baseURL: appUrl });
  try {
    await signIn(context);
    const response = await context.request.get('/api/graph');
    if (!response.ok()) throw new Error(`/api/graph answered ${response.status()}`);
    return (await response.json()) as GraphResponse;
  } finally {
    await context.close();
  }
}

await main();
