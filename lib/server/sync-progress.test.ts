import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Graph } from '@/lib/model/graph';
import type { SyncPhase } from '@/lib/model/sync';
import { settingsFileSchema } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { GraphService } from './graph-service';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * Portals on one embedded store and one parameter file with two
 * environments (dev: 2 components, prod: 1); each instance's writes can be
 * held at a gate, to look at a sync while it runs.
 */
async function estate() {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-sync-progress-'));
  dirs.push(dir);
  const file = LocalParameterFile.inDataDir(dir);
  const dev = file.store('dev', '/iac');
  const prod = file.store('prod', '/prod');
  await dev.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.0.0.0/16"}', expectedVersion: null, user: 'seed' });
  await dev.put({ name: '/iac/ecs-cluster/apps/config', value: '{"vpc_nickname":"main"}', expectedVersion: null, user: 'seed' });
  await prod.put({ name: '/prod/vpc/main/config', value: '{"cidr":"10.9.0.0/16"}', expectedVersion: null, user: 'seed' });
  const instance = (name: string, { waitMs = 5_000 }: { waitMs?: number } = {}) => {
    const stores = [file.store('dev', '/iac'), file.store('prod', '/prod')];
    const sources: ParameterSources = { kind: 'local', stores, forEnv: (env) => stores.find((s) => s.env === env), localFile: file };
    const store = new MemoryGraphStore({ dataDir: dir });
    const gates: Array<() => void> = [];
    let isGated = false;
    const gated = Object.assign(Object.create(store) as MemoryGraphStore, {
      async syncGraph(graph: Graph) {
        if (isGated) await new Promise<void>((open) => gates.push(open));
        return store.syncGraph(graph);
      },
    });
    const service = new GraphService({ sources, store: gated, file: settingsFileSchema.parse({}), configRepo: null, instanceId: name, syncLease: { ttlMs: 60_000, waitMs } });
    const hold = () => (isGated = true);
    /** Resolves once a sync waits at the gate, and lets it through. */
    const openGate = async () => {
      while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      isGated = false;
      gates.shift()!();
    };
    const atGate = async () => {
      while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    return { service, hold, openGate, atGate };
  };
  return { dev, instance };
}

describe('sync progress', () => {
  it('is null before the first sync, then goes waiting → reading → building → writing → done with the counts', async () => {
    const { instance } = await estate();
    const a = instance('a');
    expect(a.service.syncProgress.current).toBeNull();
    const phases: SyncPhase[] = [];
    a.service.syncProgress.onChange((progress) => {
      if (phases.at(-1) !== progress.phase) phases.push(progress.phase);
    });
    a.hold();
    const sync = a.service.sync('manual');
    await a.atGate();

    expect(a.service.syncProgress.isRunning).toBe(true);
    expect(a.service.syncProgress.current).toMatchObject({
      phase: 'writing',
      trigger: 'manual',
      run: 1,
      environments: { read: 2, total: 2 },
      parameters: 3,
      components: 3,
      written: null,
      finishedAt: null,
    });
    await a.openGate();
    const report = await sync;

    expect(phases).toEqual(['waiting', 'reading', 'building', 'writing', 'done']);
    expect(a.service.syncProgress.current).toMatchObject({
      phase: 'done',
      components: 3,
      written: report.written,
      removed: 0,
      durationMs: report.durationMs,
      isDelegated: false,
      error: null,
    });
    expect(report.written).toBeGreaterThan(0);
    expect(a.service.syncProgress.current?.finishedAt).not.toBeNull();
    // Two environments of a few parameters each: one GetParametersByPath page each.
    expect(a.service.syncProgress.lastPages).toBe(2);
  });

  it('says a sync failed, and why', async () => {
    const { instance } = await estate();
    const a = instance('a');
    const broken = Object.assign(Object.create(a.service.store) as MemoryGraphStore, {
      acquireLease: async () => {
        throw new Error('the store is down');
      },
    });
    const service = new GraphService({
      sources: { kind: 'local', stores: [], forEnv: () => undefined, localFile: null },
      store: broken,
      file: settingsFileSchema.parse({}),
      configRepo: null,
    });
    const report = await service.sync('manual');
    expect(report.ok).toBe(false);
    expect(service.syncProgress.current).toMatchObject({ phase: 'failed', error: 'the store is down' });
  });

  it('lets a listener that throws not stop the sync', async () => {
    const { instance } = await estate();
    const a = instance('a');
    a.service.syncProgress.onChange(() => {
      throw new Error('closed stream');
    });
    expect((await a.service.sync('manual')).ok).toBe(true);
    expect(a.service.syncProgress.current?.phase).toBe('done');
  });
});

describe('background syncs across instances', () => {
  it('skip when another instance holds the sync lease: no wait, no wish that makes the holder run again', async () => {
    const { instance } = await estate();
    const a = instance('a');
    const b = instance('b');
    a.hold();
    const leading = a.service.sync('manual');
    await a.atGate();

    const background = await b.service.sync('interval');
    expect(background).toMatchObject({ ok: true, runs: 0, delegatedTo: expect.stringMatching(/^a\//) });
    // B read nothing and says nothing about a sync of its own.
    expect(b.service.lastSyncReport).toBeNull();
    expect(b.service.syncProgress.current).toBeNull();

    await a.openGate();
    expect(await leading).toMatchObject({ ok: true, runs: 1 });
  });

  it('while a manual sync on another instance still waits, asks it to run again, and shows whom it waited for', async () => {
    const { instance } = await estate();
    const a = instance('a');
    const b = instance('b', { waitMs: 50 });
    a.hold();
    const leading = a.service.sync('manual');
    await a.atGate();

    const waitedFor: Array<string | null | undefined> = [];
    b.service.syncProgress.onChange((progress) => {
      if (progress.phase === 'waiting') waitedFor.push(progress.leaseHolder);
    });
    const manual = b.service.sync('manual');
    expect(await manual).toMatchObject({ ok: true, runs: 0, delegatedTo: expect.stringMatching(/^a\//) });
    expect(b.service.syncProgress.current).toMatchObject({ phase: 'done', isDelegated: true, leaseHolder: expect.stringMatching(/^a\//) });
    // First while it takes the lease, then naming the instance that holds it.
    expect(waitedFor).toEqual([null, expect.stringMatching(/^a\//)]);

    await a.openGate();
    expect(await leading).toMatchObject({ ok: true, runs: 2 });
    expect(a.service.syncProgress.current).toMatchObject({ phase: 'done', run: 2 });
  });

  it('on one instance, a background sync due during another sync is that sync, not one more after it', async () => {
    const { instance } = await estate();
    const a = instance('a');
    a.hold();
    const manual = a.service.sync('manual');
    const background = a.service.sync('interval');
    expect(background).toBe(manual);
    await a.openGate();
    expect((await background).trigger).toBe('manual');
  });
});
