/**
 * bench/time-travel (issue 16): infrastructure memory at 1,000 and 10,000
 * components, each with 10 config versions and 10 runtime writes over nine
 * months (bench/lib/estate-history.ts: components created late and removed
 * early, references gained and lost, deploys lagging a config), written to
 * the store as the history holds them:
 *
 * 1. the graph as of a random past moment through the real path, a
 *    HistoryService's graphAt: cold (a fresh service: reads the history's
 *    state and the whole version index) and warm (the same service, index
 *    cached, another moment); median and max over --moments moments
 *    (seeded). Goal: < 1 s at 10,000 on the memory store. Each graph is
 *    checked against the generated history (the components alive then,
 *    each with its config version then). The time is split into the index
 *    read, the selection (selectAsOf alone), the load of version texts
 *    (readVersions, including drift's history reads) and the rest, the
 *    build and drift;
 * 2. the diff of two past moments, compare({ at, compare }): on a fresh
 *    service (both graphs built) and on one that has both cached (the diff
 *    alone), and the diff's size;
 * 3. the store's growth per sync with nothing new (goal: 0 writes): a real
 *    GraphService with the HistoryService as its history, over the embedded
 *    parameter store seeded with the estate's documents as they are now
 *    (every version): one sync (records drift, the heads having none),
 *    one with nothing changed (its report.history.written and the
 *    HistoryState before and after), one after 10 configs changed.
 *
 *   npm run bench -- time-travel [--sizes 1000,10000] [--versions 10] [--moments 5] [--store memory|gremlin|both] [--seed 16]
 *
 * The memory store lives in a temp dir; the Gremlin store gets a Gremlin
 * Server of its own per size (started and stopped here, full JIT). Prints a
 * table per store, then one JSON line: per store, per size, every figure.
 *
 * Latest figures (2026-12-03, this 2-core machine; medians, ms):
 *   memory   1,000: cold 47, warm 36, max 126, compare 94, diff 17; empty sync 0 writes
 *   memory  10,000: cold 598, warm 461, max 969 (goal < 1 s), compare 1,238, diff 179; 0 writes
 *   Gremlin  1,000: cold 656, warm 218, max 1,367, compare 943, diff 27; 0 writes
 *   Gremlin 10,000: cold 6,589 (index read 5,569), warm 1,821, max 8,187, compare 9,927, diff 153; 0 writes
 * `select` is measured after the cold build, on the index as the service
 * holds it (grouped by slot once per index).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { selectAsOf } from '@/lib/history/as-of';
import type { Graph } from '@/lib/model/graph';
import type { GraphDiff, HistoryState, VersionKey } from '@/lib/model/history';
import { settingsFileSchema } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import { GraphService, type SyncReport } from '@/lib/server/graph-service';
import { HistoryService } from '@/lib/server/history-service';
import type { GraphStore } from '@/lib/store/graph-store';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { startGremlinServer } from '../scripts/peers/gremlin.mjs';
import { median, round } from './lib/bench-args';
import { estateHistory, expectedAt, HISTORY_END, HISTORY_START, HISTORY_USER, unit, type EstateHistory } from './lib/estate-history';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    versions: { type: 'string', default: '10' },
    moments: { type: 'string', default: '5' },
    store: { type: 'string', default: 'both' },
    seed: { type: 'string', default: '16' },
  },
});
const positive = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} wants a positive integer, got "${text}"`);
  return n;
};
const SIZES = values.sizes.split(',').map((s) => positive('sizes', s));
const VERSIONS = positive('versions', values.versions);
if (VERSIONS < 6) throw new Error('--versions must be at least 6: references are gained in v3 and lost in v6');
const MOMENTS = positive('moments', values.moments);
const SEED = positive('seed', values.seed);
if (!['memory', 'gremlin', 'both'].includes(values.store)) throw new Error(`--store wants memory, gremlin or both, got "${values.store}"`);
const STORES = values.store === 'both' ? (['memory', 'gremlin'] as const) : [values.store as 'memory' | 'gremlin'];
type StoreKind = (typeof STORES)[number];

/** A benchmark wants the server in steady state, as Neptune is: full JIT, room for 200,000 version vertices. */
const BENCH_JVM_FLAGS = '-Xms1g -Xmx4g -XX:+UseParallelGC';
const CHANGED_CONFIGS = 10;
const file = settingsFileSchema.parse({});

// ---------------------------------------------------------------- the store's history reads, counted and timed

/** Time in the store's history reads during one build: wall time (calls in parallel counted once), so the rest is the build's own. */
type Reads = { stateMs: number; indexMs: number; versionsMs: number; storeMs: number; versionsCalls: number; versionsIds: number };
type Interval = [number, number];

/** The length of the union of the intervals. */
function covered(intervals: Interval[]): number {
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

function countedStore(store: GraphStore): { store: GraphStore; reads(): Reads; reset(): void } {
  const spans = { state: [] as Interval[], index: [] as Interval[], versions: [] as Interval[] };
  const counts = { versionsCalls: 0, versionsIds: 0 };
  const timed =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>, list: Interval[]) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await work(...args);
      } finally {
        list.push([started, performance.now()]);
      }
    };
  const readVersions = timed(store.readVersions.bind(store), spans.versions);
  const counted: Partial<GraphStore> = {
    readHistoryState: timed(store.readHistoryState.bind(store), spans.state),
    readVersionIndex: timed(store.readVersionIndex.bind(store), spans.index),
    readVersions: (ids) => {
      counts.versionsCalls++;
      counts.versionsIds += ids.length;
      return readVersions(ids);
    },
  };
  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop in counted) return counted[prop as keyof GraphStore];
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: wrapped,
    reads: () => ({
      stateMs: covered(spans.state),
      indexMs: covered(spans.index),
      versionsMs: covered(spans.versions),
      storeMs: covered([...spans.state, ...spans.index, ...spans.versions]),
      ...counts,
    }),
    reset() {
      for (const list of Object.values(spans)) list.length = 0;
      Object.assign(counts, { versionsCalls: 0, versionsIds: 0 });
    },
  };
}

// ---------------------------------------------------------------- checks against the generated history

type Check = { components: number; edges: number; expected: number; missing: number; extra: number; wrongVersion: number };

function check(history: EstateHistory, graph: Graph, at: string): Check {
  const expected = expectedAt(history.lives, Date.parse(at));
  let extra = 0;
  let wrongVersion = 0;
  for (const c of graph.components) {
    const version = expected.get(c.id);
    if (version === undefined) extra++;
    else if (c.configVersion !== version) wrongVersion++;
  }
  const present = new Set(graph.components.map((c) => c.id));
  const missing = [...expected.keys()].filter((id) => !present.has(id)).length;
  return { components: graph.components.length, edges: graph.edges.length, expected: expected.size, missing, extra, wrongVersion };
}

const isWrong = (c: Check) => c.missing + c.extra + c.wrongVersion > 0;
const describeCheck = (c: Check) => (isWrong(c) ? `!! ${c.missing} missing, ${c.extra} extra, ${c.wrongVersion} at the wrong config version` : 'as generated');

type DiffSize = { added: number; removed: number; changed: number; edgesAdded: number; edgesRemoved: number };
const diffSize = (d: GraphDiff): DiffSize => ({
  added: d.added.length,
  removed: d.removed.length,
  changed: d.changed.length,
  edgesAdded: d.edgesAdded.length,
  edgesRemoved: d.edgesRemoved.length,
});

function expectedDiff(history: EstateHistory, before: string, after: string): { added: number; removed: number } {
  const then = expectedAt(history.lives, Date.parse(before));
  const later = expectedAt(history.lives, Date.parse(after));
  return { added: [...later.keys()].filter((id) => !then.has(id)).length, removed: [...then.keys()].filter((id) => !later.has(id)).length };
}

// ---------------------------------------------------------------- one store, one size

type Moment = {
  at: string;
  coldMs: number;
  warmAt: string;
  warmMs: number;
  /** GC pauses during the cold and the warm build (filled in after the moments). */
  coldGcMs: number;
  warmGcMs: number;
  windows: { cold: Interval; warm: Interval };
  cold: Reads;
  warm: Reads;
  selectMs: number;
  selected: number;
  coldCheck: Check;
  warmCheck: Check;
  compareMs: number;
  diffOnlyMs: number;
  diff: DiffSize;
  diffExpected: { added: number; removed: number };
};

type SyncFigures = {
  firstSync: { ms: number; written: number; versions: number; transitions: number };
  emptySync: { ms: number; written: number; graphWritten: number };
  emptySyncStoreGrowth: { versions: number; transitions: number; revision: number };
  stateBefore: HistoryState;
  stateAfter: HistoryState;
  tenChanges: { ms: number; written: number; versions: number; transitions: number; storeGrowth: { versions: number; transitions: number; revision: number } };
};

type SizeFigures = {
  n: number;
  components: number;
  versions: number;
  generated: EstateHistory['counts'];
  seedWriteMs: number;
  seedWritten: number;
  indexReadMs: number;
  indexKeys: number;
  moments: Moment[];
  sync: SyncFigures;
};

/** `count` moments, uniform over the history's span, seeded; ISO to the second. */
function randomMoments(count: number, salt: number): string[] {
  const start = Date.parse(HISTORY_START);
  const span = Date.parse(HISTORY_END) - start;
  return Array.from({ length: count }, (_, j) => new Date(Math.floor((start + unit(SEED * 1000 + salt, j) * span) / 1000) * 1000).toISOString());
}

async function timedMs<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; window: Interval }> {
  const started = performance.now();
  const value = await work();
  const ended = performance.now();
  return { value, ms: ended - started, window: [started, ended] };
}

/** Every garbage collection's pause, to tell a slow build from one the collector stopped (a heap of 200,000 version texts is large). */
const pauses: Interval[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.startTime + entry.duration]);
}).observe({ entryTypes: ['gc'] });

/** GC pauses inside a window; asked once the observer has been told of them (after the moments). */
function gcIn([from, to]: Interval): number {
  return covered(pauses.filter(([start]) => start >= from && start < to).map(([start, end]): Interval => [start, Math.min(end, to)]));
}

function syncFailed(report: SyncReport): never {
  throw new Error(`the sync failed: ${report.error} (${report.errorDetail ?? 'no detail'})`);
}

async function runSize(kind: StoreKind, n: number, store: GraphStore, dir: string): Promise<SizeFigures> {
  process.stdout.write(`  N=${n}: generating… `);
  const history = estateHistory(n, VERSIONS);
  process.stdout.write(`${history.counts.components} components, ${history.versions.length} version records; writing them… `);
  const seeded = await timedMs(() => store.writeHistory({ versions: history.versions, transitions: [], heads: history.heads }));
  console.log(`${round(seeded.ms / 1000, 2)} s, written ${seeded.value.written}`);
  // The store holds them now; the bench's own copy would only make every collection longer than a portal's.
  const versionRecords = history.versions.length;
  history.versions.length = 0;

  const parameters = new LocalParameterFile({ file: path.join(dir, 'parameters.json') });
  writeFileSync(parameters.file, JSON.stringify(history.parameters));
  const stores = Object.entries(history.parameters.environments).map(([env, { prefix }]) => parameters.store(env, prefix));
  const sources: ParameterSources = { kind: 'local', stores, forEnv: (env) => stores.find((s) => s.env === env), localFile: parameters };

  const indexReads: number[] = [];
  let index: VersionKey[] = [];
  for (let r = 0; r < 3; r++) {
    const read = await timedMs(() => store.readVersionIndex());
    indexReads.push(read.ms);
    index = read.value;
  }
  if (index.length !== versionRecords) console.log(`  !! the index holds ${index.length} keys, ${versionRecords} were written`);

  const counted = countedStore(store);
  const service = () => new HistoryService({ store: counted.store, sources, file, current: () => store.readGraph(), backfill: false });
  const [coldAts, warmAts] = [randomMoments(MOMENTS, 1), randomMoments(MOMENTS, 2)];
  // One build first, untimed, so the moments measure the code warmed up as a serving portal runs it, not the JIT's first pass.
  await service().graphAt(HISTORY_END);
  const moments: Moment[] = [];
  for (let j = 0; j < MOMENTS; j++) {
    const s = service();
    counted.reset();
    const cold = await timedMs(() => s.graphAt(coldAts[j]));
    const coldReads = counted.reads();
    counted.reset();
    const warm = await timedMs(() => s.graphAt(warmAts[j]));
    const warmReads = counted.reads();
    const selected = await timedMs(async () => selectAsOf(index, coldAts[j]));
    const [before, after] = [coldAts[j], warmAts[j]].sort();
    // Both graphs cached on this service: the diff and the union alone.
    const diffOnly = await timedMs(() => s.compare({ at: after, compare: before }));
    // A fresh service: the index and both graphs first, as a request for two moments nobody asked for before.
    const compared = await timedMs(() => service().compare({ at: after, compare: before }));
    const moment: Moment = {
      at: coldAts[j],
      coldMs: cold.ms,
      warmAt: warmAts[j],
      warmMs: warm.ms,
      coldGcMs: 0,
      warmGcMs: 0,
      windows: { cold: cold.window, warm: warm.window },
      cold: coldReads,
      warm: warmReads,
      selectMs: selected.ms,
      selected: selected.value.length,
      coldCheck: check(history, cold.value.graph, coldAts[j]),
      warmCheck: check(history, warm.value.graph, warmAts[j]),
      compareMs: compared.ms,
      diffOnlyMs: diffOnly.ms,
      diff: diffSize(compared.value.diff),
      diffExpected: expectedDiff(history, before, after),
    };
    moments.push(moment);
    const c = moment.coldCheck;
    console.log(
      `    ${moment.at}: ${c.components} components, ${c.edges} edges (${describeCheck(c)}); cold ${Math.round(cold.ms)} ms (state ${Math.round(coldReads.stateMs)}, index ${Math.round(coldReads.indexMs)}, texts ${Math.round(coldReads.versionsMs)} in ${coldReads.versionsCalls} reads of ${coldReads.versionsIds}); ` +
        `warm ${Math.round(warm.ms)} ms (state ${Math.round(warmReads.stateMs)}, texts ${Math.round(warmReads.versionsMs)} in ${warmReads.versionsCalls} reads) at ${moment.warmAt} (${describeCheck(moment.warmCheck)}); compare ${Math.round(compared.ms)} ms, diff alone ${Math.round(diffOnly.ms)} ms: ${JSON.stringify(moment.diff)}` +
        (moment.diff.added !== moment.diffExpected.added || moment.diff.removed !== moment.diffExpected.removed ? ` !! expected ${JSON.stringify(moment.diffExpected)}` : ''),
    );
  }

  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const m of moments) Object.assign(m, { coldGcMs: gcIn(m.windows.cold), warmGcMs: gcIn(m.windows.warm) });
  console.log(`    GC pauses in the builds (ms): cold ${moments.map((m) => Math.round(m.coldGcMs)).join(', ')}; warm ${moments.map((m) => Math.round(m.warmGcMs)).join(', ')}`);

  // A sync that sees nothing new must write nothing to the history.
  const historyService = new HistoryService({ store, sources, file, current: () => store.readGraph(), backfill: false });
  const graphs = new GraphService({ sources, store, file, configRepo: null, history: historyService });
  const sync = async () => {
    const { value: report, ms } = await timedMs(() => graphs.sync('manual'));
    if (!report.ok) syncFailed(report);
    return { report, ms, history: report.history ?? { versions: 0, transitions: 0, written: 0, roundTrips: 0, pending: 0 } };
  };
  const growth = (a: HistoryState, b: HistoryState) => ({ versions: b.versions - a.versions, transitions: b.transitions - a.transitions, revision: b.revision - a.revision });
  const first = await sync();
  const stateBefore = await store.readHistoryState();
  const empty = await sync();
  const stateAfter = await store.readHistoryState();
  // Ten configs edited as a person would, each a new version in the parameter store.
  const present = history.lives.filter((l) => l.removedAt === null);
  for (let k = 0; k < CHANGED_CONFIGS; k++) {
    const life = present[Math.floor((k * present.length) / CHANGED_CONFIGS)];
    const [env, rest] = life.id.split(':');
    const target = sources.forEnv(env)!;
    const name = `${target.prefix}/${rest}/config`;
    const current = (await target.get(name))!;
    const config = JSON.parse(current.value) as { tags: Record<string, string> };
    config.tags.Bench = 'changed';
    await target.put({ name, value: JSON.stringify(config), expectedVersion: current.version, user: HISTORY_USER });
  }
  const changed = await sync();
  const stateChanged = await store.readHistoryState();
  const figures: SizeFigures = {
    n,
    components: history.counts.components,
    versions: versionRecords,
    generated: history.counts,
    seedWriteMs: seeded.ms,
    seedWritten: seeded.value.written,
    indexReadMs: median(indexReads),
    indexKeys: index.length,
    moments,
    sync: {
      firstSync: { ms: first.ms, written: first.history.written, versions: first.history.versions, transitions: first.history.transitions },
      emptySync: { ms: empty.ms, written: empty.history.written, graphWritten: empty.report.written + empty.report.removed },
      emptySyncStoreGrowth: growth(stateBefore, stateAfter),
      stateBefore,
      stateAfter,
      tenChanges: {
        ms: changed.ms,
        written: changed.history.written,
        versions: changed.history.versions,
        transitions: changed.history.transitions,
        storeGrowth: growth(stateAfter, stateChanged),
      },
    },
  };
  console.log(
    `    syncs: first ${Math.round(first.ms)} ms wrote ${first.history.written} (${first.history.versions} versions, ${first.history.transitions} transitions); ` +
      `nothing new ${Math.round(empty.ms)} ms wrote ${empty.history.written} (store ${JSON.stringify(figures.sync.emptySyncStoreGrowth)}); ` +
      `${CHANGED_CONFIGS} configs changed ${Math.round(changed.ms)} ms wrote ${changed.history.written} (${changed.history.versions} versions, ${changed.history.transitions} transitions; store ${JSON.stringify(figures.sync.tenChanges.storeGrowth)})`,
  );
  if (empty.history.written !== 0 || figures.sync.emptySyncStoreGrowth.revision !== 0) console.log('  !! the sync with nothing new wrote to the history');
  return figures;
}

// ---------------------------------------------------------------- summaries and printing

function summarise(f: SizeFigures) {
  const ms = (pick: (m: Moment) => number) => Math.round(median(f.moments.map(pick)));
  const all = f.moments;
  const other = (reads: Reads, total: number) => total - reads.storeMs;
  return {
    components: f.components,
    versionRecords: f.versions,
    generated: f.generated,
    seedWriteMs: Math.round(f.seedWriteMs),
    seedWritten: f.seedWritten,
    indexReadMs: Math.round(f.indexReadMs),
    indexKeys: f.indexKeys,
    asOfColdMs: ms((m) => m.coldMs),
    asOfWarmMs: ms((m) => m.warmMs),
    asOfMaxMs: Math.round(Math.max(...all.flatMap((m) => [m.coldMs, m.warmMs]))),
    asOfColdMaxMs: Math.round(Math.max(...all.map((m) => m.coldMs))),
    asOfWarmMaxMs: Math.round(Math.max(...all.map((m) => m.warmMs))),
    /** Medians of the cold build's parts: the state read, the index read, the selection alone, the texts (readVersions), the rest (build and drift). */
    coldPhasesMs: {
      state: round(median(all.map((m) => m.cold.stateMs))),
      index: ms((m) => m.cold.indexMs),
      select: round(median(all.map((m) => m.selectMs))),
      texts: ms((m) => m.cold.versionsMs),
      buildAndDrift: ms((m) => other(m.cold, m.coldMs)),
      gc: ms((m) => m.coldGcMs),
    },
    warmPhasesMs: {
      state: round(median(all.map((m) => m.warm.stateMs))),
      texts: ms((m) => m.warm.versionsMs),
      buildAndDrift: ms((m) => other(m.warm, m.warmMs)),
      gc: ms((m) => m.warmGcMs),
    },
    textReads: { calls: median(all.map((m) => m.cold.versionsCalls)), ids: median(all.map((m) => m.cold.versionsIds)) },
    selected: median(all.map((m) => m.selected)),
    pastComponents: all.map((m) => m.coldCheck.components),
    pastEdges: all.map((m) => m.coldCheck.edges),
    checksFailed: all.filter((m) => isWrong(m.coldCheck) || isWrong(m.warmCheck)).length,
    compareMs: ms((m) => m.compareMs),
    compareDiffOnlyMs: ms((m) => m.diffOnlyMs),
    diffSizes: all.map((m) => m.diff),
    diffMedian: {
      added: median(all.map((m) => m.diff.added)),
      removed: median(all.map((m) => m.diff.removed)),
      changed: median(all.map((m) => m.diff.changed)),
      edgesAdded: median(all.map((m) => m.diff.edgesAdded)),
      edgesRemoved: median(all.map((m) => m.diff.edgesRemoved)),
    },
    diffsAsExpected: all.every((m) => m.diff.added === m.diffExpected.added && m.diff.removed === m.diffExpected.removed),
    firstSyncHistoryWritten: f.sync.firstSync.written,
    emptySyncMs: Math.round(f.sync.emptySync.ms),
    emptySyncHistoryWritten: f.sync.emptySync.written,
    emptySyncGraphWritten: f.sync.emptySync.graphWritten,
    emptySyncStoreGrowth: f.sync.emptySyncStoreGrowth,
    historyState: { before: f.sync.stateBefore, after: f.sync.stateAfter },
    tenChangesWritten: f.sync.tenChanges.written,
    tenChangesVersions: f.sync.tenChanges.versions,
    tenChangesTransitions: f.sync.tenChanges.transitions,
    tenChangesStoreGrowth: f.sync.tenChanges.storeGrowth,
  };
}
type Summary = ReturnType<typeof summarise>;

function printTable(kind: StoreKind, rows: Summary[]): void {
  const header = ['N', 'records', 'index', 'cold', 'warm', 'max', 'select', 'texts', 'build', 'compare', 'diff', '+/−/~ comps', '+/− edges', 'empty sync', '10 changes'];
  const widths = [8, 9, 7, 7, 7, 7, 8, 7, 7, 9, 6, 18, 13, 12, 12];
  const line = (cells: Array<string | number>) => cells.map((c, i) => String(c).padStart(widths[i])).join('');
  console.log(`\n${kind} graph store: ${VERSIONS} config versions and ${VERSIONS} runtime writes per component, ${MOMENTS} moments (ms, medians; max over cold and warm)`);
  console.log(line(header));
  for (const r of rows) {
    const d = r.diffMedian;
    console.log(
      line([
        r.components,
        r.versionRecords,
        r.indexReadMs,
        r.asOfColdMs,
        r.asOfWarmMs,
        r.asOfMaxMs,
        r.coldPhasesMs.select,
        r.coldPhasesMs.texts,
        r.coldPhasesMs.buildAndDrift,
        r.compareMs,
        r.compareDiffOnlyMs,
        `${d.added}/${d.removed}/${d.changed}`,
        `${d.edgesAdded}/${d.edgesRemoved}`,
        r.emptySyncHistoryWritten,
        r.tenChangesWritten,
      ]),
    );
  }
  console.log('  index = readVersionIndex alone; cold = a fresh HistoryService (state, index, texts, build, drift); warm = the same service, another moment');
  console.log('  select = selectAsOf alone; texts = readVersions during the cold build; build = the cold build less its store reads');
  console.log('  compare = two past moments on a fresh service; diff = the same on a service holding both; empty sync / 10 changes = history records written');
}

async function openStore(kind: StoreKind, dir: string): Promise<{ store: GraphStore; close(): Promise<void> }> {
  if (kind === 'memory') {
    const store = new MemoryGraphStore({ dataDir: path.join(dir, 'store') });
    return { store, close: () => store.close() };
  }
  // A server per size: the history is the whole of what the store holds, as in a deployment.
  const server = await startGremlinServer();
  const store = new GremlinGraphStore({ endpoint: server.endpoint, iam: false, timeoutMs: 600_000 });
  return {
    store,
    close: async () => {
      await store.close().catch(() => {});
      await server.stop();
    },
  };
}

async function main(): Promise<void> {
  process.env.KARMA_GREMLIN_JVM_FLAGS ??= BENCH_JVM_FLAGS;
  console.log(`time-travel: sizes ${SIZES.join(', ')}, ${VERSIONS} versions, ${MOMENTS} moments, seed ${SEED}, stores ${STORES.join(', ')}`);
  const figures: Record<string, unknown> = { benchmark: 'time-travel', versions: VERSIONS, runtimeWrites: VERSIONS, moments: MOMENTS, seed: SEED };
  for (const kind of STORES) {
    console.log(`\n${kind} graph store`);
    const rows: Summary[] = [];
    const bySize: Record<string, Summary> = {};
    for (const n of SIZES) {
      const dir = mkdtempSync(path.join(tmpdir(), `karma-bench-time-travel-${kind}-`));
      const opened = await openStore(kind, dir);
      try {
        const summary = summarise(await runSize(kind, n, opened.store, dir));
        rows.push(summary);
        bySize[n] = summary;
      } finally {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    printTable(kind, rows);
    figures[kind] = bySize;
  }
  console.log(JSON.stringify(figures));
}

await main();
