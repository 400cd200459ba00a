/**
 * bench/sync-loop: what a sync costs the event loop everyone else's requests
 * wait on. Generated estates (bench/ui-render/estate.ts: the embedded
 * parameter store's file) with a config repo folder holding every config
 * (pretty-printed, as people write them), synced as the portal does:
 * loadGraph (read, build, schema check, drift), then the memory store's
 * syncGraph into an empty store. A 1 ms interval timer watches the loop;
 * the longest gap between its ticks is the longest stretch any request
 * would have waited. Every document goes through a counting parser.
 *
 *   npm run bench -- sync-loop [--n 5000,20000] [--runs 3] [--eager]
 *
 * Each size is synced `--runs` times (a fresh store each time) and each
 * figure is the median of the runs: on a shared machine a stretch can also
 * be another process holding the CPU.
 *
 * `--eager` runs the same code the way syncs ran before: every step parses
 * for itself (no parse memo) and nothing pauses, for a before/after in one
 * checkout. The config repo reader parses each Git file once more in both
 * modes (it reports files that are not JSON); that parse is counted too.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FolderConfigRepo } from '@/lib/gitconfig/read-config-repo';
import { parseOnce, type ParseMemo } from '@/lib/json/parse-once';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import { settingsFileSchema } from '@/lib/model/settings';
import { createParameterSources } from '@/lib/params/create-parameter-sources';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { LocalParameterData } from '@/lib/params/local-parameter-store';
import { NEVER_YIELD, yieldEvery } from '@/lib/server/cooperative';
import { loadGraph } from '@/lib/server/load-graph';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { median, parseSizes, round } from './lib/bench-args';
import { writeEstate } from './ui-render/estate';

type Stretch = { startedAt: number; ms: number };

/** The gaps between ticks of a 1 ms timer while it runs, less the 1 ms it waits by design: each is how long the loop was held. */
function watchLoop(): { stop(): Stretch[] } {
  const stretches: Stretch[] = [];
  let last = performance.now();
  const note = () => {
    const now = performance.now();
    if (now - last > 2) stretches.push({ startedAt: last + 1, ms: now - last - 1 });
    last = now;
  };
  const timer = setInterval(note, 1);
  return {
    stop() {
      clearInterval(timer);
      note();
      return stretches;
    },
  };
}

/** The longest stretch that began between `from` and `to`: a phase's last synchronous piece may run on into the next phase's first. */
function longest(stretches: Stretch[], from = -Infinity, to = Infinity): number {
  return stretches.filter((s) => s.startedAt >= from && s.startedAt < to).reduce((max, s) => Math.max(max, s.ms), 0);
}

/** A config repo folder with the estate's configs as config.json files; returns their texts. */
function writeConfigRepo(root: string, data: LocalParameterData): Set<string> {
  const texts = new Set<string>();
  for (const [env, { parameters }] of Object.entries(data.environments)) {
    for (const [name, versions] of Object.entries(parameters)) {
      if (!name.endsWith('/config')) continue;
      const dir = path.join(root, 'iac', env, name.slice('/iac/'.length, -'/config'.length));
      const text = `${JSON.stringify(JSON.parse(versions.at(-1)!.value), null, 2)}\n`;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'config.json'), text);
      texts.add(text);
    }
  }
  return texts;
}

type Estate = { folder: string; sources: ParameterSources; repoRoot: string; gitTexts: Set<string> };

async function prepare(n: number): Promise<Estate> {
  const folder = mkdtempSync(path.join(tmpdir(), `karma-sync-loop-${n}-`));
  const estate = writeEstate(folder, n);
  const data = JSON.parse(readFileSync(path.join(estate.dataDir, 'parameters.json'), 'utf8')) as LocalParameterData;
  const repoRoot = path.join(folder, 'config-repo');
  const gitTexts = writeConfigRepo(repoRoot, data);
  const sources = await createParameterSources({
    parameters: { kind: 'local' },
    environments: estate.envs.map((name) => ({ name, prefix: '/iac' })),
    dataDir: estate.dataDir,
    fixturesDir: path.join(folder, 'no-fixtures'),
    allowAdvancedTier: false,
  });
  return { folder, sources, repoRoot, gitTexts };
}

type Run = {
  components: number;
  documents: number;
  parsesPerDocument: number;
  maxParsesPerDocument: number;
  readMs: number;
  buildMs: number;
  /** The whole loadGraph's longest stretch, and the longest that began after the read (the sync's own code). */
  loadStretchMs: number;
  buildStretchMs: number;
  storeMs: number;
  storeStretchMs: number;
  storeAgainMs: number;
  storeAgainStretchMs: number;
};

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; stretchMs: number }> {
  const watch = watchLoop();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  return { value, ms, stretchMs: longest(watch.stop()) };
}

/** One sync as the portal runs it: loadGraph, then the memory store's syncGraph into an empty store, then again with nothing changed. */
async function syncOnce({ folder, sources, repoRoot, gitTexts }: Estate, run: number, isEager: boolean): Promise<Run> {
  const parses = new Map<string, number>();
  const counting = (text: string) => {
    parses.set(text, (parses.get(text) ?? 0) + 1);
    return parseStrictJson(text);
  };
  // Eager: a "memo" that remembers nothing, so every step parses again, as each did before the memo.
  const parse: ParseMemo = isEager ? Object.assign(counting, { remember: () => {} }) : parseOnce(counting);

  const watch = watchLoop();
  const loadStarted = performance.now();
  const { graph, readMs, buildMs } = await loadGraph({
    sources,
    file: settingsFileSchema.parse({}),
    configRepo: new FolderConfigRepo(repoRoot),
    now: new Date(),
    parse,
    yielder: isEager ? NEVER_YIELD : yieldEvery(),
  });
  // Split where the read ended: what runs before is the adapters' (the embedded store's one JSON file, the repo reader), after it the sync's own.
  const loadStretches = watch.stop();
  const readEnded = loadStarted + readMs;

  const store = new MemoryGraphStore({ dataDir: path.join(folder, `store-${run}`) });
  const first = await timed(() => store.syncGraph(graph));
  // The next sync of an estate that did not move: what a background sync costs most of the time.
  const again = await timed(() => store.syncGraph(graph));
  if (again.value.written + again.value.removed > 0) throw new Error(`the second sync wrote ${again.value.written} and removed ${again.value.removed}; nothing changed`);

  // The reader's own parse of each Git file counts once per file.
  for (const text of gitTexts) parses.set(text, (parses.get(text) ?? 0) + 1);
  const counts = [...parses.values()];
  return {
    components: graph.components.length,
    documents: counts.length,
    parsesPerDocument: counts.reduce((sum, c) => sum + c, 0) / counts.length,
    maxParsesPerDocument: Math.max(...counts),
    readMs,
    buildMs,
    loadStretchMs: longest(loadStretches),
    buildStretchMs: longest(loadStretches, readEnded),
    storeMs: first.ms,
    storeStretchMs: first.stretchMs,
    storeAgainMs: again.ms,
    storeAgainStretchMs: again.stretchMs,
  };
}

/** `--flag` and `--name value` out of argv, the rest left for parseSizes. */
function takeOptions(argv: string[]): { rest: string[]; isEager: boolean; runs: number } {
  const rest: string[] = [];
  let isEager = false;
  let runs = 3;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--eager') isEager = true;
    else if (argv[i] === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs <= 0) throw new Error(`--runs wants a positive integer, got "${argv[i]}"`);
    } else rest.push(argv[i]);
  }
  return { rest, isEager, runs };
}

async function main(): Promise<void> {
  const { rest, isEager, runs } = takeOptions(process.argv.slice(2));
  const sizes = parseSizes(rest, [5_000, 20_000]);
  const mode = isEager ? 'eager' : 'sliced';
  const figures: Record<string, number | string> = { mode, runs };
  console.log(
    `mode: ${isEager ? 'eager (each step parses for itself, nothing pauses: how syncs ran before)' : 'sliced (one parse per document, a pause every 10 ms)'}; median of ${runs} runs`,
  );
  for (const n of sizes) {
    process.stdout.write(`N=${n}: writing the estate and its config repo… `);
    const estate = await prepare(n);
    try {
      const all: Run[] = [];
      for (let run = 0; run < runs; run++) all.push(await syncOnce(estate, run, isEager));
      console.log('synced');
      const m = Object.fromEntries(Object.keys(all[0]).map((key) => [key, median(all.map((r) => r[key as keyof Run]))])) as Run;
      const ms = (value: number) => `${Math.round(value)} ms`;
      console.log(`  ${m.components} components, ${m.documents} documents (configs, runtimes, Git files)`);
      console.log(`  parses per document: ${round(m.parsesPerDocument, 2)} on average, ${m.maxParsesPerDocument} at most`);
      console.log(`  loadGraph: read (parameters, config repo) ${ms(m.readMs)}, build + schemas + drift ${ms(m.buildMs)}`);
      console.log(`    longest event-loop stretch ${ms(m.loadStretchMs)}; of those that began after the read, ${ms(m.buildStretchMs)}`);
      console.log(`  memory store syncGraph into an empty store ${ms(m.storeMs)}, longest stretch ${ms(m.storeStretchMs)}`);
      console.log(`  memory store syncGraph, nothing changed ${ms(m.storeAgainMs)}, longest stretch ${ms(m.storeAgainStretchMs)}`);
      Object.assign(figures, {
        [`n${n}_components`]: m.components,
        [`n${n}_documents`]: m.documents,
        [`n${n}_parses_per_document`]: round(m.parsesPerDocument, 2),
        [`n${n}_max_parses_per_document`]: m.maxParsesPerDocument,
        [`n${n}_read_ms`]: Math.round(m.readMs),
        [`n${n}_build_ms`]: Math.round(m.buildMs),
        [`n${n}_load_longest_stretch_ms`]: Math.round(m.loadStretchMs),
        [`n${n}_build_longest_stretch_ms`]: Math.round(m.buildStretchMs),
        [`n${n}_store_ms`]: Math.round(m.storeMs),
        [`n${n}_store_longest_stretch_ms`]: Math.round(m.storeStretchMs),
        [`n${n}_store_again_ms`]: Math.round(m.storeAgainMs),
        [`n${n}_store_again_longest_stretch_ms`]: Math.round(m.storeAgainStretchMs),
      });
    } finally {
      rmSync(estate.folder, { recursive: true, force: true });
    }
  }
  console.log(JSON.stringify(figures));
}

await main();
