/**
 * bench/rollout (issue 15): a rollout of 1,000 members in 20 waves of 50,
 * driven by the real RolloutDriver against moto, the demo's simulated
 * pipeline deploying instantly (delayMs 0; its runtime write wakes the
 * driver at once, as in the demo):
 *
 * - time per wave, and the overhead per wave beyond the deploy itself. A
 *   wave's deploy is the simulator's part: from the wave's first deploy
 *   request to its last runtime write (per member GetParameter ×2, then
 *   the store's put: GetParameter, PutParameter, GetParameter). The rest
 *   of the wall time is the driver's: store reads and compare-and-sets,
 *   the read of configs and runtimes before asking, the wave's start;
 * - SSM calls per observed member per tick for the watch (goal ≤ 0.1: one
 *   GetParameters call per 10 members), and every SSM call sent, per
 *   member, by operation, split into the driver's and the simulator's.
 *
 *   npm run bench -- rollout [--runs 3] [--members 1000] [--waves 20] [--tick-ms 50] [--store memory|gremlin|both]
 *
 * Each run is a fresh rollout over freshly seeded parameters (a prefix of
 * its own in one moto) in a fresh graph store; every figure is the median
 * of the runs. The graph store is the embedded one (a temp dir) unless
 * `--store` says gremlin (a Gremlin Server of its own) or both. No graph
 * sync is wired in (the driver's optional `sync`), so a wave's time is the
 * driver's and the pipeline's only. The plan is built directly: wave k's
 * members each wait for two of wave k-1's. The graph store and the SSM
 * client are counted and timed per call, to say where the overhead goes.
 *
 * Prints a table per store, then one JSON line: the memory store's figures
 * at the top level, the Gremlin store's (when run) under `gremlin`.
 *
 * First figures (2-core shared machine, --store both, tick 50 ms):
 *
 *   store     ms/wave  deploy  overhead  watch calls/observed member
 *   memory        933     774       147  0.106
 *   gremlin       961     729       232  0.106
 *
 * The watch is at its floor, ⌈n/10⌉ calls for n members still deploying
 * (above 0.1 only by the last, partial batch). The deploy is moto's
 * throughput for 250 simulator calls at once. The overhead is almost all
 * between waves (last write → next wave's first request, 150 / 213 ms):
 * about three compare-and-sets that each write all 1,000 members (memory
 * 26 ms, gremlin 37 ms each), the deploy request's read of 100 configs and
 * runtimes in 10 GetParameters one after another (~50 ms), and on Gremlin
 * each tick's listRollouts (66 ms) before getRollout reads it again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { BUILT_IN_FIELD_MIRRORS } from '@/lib/drift/field-mirrors';
import { newRollout } from '@/lib/changes/rollout-progress';
import { componentParameterName } from '@/lib/model/parameters';
import { rolloutIdOf, type PlannedMember, type PlannedWave, type Rollout, type RolloutPlan } from '@/lib/model/rollout';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { ParameterStore } from '@/lib/params/parameter-store';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { auditEvent, changeRequest } from '@/lib/store/contract/fixtures';
import type { GraphStore } from '@/lib/store/graph-store';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { simulatedDeployer } from '@/lib/workflow/deployers';
import { RolloutDriver, type Deployer, type WatchStats } from '@/lib/workflow/rollout-driver';
import { startGremlinServer } from '../scripts/peers/gremlin.mjs';
import { startMoto } from '../scripts/peers/moto.mjs';
import { median, round } from './lib/bench-args';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    members: { type: 'string', default: '1000' },
    waves: { type: 'string', default: '20' },
    'tick-ms': { type: 'string', default: '50' },
    store: { type: 'string', default: 'memory' },
  },
});
const positive = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} wants a positive integer, got "${text}"`);
  return n;
};
const RUNS = positive('runs', values.runs);
const MEMBERS = positive('members', values.members);
const WAVES = positive('waves', values.waves);
const TICK_MS = positive('tick-ms', values['tick-ms']);
if (MEMBERS % WAVES !== 0) throw new Error(`--members (${MEMBERS}) must be a multiple of --waves (${WAVES})`);
const PER_WAVE = MEMBERS / WAVES;
const STORES = values.store === 'both' ? (['memory', 'gremlin'] as const) : values.store === 'gremlin' ? (['gremlin'] as const) : (['memory'] as const);
if (!['memory', 'gremlin', 'both'].includes(values.store)) throw new Error(`--store wants memory, gremlin or both, got "${values.store}"`);
type StoreKind = (typeof STORES)[number];

const ENV = 'bench';
const TYPE = 'ecs-service';
const RUN_TIMEOUT_MS = 15 * 60_000;
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

// ---------------------------------------------------------------- SSM, counted

/** Every SSM call by operation (GetParameters split into the deploy request's read of configs and runtimes, and the watch's of runtimes only), and every HTTP attempt. */
type SsmCounts = { byOperation: Map<string, number>; msByOperation: Map<string, number>; attempts: number };

/** Set while the simulated pipeline deploys: its SSM calls are the deploy's, not the driver's. */
const inSimulator = new AsyncLocalStorage<true>();

function countingClient(endpoint: string): { client: SSMClient; counts: SsmCounts; reset(): void } {
  const counts: SsmCounts = { byOperation: new Map(), msByOperation: new Map(), attempts: 0 };
  // As createSsmClient configures it for the portal, pointed at moto.
  const client = new SSMClient({ region: 'us-east-1', endpoint, credentials, retryMode: 'adaptive', maxAttempts: 6 });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      let operation = context.commandName ?? 'unknown';
      operation = operation.replace(/Command$/, '');
      if (operation === 'GetParameters') {
        const names = ((args.input as { Names?: string[] }).Names ?? []) as string[];
        operation = names.some((n) => n.endsWith('/config')) ? 'GetParameters:request' : 'GetParameters:watch';
      }
      operation = `${inSimulator.getStore() ? 'simulator' : 'driver'}:${operation}`;
      counts.byOperation.set(operation, (counts.byOperation.get(operation) ?? 0) + 1);
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        counts.msByOperation.set(operation, (counts.msByOperation.get(operation) ?? 0) + performance.now() - started);
      }
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      counts.attempts++;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchCountAttempts' },
  );
  return {
    client,
    counts,
    reset() {
      counts.byOperation.clear();
      counts.msByOperation.clear();
      counts.attempts = 0;
    },
  };
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

// ---------------------------------------------------------------- the estate and the plan

const nickname = (i: number) => `s${String(i).padStart(4, '0')}`;
const idOf = (i: number) => `${ENV}:${TYPE}/${nickname(i)}`;

/** Wave k (1-based) holds members (k-1)·PER_WAVE …; each member past wave 1 waits for two of the previous wave's. */
function syntheticPlan(): RolloutPlan {
  const waves: PlannedWave[] = [];
  for (let w = 0; w < WAVES; w++) {
    const members: PlannedMember[] = [];
    for (let j = 0; j < PER_WAVE; j++) {
      const i = w * PER_WAVE + j;
      const waitsFor = w === 0 ? [] : [...new Set([idOf((w - 1) * PER_WAVE + j), idOf((w - 1) * PER_WAVE + ((j + 1) % PER_WAVE))])].sort();
      members.push({
        componentId: idOf(i),
        env: ENV,
        type: TYPE,
        nickname: nickname(i),
        reason: w === 0 ? 'changed' : 'must_redeploy',
        action: w === 0 ? 'update' : null,
        waitsFor,
        inCycle: false,
      });
    }
    members.sort((a, b) => a.componentId.localeCompare(b.componentId));
    waves.push({ wave: w + 1, members, envs: [ENV] });
  }
  return { waves, total: MEMBERS, cycles: [] };
}

/** Each member's config and runtime, 16 PutParameters at a time; the runtime echoes the config's desired_count (a same-key field mirror the driver checks). */
async function seed(client: SSMClient, prefix: string): Promise<void> {
  const puts: Array<{ name: string; value: string }> = [];
  for (let i = 0; i < MEMBERS; i++) {
    const key = { type: TYPE, nickname: nickname(i) };
    const desired = 1 + (i % 5);
    puts.push({ name: componentParameterName(prefix, key, 'config'), value: JSON.stringify({ ecs_cluster_nickname: 'core', desired_count: desired, image: `svc:${i}` }) });
    puts.push({
      name: componentParameterName(prefix, key, 'runtime'),
      value: JSON.stringify({ service_arn: `arn:aws:ecs:us-east-1:111122223333:service/core/${nickname(i)}`, desired_count: desired }),
    });
  }
  await inParallel(puts, 16, async ({ name, value }) => {
    await client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String' }));
  });
}

// ---------------------------------------------------------------- timing what the pipeline and the store do

type MemberTiming = { wave: number; askedAt: number; deployStartedAt: number | null; writtenAt: number | null };

/** The demo's pipeline, each ask's store wrapped so the bench sees when the simulator starts on a member and when its runtime write returns. */
function timedSimulator(onWritten: () => void): { deployer: Deployer; timings: Map<string, MemberTiming> } {
  const timings = new Map<string, MemberTiming>();
  const inner = simulatedDeployer({ delayMs: 0, mirrors: BUILT_IN_FIELD_MIRRORS, onWritten });
  const timedStore = (store: ParameterStore, timing: MemberTiming): ParameterStore =>
    new Proxy(store, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          timing.deployStartedAt ??= performance.now();
          const result = await inSimulator.run(true, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
          if (prop === 'put' || prop === 'remove') timing.writtenAt = performance.now();
          return result;
        };
      },
    });
  const deployer: Deployer = {
    target: (member) => inner.target(member),
    ask(input) {
      const timing: MemberTiming = { wave: input.member.wave, askedAt: performance.now(), deployStartedAt: null, writtenAt: null };
      timings.set(input.member.componentId, timing);
      return inner.ask({ ...input, store: timedStore(input.store, timing) });
    },
  };
  return { deployer, timings };
}

type StoreCalls = Map<string, { calls: number; ms: number }>;

/** The graph store with every method counted and timed; `onTransition` sees each compare-and-set's result. */
function timedGraphStore(store: GraphStore, onTransition: (rollout: Rollout) => void): { store: GraphStore; calls: StoreCalls } {
  const calls: StoreCalls = new Map();
  const wrapped = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (prop === 'transitionRollout') onTransition(result as Rollout);
          return result;
        } finally {
          const entry = calls.get(prop) ?? { calls: 0, ms: 0 };
          entry.calls++;
          entry.ms += performance.now() - started;
          calls.set(prop, entry);
        }
      };
    },
  });
  return { store: wrapped, calls };
}

// ---------------------------------------------------------------- one run

type RunFigures = {
  wallMs: number;
  perWaveMs: number;
  /** The simulator's part of a wave: first deploy request to last runtime write, mean over waves. */
  deployPerWaveMs: number;
  overheadPerWaveMs: number;
  /** The driver's reaction between waves: the last runtime write of wave k to the first deploy request of wave k+1, median over waves. */
  gapBetweenWavesMs: number;
  /** driver.start() to wave 1's first deploy request, and the last wave's last write to `completed`. */
  firstAskMs: number;
  completeMs: number;
  /** One member's deploy in the simulator (its 4 SSM calls), median. */
  memberDeployMs: number;
  ticks: number;
  observed: number;
  watchCalls: number;
  watchCallsPerObservedMemberPerTick: number;
  /** The driver's own count: WatchStats.watchCalls / observed (the same figure, from the driver's side). */
  statsCallsPerObserved: number;
  ssmCallsPerMember: Record<string, number>;
  ssmAttemptsPerMember: number;
  /** Time in the driver's SSM calls per wave, by operation (each driver call is sequential, so this is elapsed time). */
  driverSsmMsPerWave: Record<string, number>;
  storeCallsPerWave: Record<string, number>;
  storeMsPerWave: Record<string, number>;
  storeMsPerCall: Record<string, number>;
};

async function openGraphStore(kind: StoreKind, gremlinEndpoint: string | null): Promise<{ store: GraphStore; close(): Promise<void> }> {
  if (kind === 'memory') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'karma-bench-rollout-'));
    return { store: new MemoryGraphStore({ dataDir }), close: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const store = new GremlinGraphStore({ endpoint: gremlinEndpoint!, iam: false, timeoutMs: 120_000 });
  return { store, close: () => store.close() };
}

async function runOnce(kind: StoreKind, run: number, ssm: ReturnType<typeof countingClient>, gremlinEndpoint: string | null): Promise<RunFigures> {
  const prefix = `/bench-rollout-${kind}-${run}-${randomUUID().slice(0, 8)}/iac`;
  process.stdout.write(`  run ${run}: seeding ${2 * MEMBERS} parameters… `);
  await seed(ssm.client, prefix);
  const parameters = new SsmParameterStore({ env: ENV, prefix, client: ssm.client });
  const sources: ParameterSources = { kind: 'ssm', stores: [parameters], forEnv: (env) => (env === ENV ? parameters : undefined), localFile: null };

  const opened = await openGraphStore(kind, gremlinEndpoint);
  let settle: { resolve(r: Rollout): void; reject(e: Error): void } | null = null;
  const finished = new Promise<Rollout>((resolve, reject) => (settle = { resolve, reject }));
  let waveStartedAt: number[] = [];
  const { store, calls } = timedGraphStore(opened.store, (r) => {
    if (r.status === 'completed') settle?.resolve(r);
    else if (r.status !== 'running') settle?.reject(new Error(`the rollout stopped: ${r.status}: ${r.reason}`));
    else if (waveStartedAt[r.currentWave] === undefined) waveStartedAt[r.currentWave] = performance.now();
  });
  try {
    const request = changeRequest(idOf(0), { id: `cr:${randomUUID()}`, title: 'bench: roll out 1,000 services', status: 'applied', appliedVersion: 1 });
    await store.createChangeRequest(request, auditEvent({ changeRequestId: request.id, componentId: request.componentId, at: request.createdAt }));
    const now = new Date();
    const rollout = newRollout({ id: rolloutIdOf(request.id), request, plan: syntheticPlan(), startedBy: 'bench@example.com', now });
    await store.createRollout(
      rollout,
      auditEvent({ kind: 'rollout_started', actor: 'bench@example.com', at: now.toISOString(), changeRequestId: request.id, data: { rolloutId: rollout.id, waves: WAVES } }),
    );
    console.log('rolling out…');

    const stats: WatchStats = { watchCalls: 0, requestCalls: 0, observed: 0, ticks: 0 };
    let driver: RolloutDriver | null = null;
    const { deployer, timings } = timedSimulator(() => driver?.wake());
    driver = new RolloutDriver({
      store,
      sources,
      settings: { tickMs: TICK_MS, timeoutMinutes: { default: 30, perType: {} } },
      mirrors: BUILT_IN_FIELD_MIRRORS,
      deployer,
      stats,
    });
    ssm.reset();
    calls.clear();
    waveStartedAt = [];
    const timeout = setTimeout(() => settle?.reject(new Error(`the rollout did not complete within ${RUN_TIMEOUT_MS / 60_000} min`)), RUN_TIMEOUT_MS);
    const started = performance.now();
    driver.start();
    let done: Rollout;
    try {
      done = await finished;
    } finally {
      clearTimeout(timeout);
    }
    const ended = performance.now();
    await driver.stop();

    // It did what it should: every member deployed once, each wave asked for only after the previous wave's writes.
    const notDeployed = done.members.filter((m) => m.state !== 'deployed' || m.attempts !== 1);
    if (notDeployed.length > 0) throw new Error(`${notDeployed.length} members not deployed once, e.g. ${JSON.stringify(notDeployed[0])}`);
    if (timings.size !== MEMBERS) throw new Error(`the simulator was asked for ${timings.size} of ${MEMBERS} members`);
    const byWave = Array.from({ length: WAVES + 1 }, () => [] as MemberTiming[]);
    for (const t of timings.values()) byWave[t.wave].push(t);
    const firstAsk = (w: number) => Math.min(...byWave[w].map((t) => t.askedAt));
    const lastWrite = (w: number) => Math.max(...byWave[w].map((t) => t.writtenAt ?? Infinity));
    for (let w = 2; w <= WAVES; w++) {
      if (firstAsk(w) < lastWrite(w - 1)) throw new Error(`wave ${w} was asked for before wave ${w - 1}'s runtimes were all written`);
    }

    const wallMs = ended - started;
    let deploySum = 0;
    const gaps: number[] = [];
    for (let w = 1; w <= WAVES; w++) {
      deploySum += lastWrite(w) - firstAsk(w);
      if (w < WAVES) gaps.push(firstAsk(w + 1) - lastWrite(w));
    }
    const watchCalls = ssm.counts.byOperation.get('driver:GetParameters:watch') ?? 0;
    const perMember = (n: number) => round(n / MEMBERS, 3);
    const byOperation = Object.fromEntries([...ssm.counts.byOperation].sort(([a], [b]) => a.localeCompare(b)).map(([op, n]) => [op, perMember(n)]));
    const sum = (side: string) => [...ssm.counts.byOperation].filter(([op]) => side === '' || op.startsWith(side)).reduce((a, [, n]) => a + n, 0);
    const storeCallsPerWave: Record<string, number> = {};
    const storeMsPerWave: Record<string, number> = {};
    const storeMsPerCall: Record<string, number> = {};
    for (const [method, { calls: n, ms }] of [...calls].sort(([a], [b]) => a.localeCompare(b))) {
      storeCallsPerWave[method] = round(n / WAVES, 2);
      storeMsPerWave[method] = round(ms / WAVES, 1);
      storeMsPerCall[method] = round(ms / n, 1);
    }
    const driverSsmMsPerWave = Object.fromEntries(
      [...ssm.counts.msByOperation].filter(([op]) => op.startsWith('driver:')).map(([op, ms]) => [op.slice('driver:'.length), round(ms / WAVES, 1)]),
    );
    return {
      wallMs,
      perWaveMs: wallMs / WAVES,
      deployPerWaveMs: deploySum / WAVES,
      overheadPerWaveMs: (wallMs - deploySum) / WAVES,
      gapBetweenWavesMs: median(gaps),
      firstAskMs: firstAsk(1) - started,
      completeMs: ended - lastWrite(WAVES),
      memberDeployMs: median([...timings.values()].map((t) => (t.writtenAt ?? NaN) - (t.deployStartedAt ?? NaN))),
      ticks: stats.ticks,
      observed: stats.observed,
      watchCalls,
      watchCallsPerObservedMemberPerTick: watchCalls / stats.observed,
      statsCallsPerObserved: stats.watchCalls / stats.observed,
      ssmCallsPerMember: { ...byOperation, driver: perMember(sum('driver:')), simulator: perMember(sum('simulator:')), total: perMember(sum('')) },
      ssmAttemptsPerMember: perMember(ssm.counts.attempts),
      driverSsmMsPerWave,
      storeCallsPerWave,
      storeMsPerWave,
      storeMsPerCall,
    };
  } finally {
    await opened.close();
  }
}

// ---------------------------------------------------------------- medians and printing

function medianOf(runs: RunFigures[], pick: (r: RunFigures) => number): number {
  return median(runs.map(pick));
}

function medianRecord(runs: RunFigures[], pick: (r: RunFigures) => Record<string, number>, digits: number): Record<string, number> {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(pick(r))))];
  return Object.fromEntries(keys.map((k) => [k, round(median(runs.map((r) => pick(r)[k] ?? 0)), digits)]));
}

function summarise(runs: RunFigures[]) {
  return {
    wallMs: Math.round(medianOf(runs, (r) => r.wallMs)),
    perWaveMs: round(medianOf(runs, (r) => r.perWaveMs)),
    deployPerWaveMs: round(medianOf(runs, (r) => r.deployPerWaveMs)),
    overheadPerWaveMs: round(medianOf(runs, (r) => r.overheadPerWaveMs)),
    gapBetweenWavesMs: round(medianOf(runs, (r) => r.gapBetweenWavesMs)),
    firstAskMs: round(medianOf(runs, (r) => r.firstAskMs)),
    completeMs: round(medianOf(runs, (r) => r.completeMs)),
    memberDeployMs: round(medianOf(runs, (r) => r.memberDeployMs)),
    ticks: medianOf(runs, (r) => r.ticks),
    observed: medianOf(runs, (r) => r.observed),
    watchCalls: medianOf(runs, (r) => r.watchCalls),
    watchCallsPerObservedMemberPerTick: round(
      medianOf(runs, (r) => r.watchCallsPerObservedMemberPerTick),
      4,
    ),
    statsCallsPerObserved: round(
      medianOf(runs, (r) => r.statsCallsPerObserved),
      4,
    ),
    ssmCallsPerMember: medianRecord(runs, (r) => r.ssmCallsPerMember, 3),
    ssmAttemptsPerMember: round(
      medianOf(runs, (r) => r.ssmAttemptsPerMember),
      3,
    ),
    storeCallsPerWave: medianRecord(runs, (r) => r.storeCallsPerWave, 2),
    storeMsPerWave: medianRecord(runs, (r) => r.storeMsPerWave, 1),
    storeMsPerCall: medianRecord(runs, (r) => r.storeMsPerCall, 1),
    driverSsmMsPerWave: medianRecord(runs, (r) => r.driverSsmMsPerWave, 1),
  };
}

function printTable(kind: StoreKind, runs: RunFigures[], summary: ReturnType<typeof summarise>): void {
  const header = ['', 'wall s', 'ms/wave', 'deploy', 'overhead', 'gap', 'ticks', 'watch', 'observed', 'watch/obs', 'driver SSM/m', 'all SSM/m'];
  const row = (label: string, r: RunFigures | ReturnType<typeof summarise>) => [
    label,
    round(r.wallMs / 1000, 2),
    round(r.perWaveMs),
    round(r.deployPerWaveMs),
    round(r.overheadPerWaveMs),
    round(r.gapBetweenWavesMs),
    r.ticks,
    r.watchCalls,
    r.observed,
    round(r.watchCallsPerObservedMemberPerTick, 4),
    r.ssmCallsPerMember.driver,
    r.ssmCallsPerMember.total,
  ];
  const widths = [8, 8, 9, 8, 10, 7, 7, 7, 10, 11, 14, 11];
  const line = (cells: Array<string | number>) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('');
  console.log(`\n${kind} graph store: ${MEMBERS} members, ${WAVES} waves of ${PER_WAVE}, tick ${TICK_MS} ms, simulator delay 0 ms (times in ms unless said)`);
  console.log(line(header));
  runs.forEach((r, i) => console.log(line(row(`run ${i + 1}`, r))));
  console.log(line(row('median', summary)));
  console.log(`  deploy = the simulator's part of a wave (first deploy request → last runtime write); overhead = ms/wave − deploy`);
  console.log(
    `  gap = last runtime write of a wave → first deploy request of the next; first ask ${summary.firstAskMs} ms after start, completed ${summary.completeMs} ms after the last write`,
  );
  console.log(`  one member's deploy in the simulator (5 SSM calls, 50 members at once): ${summary.memberDeployMs} ms`);
  console.log(
    `  watch: ${summary.watchCalls} GetParameters for ${summary.observed} member observations = ${summary.watchCallsPerObservedMemberPerTick} per observed member per tick (goal ≤ 0.1); the driver's WatchStats.watchCalls/observed ${summary.statsCallsPerObserved}`,
  );
  console.log(`  SSM calls per member: ${JSON.stringify(summary.ssmCallsPerMember)}; HTTP attempts per member ${summary.ssmAttemptsPerMember}`);
  console.log(`  graph store calls per wave: ${JSON.stringify(summary.storeCallsPerWave)}`);
  console.log(`  graph store ms per wave:    ${JSON.stringify(summary.storeMsPerWave)}`);
  console.log(`  graph store ms per call:    ${JSON.stringify(summary.storeMsPerCall)}`);
  console.log(`  driver's SSM ms per wave:   ${JSON.stringify(summary.driverSsmMsPerWave)}`);
}

async function main(): Promise<void> {
  console.log(`rollout: ${MEMBERS} members in ${WAVES} waves, ${RUNS} runs, tick ${TICK_MS} ms, stores ${STORES.join(', ')}`);
  const moto = await startMoto();
  const gremlin = STORES.includes('gremlin' as never) ? await startGremlinServer() : null;
  const ssm = countingClient(moto.endpoint);
  const figures: Record<string, unknown> = { bench: 'rollout', members: MEMBERS, waves: WAVES, membersPerWave: PER_WAVE, tickMs: TICK_MS, simulatorDelayMs: 0, runs: RUNS };
  try {
    for (const kind of STORES) {
      console.log(`\n${kind} graph store`);
      const runs: RunFigures[] = [];
      for (let run = 1; run <= RUNS; run++) runs.push(await runOnce(kind, run, ssm, gremlin?.endpoint ?? null));
      const summary = summarise(runs);
      printTable(kind, runs, summary);
      if (kind === 'memory') Object.assign(figures, { store: 'memory', ...summary });
      else figures.gremlin = summary;
    }
  } finally {
    ssm.client.destroy();
    await gremlin?.stop();
    await moto.stop();
  }
  console.log(JSON.stringify(figures));
}

await main();
