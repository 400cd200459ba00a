// The gremlin graph store when Neptune misbehaves, against dedicated Gremlin
// Servers this file starts (and kills) itself: a server crash in the middle
// of a sync, reads while it is down, a restart on the same port, a
// connection cut by the network while the server keeps going, and a server
// that stops answering.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/model/errors';
import type { Graph } from '@/lib/model/graph';
import { GremlinConnection } from '@/lib/store/gremlin/gremlin-connection';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import { DEFAULT_BATCH_LIMITS, planBatches } from '@/lib/store/gremlin/write-batches';
import { createComponentOp } from '@/lib/store/gremlin/write-ops';
import { syntheticGraph } from '@/lib/store/synthetic-graph';
import { startGremlinServer } from '../../scripts/peers/gremlin.mjs';
import type { RunningPeer } from '../../scripts/peers/proc.mjs';
import { startTcpProxy } from '../support/tcp-proxy';
import { storedComponent } from '@/lib/store/component-record';

const TIMEOUT_MS = 3_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function startServer(port?: number): Promise<RunningPeer> {
  const peer = await startGremlinServer(port === undefined ? {} : { port });
  cleanups.push(() => peer.stop());
  return peer;
}

function openStore(endpoint: string): GremlinGraphStore {
  const store = new GremlinGraphStore({ endpoint, iam: false, timeoutMs: TIMEOUT_MS });
  cleanups.push(() => store.close());
  return store;
}

/** A second connection straight to the server, to see what it holds whatever the store's connection goes through. */
function observer(endpoint: string) {
  const connection = new GremlinConnection({ endpoint, iam: false, timeoutMs: 10_000 });
  cleanups.push(() => connection.close());
  const count = async (label: 'component' | 'edge') => {
    const [n] = await connection.run(`count ${label}s`, (g) =>
      label === 'component' ? g.V().hasLabel('component').has('placeholder', false).count().toList() : g.V().outE('depends_on').count().toList(),
    );
    return Number(n);
  };
  return { count };
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Settles a promise into its value or its error, so a rejection is never unhandled while the test does other things. */
function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** A TCP proxy in front of the server that the test can cut or turn into a black hole. */
async function startProxy(targetPort: number) {
  const proxy = await startTcpProxy({ port: targetPort });
  cleanups.push(proxy.close);
  return { ...proxy, endpoint: `ws://127.0.0.1:${proxy.port}/gremlin` };
}

const sizeOf = (graph: Graph) => graph.components.length + graph.edges.length;

describe('gremlin store faults', () => {
  it('fails a sync when the server dies mid-way, fails reads fast while it is down, and converges after a restart', async () => {
    let peer = await startServer();
    const store = openStore(peer.endpoint);
    const watch = observer(peer.endpoint);
    const graph = syntheticGraph(3_000);

    const syncing = settle(store.syncGraph(graph));
    await waitUntil(async () => (await watch.count('component')) > 0, 'the first batches to land');
    await peer.stop({ signal: 'SIGKILL' });
    const outcome = await syncing;

    expect(outcome).toHaveProperty('error');
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toMatch(/^(unavailable|timeout)$/);
    // The address is for the log, never the message.
    expect((error as AppError).internal).toContain(peer.endpoint);
    expect((error as AppError).message).not.toContain(String(peer.port));

    for (const read of [() => store.readGraph({ env: ['dev'] }), () => store.readComponent('dev:vpc/vpc-0-0'), () => store.listChangeRequests()]) {
      const started = Date.now();
      await expect(read()).rejects.toMatchObject({ code: expect.stringMatching(/^(unavailable|timeout)$/) });
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    }

    // TinkerGraph keeps nothing across a restart: converging means writing it all again.
    peer = await startServer(peer.port);
    const opened = store.connection.connectionsOpened;
    const again = await store.syncGraph(graph);

    expect(again).toMatchObject({ written: sizeOf(graph), removed: 0 });
    expect(store.connection.connectionsOpened).toBeGreaterThan(opened);
    expect(await store.readGraph()).toEqual(graph);
    expect((await store.syncGraph(graph)).written).toBe(0);
  });

  it('after a connection cut mid-sync, keeps the batches the server committed and the next sync writes exactly the rest', async () => {
    const peer = await startServer();
    const proxy = await startProxy(peer.port);
    const store = openStore(proxy.endpoint);
    const watch = observer(peer.endpoint);
    const graph = syntheticGraph(3_000);

    const syncing = settle(store.syncGraph(graph));
    await waitUntil(async () => (await watch.count('component')) >= 400, 'a few batches to land');
    // New connections go nowhere, so the sync cannot quietly reconnect and carry on.
    proxy.setBlackHole(true);
    proxy.cut();
    const outcome = await syncing;
    expect(outcome).toHaveProperty('error');
    expect((outcome as { error: AppError }).error).toMatchObject({ code: expect.stringMatching(/^(unavailable|timeout)$/) });

    // A server that stops answering: a timeout, not a hang.
    const started = Date.now();
    await expect(store.ping()).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);

    // Measured after the timeout above: a batch the server had already received when the
    // connection was cut still commits. It kept whole batches (one transaction each), never part of one.
    const kept = { components: await watch.count('component'), edges: await watch.count('edge') };
    const batchEnds = planBatches(
      graph.components.map((c) => createComponentOp(storedComponent(c))),
      DEFAULT_BATCH_LIMITS,
    ).reduce<number[]>((ends, batch) => [...ends, (ends.at(-1) ?? 0) + batch.length], []);
    expect(batchEnds).toContain(kept.components);
    expect(kept.components).toBeLessThan(graph.components.length);

    proxy.setBlackHole(false);
    const rest = await store.syncGraph(graph);

    const keptCount = kept.components + kept.edges;
    expect(rest).toMatchObject({ written: sizeOf(graph) - keptCount, removed: 0, unchanged: keptCount + 1 });
    expect(await store.readGraph()).toEqual(graph);
  });
});
