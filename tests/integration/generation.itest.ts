// The generation protocol between instances on one Gremlin Server (this file
// starts its own): a sync on instance A is served by instance B within its
// follow interval; a read during a sync sees the old graph or the new one,
// never a mix; a store that lost its graph makes B re-sync, not serve nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { Graph } from '@/lib/model/graph';
import { GraphService, type GenerationChange } from '@/lib/server/graph-service';
import { chainGraph } from '@/lib/store/contract/fixtures';
import { demoOnGremlin } from '../support/demo-on-gremlin';
import { startTcpProxy } from '../support/tcp-proxy';

const demo = demoOnGremlin('generation');
const services: GraphService[] = [];
const store = () => demo.store();

/** An instance: its own connection, the demo's parameters. */
function instance(name: string, connection = store()): GraphService {
  const service = new GraphService({ sources: demo.sources(), store: connection, file: demo.settings().file, configRepo: null, instanceId: name });
  services.push(service);
  return service;
}

// An instance left following would rebuild the next test's emptied store from the demo's parameters.
afterEach(async () => {
  for (const service of services.splice(0)) {
    service.stopFollowing();
    await service.sync('manual').catch(() => {});
  }
});

async function emptyTheStore(): Promise<void> {
  await store().connection.run('empty the graph', (g) => g.V().drop().iterate());
}

describe('the generation protocol on Gremlin', () => {
  it('serves a sync made on instance A on instance B within its follow interval, saying what changed', async () => {
    await emptyTheStore();
    const a = instance('a');
    const b = instance('b');
    expect((await a.sync('start')).ok).toBe(true);
    const first = await b.readGraph();
    expect(first.graph.components.length).toBe(62);

    const changes: GenerationChange[] = [];
    b.onGeneration((change) => changes.push(change));
    b.follow(100);
    const queue = demo.sources().forEnv('dev')!;
    const [current] = (await queue.readAll()).filter((p) => p.name === '/iac/sqs-queue/order-events/config');
    await queue.put({ name: current.name, value: JSON.stringify({ ...JSON.parse(current.value), visibility_timeout_seconds: 91 }), expectedVersion: current.version, user: 'bob' });
    expect((await a.sync('manual')).written).toBeGreaterThan(0);

    await expect.poll(async () => (await b.readGraph()).generation, { timeout: 5_000 }).toBe(first.generation + 1);
    const exports = (await b.readComponent('dev:sqs-queue/order-events')).component;
    expect(exports.config).toMatchObject({ visibility_timeout_seconds: 91 });
    expect(changes).toEqual([
      expect.objectContaining({
        generation: first.generation + 1,
        previous: first.generation,
        added: [],
        removed: [],
        updated: expect.arrayContaining(['dev:sqs-queue/order-events']),
      }),
    ]);
  });

  it('never serves half a sync: a load that overlaps a sync is dropped, and only whole generations are served', async () => {
    await emptyTheStore();
    const writer = store();
    const graphAt = (version: number): Graph => {
      const graph = chainGraph('gen', 600);
      for (const c of graph.components) c.configVersion = version;
      return graph;
    };
    await writer.syncGraph(graphAt(1));
    // Both sides answered slowly: the writer's syncs take many round trips, and the reader's whole-graph reads span them.
    const target = { port: demo.server().port };
    const proxy = await startTcpProxy(target);
    const slowWrites = await startTcpProxy(target);
    const slowWriter = demo.store({ endpoint: `ws://127.0.0.1:${slowWrites.port}/gremlin`, timeoutMs: 20_000 });
    try {
      const readerStore = demo.store({ endpoint: `ws://127.0.0.1:${proxy.port}/gremlin`, timeoutMs: 20_000 });
      const outcomes: string[] = [];
      const readSnapshot = readerStore.readSnapshot.bind(readerStore);
      readerStore.readSnapshot = async (options) => {
        const read = await readSnapshot(options);
        outcomes.push(read === 'busy' || read === null ? String(read) : `generation ${read.state.generation}`);
        return read;
      };
      const reader = instance('reader', readerStore);
      expect((await reader.readGraph()).graph.components).toHaveLength(600);
      proxy.setDelay(150);
      slowWrites.setDelay(60);
      reader.follow(5);

      const seen = new Set<string>();
      let isWriting = true;
      const watch = (async () => {
        while (isWriting) {
          const { graph } = await reader.readGraph();
          seen.add([...new Set(graph.components.map((c) => c.configVersion))].join(','));
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      for (let version = 2; version <= 6; version++) expect((await slowWriter.syncGraph(graphAt(version))).written).toBe(600);
      isWriting = false;
      await watch;
      proxy.setDelay(0);
      await expect.poll(async () => (await reader.readGraph()).graph.components.every((c) => c.configVersion === 6), { timeout: 20_000 }).toBe(true);

      // Every graph ever served held one version throughout…
      expect([...seen].filter((versions) => versions.includes(','))).toEqual([]);
      // …though some load overlapped a sync: it was dropped rather than served.
      expect(outcomes).toContain('busy');
    } finally {
      await Promise.all([proxy.close(), slowWrites.close()]);
    }
  });

  it('re-syncs a store that lost its graph instead of serving emptiness', async () => {
    await emptyTheStore();
    const a = instance('a');
    expect((await a.sync('start')).ok).toBe(true);
    const b = instance('b');
    expect((await b.readGraph()).graph.components).toHaveLength(62);
    b.follow(50);

    await emptyTheStore();
    // B notices at its next look and rebuilds the store from the parameters.
    await expect.poll(() => b.lastSyncReport?.trigger ?? null, { timeout: 10_000 }).toBe('recover');
    const read = await b.readGraph();
    expect(read.graph.components).toHaveLength(62);
    expect(await store().readGraphState()).not.toBeNull();
    await expect.poll(async () => (await b.readGraph()).stale, { timeout: 10_000 }).toBe(false);
  });
});
