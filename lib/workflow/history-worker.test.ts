import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/model/errors';
import { historyVersionId } from '@/lib/model/history';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import type { ParameterStore } from '@/lib/params/parameter-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { HistoryWorker, type HistoryWorkerDeps } from './history-worker';
import { sourcesOf } from './testing/review-harness';
import { listedVersion, writeFirstSyncHistory } from './testing/first-sync-history';

const REQUEST = 'cr:5d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6';
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** An embedded parameter store whose clock moves a second per write, and a memory graph store, in a fresh folder. */
async function setup() {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-history-worker-'));
  dirs.push(dir);
  let tick = Date.parse('2026-01-01T00:00:00.000Z');
  const params = LocalParameterFile.inDataDir(dir, () => new Date((tick += 1_000))).store('dev', '/iac');
  const graph = new MemoryGraphStore({ dataDir: dir });
  return { dir, params, graph };
}

async function writeVersions(params: ParameterStore, name: string, count: number, describe = (v: number) => `Terraform apply ${v}`): Promise<void> {
  const current = (await params.get(name))?.version ?? 0;
  for (let v = current + 1; v <= current + count; v++) {
    await params.put({ name, value: JSON.stringify({ v }), expectedVersion: v === 1 ? null : v - 1, user: v % 2 ? 'terraform' : 'alice', description: describe(v) });
  }
}

/** Every history call the worker makes through a store, by parameter name. */
function counted(params: ParameterStore, before?: (name: string) => Promise<void>): { store: ParameterStore; reads: string[] } {
  const reads: string[] = [];
  const store = Object.create(params) as ParameterStore;
  store.history = async (name, options) => {
    reads.push(name);
    await before?.(name);
    return params.history(name, options);
  };
  return { store, reads };
}

function worker(graph: MemoryGraphStore, params: ParameterStore, deps: Partial<HistoryWorkerDeps> = {}): HistoryWorker {
  return new HistoryWorker({ store: graph, sources: sourcesOf([params]), callsPerSecond: null, batchComponents: 2, ...deps });
}

describe('the history worker', () => {
  it('records every version of every pending slot with its author and Description, under the ids the sync gave, and empties pending', async () => {
    const { params, graph } = await setup();
    await writeVersions(params, '/iac/vpc/main/config', 3, (v) => (v === 3 ? `Karma change request ${REQUEST}: wider (by bob)` : `Terraform apply ${v}`));
    await writeVersions(params, '/iac/vpc/main/runtime', 2);
    await writeVersions(params, '/iac/lambda/big/config', 120);
    await writeVersions(params, '/iac/sqs-queue/jobs/config', 1);
    await writeFirstSyncHistory(graph, params, { extra: [{ env: 'dev', type: 'vpc', nickname: 'gone' }] });
    expect((await graph.readHistoryState()).pendingComponents).toBe(4);

    const report = await worker(graph, params).runOnce();

    expect(report).toMatchObject({ ok: true, components: 4, remaining: 0, failed: 0, stopped: null, heldBy: null });
    // vpc/main: 2 slots of 1 page; lambda/big: 2 pages of config, 1 of runtime (empty); the queue and the gone vpc: 1 each.
    expect(report.pages).toBe(2 + 3 + 2 + 2);
    expect(report.versions).toBe(3 + 2 + 100 + 1);
    const index = await graph.readVersionIndex({ componentId: 'dev:lambda/big' });
    expect(index.map((k) => k.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 21));
    const [v3] = await graph.readVersions([historyVersionId('dev:vpc/main', 'config', 3, (await params.get('/iac/vpc/main/config'))!.modifiedAt)]);
    // The record the listing made gained what it lacked.
    expect(v3).toMatchObject({ version: 3, source: 'sync', modifiedBy: 'terraform', description: expect.stringContaining(REQUEST), changeRequestId: REQUEST });
    const heads = await graph.readHistoryHeads();
    expect(heads.map((h) => [h.componentId, h.pending])).toEqual(
      expect.arrayContaining([
        ['dev:vpc/main', []],
        ['dev:lambda/big', []],
        ['dev:vpc/gone', []],
      ]),
    );
  });

  it('with nothing pending reads nothing and writes nothing; a second read of what it read writes nothing either', async () => {
    const { params, graph } = await setup();
    await writeVersions(params, '/iac/vpc/main/config', 2);
    await writeFirstSyncHistory(graph, params);
    const { store, reads } = counted(params);
    await worker(graph, store).runOnce();
    const { revision } = await graph.readHistoryState();
    reads.length = 0;

    const idle = await worker(graph, store).runOnce();

    expect(idle).toMatchObject({ ok: true, calls: 0, pages: 0, written: 0, components: 0, remaining: 0 });
    expect(reads).toEqual([]);
    expect((await graph.readHistoryState()).revision).toBe(revision);

    // The heads made pending again (a new listing): the versions it reads again are already whole.
    const heads = await graph.readHistoryHeads();
    await graph.writeHistory({ versions: [], transitions: [], heads: heads.map((h) => ({ ...h, pending: ['config'] })) });
    const again = await worker(graph, store).runOnce();
    expect(again).toMatchObject({ components: 1, versions: 2, written: 1 });
  });

  it('leaves a slot pending when a sync recorded a newer version while it read', async () => {
    const { params, graph } = await setup();
    await writeVersions(params, '/iac/vpc/main/config', 2);
    await writeVersions(params, '/iac/vpc/main/runtime', 1);
    await writeFirstSyncHistory(graph, params);
    const { store } = counted(params);
    // The read sees the parameter as it was; then a write lands and a sync records it, before the worker writes.
    store.history = async (name, options) => {
      const read = await params.history(name, options);
      if (name.endsWith('/config')) {
        await writeVersions(params, name, 1);
        const newest = (await params.get(name))!;
        const [headNow] = await graph.readHistoryHeads(['dev:vpc/main']);
        const version = listedVersion({ env: 'dev', type: 'vpc', nickname: 'main' }, 'config', newest, new Date().toISOString());
        await graph.writeHistory({
          versions: [version],
          transitions: [],
          heads: [{ ...headNow, config: { id: version.id, version: 3, modifiedAt: newest.modifiedAt, hash: version.hash, removed: false }, pending: ['config', 'runtime'] }],
        });
      }
      return read;
    };

    const report = await worker(graph, store).runOnce();

    expect(report).toMatchObject({ ok: true, components: 0, remaining: 1 });
    const [head] = await graph.readHistoryHeads(['dev:vpc/main']);
    expect(head.pending).toEqual(['config']);
    expect(head.config?.version).toBe(3);
    // The next run reads it again and settles it.
    expect(await worker(graph, params).runOnce()).toMatchObject({ components: 1, remaining: 0 });
  });

  it('reads again after SSM throttled it, and counts every call', async () => {
    const { params, graph } = await setup();
    await writeVersions(params, '/iac/vpc/main/config', 2);
    await writeFirstSyncHistory(graph, params);
    let throttles = 2;
    const { store } = counted(params, async () => {
      if (throttles-- > 0) throw new AppError('unavailable', 'SSM for environment "dev" is throttling Karma', { details: { isThrottled: true } });
    });
    const pauses: number[] = [];
    const clock = { now: () => 0, sleep: async (ms: number) => void pauses.push(ms) };

    const report = await worker(graph, store, { clock, concurrency: 1 }).runOnce();

    expect(report).toMatchObject({ ok: true, components: 1, retries: 2, failed: 0, remaining: 0 });
    expect(pauses).toHaveLength(2);
    expect(pauses[1]).toBeGreaterThan(pauses[0]);
  });

  it('stops after five failed reads in a row and leaves them pending; nothing read is lost', async () => {
    const { params, graph } = await setup();
    for (const nickname of ['a', 'b', 'c', 'd', 'e', 'f']) await writeVersions(params, `/iac/vpc/${nickname}/config`, 1);
    await writeFirstSyncHistory(graph, params);
    const { store } = counted(params, async (name) => {
      if (!name.includes('/vpc/a/')) throw new AppError('unavailable', 'SSM for environment "dev" refused Karma\'s credentials');
    });

    const report = await worker(graph, store, { concurrency: 1 }).runOnce();

    expect(report).toMatchObject({ ok: false, stopped: 'failing', components: 1, failed: 5, error: expect.stringContaining('refused') });
    expect(report.remaining).toBe(5);
  });

  it('paces every page of every slot through one bucket', async () => {
    const { params, graph } = await setup();
    await writeVersions(params, '/iac/lambda/big/config', 60);
    await writeVersions(params, '/iac/vpc/main/config', 1);
    await writeFirstSyncHistory(graph, params);
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };

    const report = await worker(graph, params, { clock, callsPerSecond: 5 }).runOnce();

    // Two pages and an empty runtime for the lambda, two slots for the vpc: 5 calls, 200 ms apart after the first.
    expect(report.calls).toBe(5);
    expect(now).toBe(800);
  });

  it('leaves the work to the instance holding the lease, and takes over one left by a killed process of this host', async () => {
    const { params, graph } = await setup();
    await writeVersions(params, '/iac/vpc/main/config', 1);
    await writeFirstSyncHistory(graph, params);
    await graph.acquireLease({ name: 'history', holder: 'other-host:42/0a1b2c3d', ttlMs: 60_000 });

    expect(await worker(graph, params).runOnce()).toMatchObject({ heldBy: 'other-host:42/0a1b2c3d', calls: 0, remaining: 1 });

    await graph.releaseLease({ name: 'history', holder: 'other-host:42/0a1b2c3d', ttlMs: 60_000 });
    const dead = `${hostname()}:999999/0a1b2c3d`;
    await graph.acquireLease({ name: 'history', holder: dead, ttlMs: 60_000 });
    expect(await worker(graph, params, { isProcessAlive: () => true }).runOnce()).toMatchObject({ heldBy: dead });
    expect(await worker(graph, params, { isProcessAlive: () => false }).runOnce()).toMatchObject({ heldBy: null, components: 1, remaining: 0 });
  });

  it('stops without writing when another instance took the lease while it read', async () => {
    const { params, graph } = await setup();
    await writeVersions(params, '/iac/vpc/main/config', 1);
    await writeFirstSyncHistory(graph, params);
    const thief = { holder: '' };
    const { store } = counted(params, async () => {
      await graph.acquireLease({ name: 'history', holder: 'thief:1/00000000', ttlMs: 60_000, takeOverPrefix: thief.holder });
    });
    const w = worker(graph, store);
    thief.holder = w.holder;
    const { revision } = await graph.readHistoryState();

    expect(await w.runOnce()).toMatchObject({ stopped: 'lease_lost', components: 0, remaining: 1 });
    expect((await graph.readHistoryState()).revision).toBe(revision);
  });

  it('runs once at a time in a process: a second call joins the run under way', async () => {
    const { params, graph } = await setup();
    await writeVersions(params, '/iac/vpc/main/config', 1);
    await writeFirstSyncHistory(graph, params);
    const { store, reads } = counted(params);
    const w = worker(graph, store);

    const [a, b] = await Promise.all([w.runOnce(), w.runOnce()]);

    expect(a).toBe(b);
    expect(reads).toHaveLength(2);
  });
});
