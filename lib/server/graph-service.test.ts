import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Graph } from '@/lib/model/graph';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { settingsFileSchema } from '@/lib/model/settings';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { GraphService } from './graph-service';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A real embedded setup whose store holds each sync at a gate until the test opens it. */
async function setup() {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-graph-service-'));
  dirs.push(dir);
  const file = LocalParameterFile.inDataDir(dir);
  const params = file.store('dev');
  await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.0.0.0/16"}', expectedVersion: null, user: 'seed' });
  const sources: ParameterSources = { kind: 'local', stores: [params], forEnv: () => params, localFile: file };
  const store = new MemoryGraphStore({ dataDir: dir });
  const gates: Array<() => void> = [];
  const synced: Graph[] = [];
  const gated = Object.assign(Object.create(store) as MemoryGraphStore, {
    async syncGraph(graph: Graph) {
      await new Promise<void>((open) => gates.push(open));
      synced.push(graph);
      return store.syncGraph(graph);
    },
  });
  const service = new GraphService({ sources, store: gated, file: settingsFileSchema.parse({}), configRepo: null });
  const openNextGate = async () => {
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    gates.shift()!();
  };
  return { service, params, synced, openNextGate };
}

describe('GraphService.sync', () => {
  it('answers a call made during a sync with the next sync, shared by everyone who asked meanwhile', async () => {
    const { service, params, synced, openNextGate } = await setup();
    const first = service.sync('start');
    await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.1.0.0/16"}', expectedVersion: 1, user: 'bob' });
    const afterWrite = service.sync('apply');
    const alsoAfterWrite = service.sync('manual');
    expect(alsoAfterWrite).toBe(afterWrite);

    await openNextGate();
    expect((await first).ok).toBe(true);
    await openNextGate();
    const report = await afterWrite;

    expect(report.trigger).toBe('apply');
    expect(synced).toHaveLength(2);
    expect(synced[1].components[0].configVersion).toBe(2);
    expect((await service.readGraph()).graph.components[0].config).toEqual({ cidr: '10.1.0.0/16' });
  });

  it('starts a fresh sync when none is running', async () => {
    const { service, openNextGate } = await setup();
    const one = service.sync('manual');
    await openNextGate();
    await one;
    const two = service.sync('manual');
    expect(two).not.toBe(one);
    await openNextGate();
    expect((await two).ok).toBe(true);
  });
});

/** Two portals on one embedded store and one parameter file: separate store objects, as separate processes would have. */
async function twoInstances({ waitMs }: { waitMs: number }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-graph-service-'));
  dirs.push(dir);
  const file = LocalParameterFile.inDataDir(dir);
  const params = file.store('dev');
  await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.0.0.0/16"}', expectedVersion: null, user: 'seed' });
  const instance = (name: string, readGate?: () => Promise<void>) => {
    const store = file.store('dev');
    const slowed = readGate
      ? Object.assign(Object.create(store) as typeof store, {
          readAll: async () => {
            const read = await store.readAll();
            await readGate();
            return read;
          },
        })
      : store;
    const sources: ParameterSources = { kind: 'local', stores: [slowed], forEnv: () => slowed, localFile: file };
    return new GraphService({
      sources,
      store: new MemoryGraphStore({ dataDir: dir }),
      file: settingsFileSchema.parse({}),
      configRepo: null,
      instanceId: name,
      syncLease: { ttlMs: 60_000, waitMs },
    });
  };
  return { dir, params, instance };
}

describe('GraphService.sync across instances', () => {
  it.each([
    ['asks the slow one to run again when it cannot wait', 50],
    ['waits for the slow one and then syncs itself', 5_000],
  ])('never lets a sync that read before an apply undo the applier’s sync: %s', async (_, waitMs) => {
    const { params, instance } = await twoInstances({ waitMs });
    let release: () => void = () => {};
    let isFirstRead = true;
    // Instance A's first read holds at the gate after reading: it saw version 1 and has not written yet.
    const a = instance('a', () => {
      if (!isFirstRead) return Promise.resolve();
      isFirstRead = false;
      return new Promise<void>((open) => (release = open));
    });
    const b = instance('b');
    const slow = a.sync('interval');
    while (isFirstRead) await new Promise((resolve) => setTimeout(resolve, 5));

    await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.1.0.0/16"}', expectedVersion: 1, user: 'bob' });
    const applierSync = b.sync('apply');
    if (waitMs < 1_000) {
      const report = await applierSync;
      expect(report).toMatchObject({ ok: true, runs: 0, delegatedTo: expect.stringMatching(/^a\//) });
      // B read nothing: it has not synced, whatever it asked for.
      expect(b.lastSyncReport).toBeNull();
      release();
      expect(await slow).toMatchObject({ ok: true, runs: 2 });
    } else {
      setTimeout(() => release(), 100);
      expect(await slow).toMatchObject({ ok: true, runs: 1 });
      expect(await applierSync).toMatchObject({ ok: true, runs: 1, delegatedTo: null, written: 1 });
    }

    for (const service of [a, b]) {
      // What the follower does every second: B's sync is served by A too.
      await service.refresh();
      const { graph } = await service.readGraph();
      expect(graph.components[0]).toMatchObject({ configVersion: 2, config: { cidr: '10.1.0.0/16' } });
    }
  });
});

describe('GraphService when the store loses its data', () => {
  it('notices the graph is gone, serves the last good one flagged stale meanwhile, and re-syncs at once', async () => {
    const { dir, instance } = await twoInstances({ waitMs: 1_000 });
    const service = instance('a');
    expect((await service.sync('start')).ok).toBe(true);
    await rm(path.join(dir, 'graph.json'));
    // The follower's next look at the store finds no graph.
    await service.refresh();

    const during = await service.readGraph();
    expect(during).toMatchObject({ stale: true });
    expect(during.graph.components.map((c) => c.id)).toEqual(['dev:vpc/main']);
    expect(service.isRecovering).toBe(true);

    await expect.poll(() => service.checkStore()).toBe('ok');
    expect(service.lastSyncReport).toMatchObject({ trigger: 'recover', ok: true });
    const after = await service.readGraph();
    expect(after.stale).toBe(false);
    expect(after.graph.components.map((c) => c.id)).toEqual(['dev:vpc/main']);
  });

  it('with nothing to fall back on, answers once the re-sync is done', async () => {
    const { dir, instance } = await twoInstances({ waitMs: 1_000 });
    await instance('a').sync('start');
    await rm(path.join(dir, 'graph.json'));

    const fresh = instance('b');
    const read = await fresh.readGraph();
    expect(read.stale).toBe(false);
    expect(read.graph.components.map((c) => c.id)).toEqual(['dev:vpc/main']);
    expect(fresh.lastSyncReport).toMatchObject({ trigger: 'recover', ok: true });
  });
});

describe('GraphService reads for a view', () => {
  /** dev: api → cluster → vpc, synced. */
  async function estate() {
    const { dir, params, instance } = await twoInstances({ waitMs: 1_000 });
    await params.put({ name: '/iac/ecs-cluster/apps/config', value: '{"vpc_nickname":"main"}', expectedVersion: null, user: 'seed' });
    await params.put({ name: '/iac/ecs-service/api/config', value: '{"ecs_cluster_nickname":"apps"}', expectedVersion: null, user: 'seed' });
    const service = instance('a');
    expect((await service.sync('start')).ok).toBe(true);
    return { dir, service };
  }

  it('answers a focus or a path on an id that is no component with a 404 naming it; one outside the filters is only not shown', async () => {
    const { service } = await estate();
    await expect(service.readGraph({ ids: ['dev:vpc/nope'], hops: 2 })).rejects.toMatchObject({ code: 'not_found', message: 'No component dev:vpc/nope' });
    await expect(service.readPaths({ from: 'dev:ecs-service/api', to: 'dev:vpc/nope' })).rejects.toMatchObject({ code: 'not_found', message: 'No component dev:vpc/nope' });
    expect((await service.readGraph({ ids: ['dev:vpc/main'], type: ['ecs-cluster'], hops: 2 })).graph.components).toEqual([]);
    expect((await service.readPaths({ from: 'dev:ecs-service/api', to: 'dev:vpc/main', type: ['vpc', 'ecs-service'] })).paths.direction).toBe('none');
  });

  it('answers the paths, and the same from the last good graph while the store has lost it', async () => {
    const { dir, service } = await estate();
    const live = await service.readPaths({ from: 'dev:vpc/main', to: 'dev:ecs-service/api' });
    expect(live).toMatchObject({ stale: false, paths: { direction: 'backward', hops: 2, paths: [['dev:ecs-service/api', 'dev:ecs-cluster/apps', 'dev:vpc/main']], total: 1 } });

    await rm(path.join(dir, 'graph.json'));
    await service.refresh();
    const during = await service.readPaths({ from: 'dev:vpc/main', to: 'dev:ecs-service/api' });
    expect(during.stale).toBe(true);
    expect(during.paths).toEqual(live.paths);
    expect(during.graph).toEqual(live.graph);
    // The re-sync it started is done before the test's folder goes.
    await expect.poll(() => service.checkStore()).toBe('ok');
  });

  it('counts what a component reaches, directly and in all, in components', async () => {
    const { service } = await estate();
    expect((await service.readComponentView('dev:vpc/main')).reach).toEqual({ dependencies: { direct: 0, all: 0 }, dependents: { direct: 1, all: 2 } });
    expect((await service.readComponentView('dev:ecs-service/api')).reach).toEqual({ dependencies: { direct: 1, all: 2 }, dependents: { direct: 0, all: 0 } });
    await expect(service.readComponentView('dev:vpc/nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('GraphService follows the store’s generation', () => {
  /** Every call an instance makes to its store, by method name. */
  function counted(store: MemoryGraphStore) {
    const calls: string[] = [];
    const proxy = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { proxy, calls };
  }

  async function pair() {
    const dir = await mkdtemp(path.join(tmpdir(), 'karma-graph-service-'));
    dirs.push(dir);
    const file = LocalParameterFile.inDataDir(dir);
    const params = file.store('dev');
    await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.0.0.0/16"}', expectedVersion: null, user: 'seed' });
    await params.put({ name: '/iac/ecs-cluster/apps/config', value: '{"vpc_nickname":"main"}', expectedVersion: null, user: 'seed' });
    const make = (name: string, now?: () => Date) => {
      const { proxy, calls } = counted(new MemoryGraphStore({ dataDir: dir }));
      const store = file.store('dev');
      const sources: ParameterSources = { kind: 'local', stores: [store], forEnv: () => store, localFile: file };
      const service = new GraphService({ sources, store: proxy, file: settingsFileSchema.parse({}), configRepo: null, instanceId: name, now });
      return { service, calls };
    };
    return { params, a: make('a'), b: make('b'), make };
  }

  it('answers reads from memory: after the first load, no read asks the store', async () => {
    const { a, b } = await pair();
    expect((await a.service.sync('start')).ok).toBe(true);
    expect((await b.service.readGraph()).generation).toBe(1);
    b.calls.length = 0;
    for (let i = 0; i < 10; i++) {
      await b.service.readGraph({ env: ['dev'], type: ['vpc'] });
      await b.service.readComponentView('dev:vpc/main');
      await b.service.readPaths({ from: 'dev:ecs-cluster/apps', to: 'dev:vpc/main' });
      await b.service.readComponent('dev:ecs-cluster/apps');
    }
    expect(b.calls).toEqual([]);
    // One look per interval: the state only, while the generation stays.
    await b.service.refresh();
    expect(b.calls).toEqual(['readGraphState']);
  });

  it('serves another instance’s sync once it follows, and says what changed', async () => {
    const { params, a, b } = await pair();
    await a.service.sync('start');
    expect((await b.service.readGraph()).graph.components.map((c) => c.configVersion)).toEqual([1, 1]);
    const changes: unknown[] = [];
    b.service.onGeneration((change) => changes.push(change));
    b.service.follow(10);
    try {
      await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.9.0.0/16"}', expectedVersion: 1, user: 'bob' });
      await params.put({ name: '/iac/s3-bucket/logs/config', value: '{}', expectedVersion: null, user: 'bob' });
      expect((await a.service.sync('manual')).ok).toBe(true);
      await expect.poll(async () => (await b.service.readGraph()).generation).toBe(2);
    } finally {
      b.service.stopFollowing();
    }
    const read = await b.service.readGraph();
    expect(read.graph.components.find((c) => c.id === 'dev:vpc/main')?.config).toEqual({ cidr: '10.9.0.0/16' });
    expect(changes).toEqual([
      expect.objectContaining({
        generation: 2,
        previous: 1,
        added: ['dev:s3-bucket/logs'],
        removed: [],
        updated: expect.arrayContaining(['dev:vpc/main']),
        counts: expect.objectContaining({ added: 1 }),
      }),
    ]);
  });

  it('follows from reads where no timer may run (a function): a read looks at the store once the last look is older than the limit', async () => {
    const { params, a, make } = await pair();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const fn = make('fn', () => new Date(clock));
    fn.service.followOnRead(1_000);
    await a.service.sync('start');
    expect((await fn.service.readGraph()).generation).toBe(1);
    await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.9.0.0/16"}', expectedVersion: 1, user: 'bob' });
    expect((await a.service.sync('manual')).ok).toBe(true);

    fn.calls.length = 0;
    clock += 500;
    expect((await fn.service.readGraph()).generation).toBe(1);
    expect(fn.calls).toEqual([]);
    clock += 501;
    const read = await fn.service.readGraph();
    expect(read.generation).toBe(2);
    expect(read.graph.components.find((c) => c.id === 'dev:vpc/main')?.config).toEqual({ cidr: '10.9.0.0/16' });
    expect(fn.calls).toEqual(['readGraphState', 'readSnapshot']);
    // Within the limit again: from memory.
    fn.calls.length = 0;
    await fn.service.readComponentView('dev:vpc/main');
    expect(fn.calls).toEqual([]);
  });

  it('shares one frozen graph between reads, so no reader can change another’s answer', async () => {
    const { a } = await pair();
    await a.service.sync('start');
    const { graph } = await a.service.readGraph();
    expect((await a.service.readGraph()).graph).toBe(graph);
    expect(() => {
      (graph.components[0] as { nickname: string }).nickname = 'changed';
    }).toThrow(TypeError);
    expect(() => graph.edges.push(graph.edges[0])).toThrow(TypeError);
  });
});
