/**
 * How fast the gremlin graph store syncs, against its own Gremlin Server
 * (the Neptune stand-in): `npm run bench -- neptune-sync [--n 10000]
 * [--records 1000] [--steps 1500] [--concurrency 1] [--latency-ms 0]`.
 *
 * 1. first sync of N synthetic components (~2.2 edges each) into an empty graph;
 * 2. a second sync with nothing changed (must write 0);
 * 3. a naive writer into the cleared graph: one traversal per element
 *    (addV + property(single) per component, addE per edge) — what the
 *    batched, diffing sync replaces; same shape, fresh ids;
 * then the ratio, and on the last line one JSON object with every figure.
 * Prints figures, never passes or fails on time.
 *
 * Batch size, the basis of DEFAULT_BATCH_LIMITS (lib/store/gremlin/write-batches.ts):
 * first sync of 10,000 components + 21,800 edges, one JVM with full JIT,
 * warmed up, settings interleaved, 3 runs each, 2-core machine shared with
 * other work (so expect ±20%):
 *
 *   records/request   requests   median    runs (ms)
 *               200      1,614   5.9 s     5339 / 5874 / 5986
 *               500        639   5.1 s     3563 / 5108 / 5367
 *             1,000        317   4.5 s     3475 / 4468 / 5072
 *             2,000        160   4.3 s     3313 / 4266 / 4509
 *             5,000         65   4.0 s     3367 / 3959 / 4122
 *            10,000         34   4.2 s     3735 / 4191 / 4841
 *
 * Batches in flight at once (--concurrency 2, 4) did not help on 2 cores:
 * concurrent batches touching the same vertices collide and are retried.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';
import { GremlinConnection } from '@/lib/store/gremlin/gremlin-connection';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import { __, cardinality, t } from '@/lib/store/gremlin/gremlin-lib';
import { componentHash, componentProperties, edgeHash } from '@/lib/store/component-record';
import { DEFAULT_BATCH_LIMITS } from '@/lib/store/gremlin/write-batches';
import { syntheticGraph } from '@/lib/store/synthetic-graph';
import type { Graph } from '@/lib/model/graph';
import { startGremlinServer } from '../scripts/peers/gremlin.mjs';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    records: { type: 'string', default: String(DEFAULT_BATCH_LIMITS.maxRecords) },
    steps: { type: 'string', default: String(DEFAULT_BATCH_LIMITS.maxSteps) },
    concurrency: { type: 'string', default: '1' },
    /**
     * Route both writers through a local proxy that holds every chunk ms/2 each way (timers round
     * up to 1 ms), as a network to Neptune would; the printed empty round trip is what it adds up to.
     */
    'latency-ms': { type: 'string', default: '0' },
  },
});
const n = Number(values.n);
const limits = { ...DEFAULT_BATCH_LIMITS, maxRecords: Number(values.records), maxSteps: Number(values.steps) };
const concurrency = Number(values.concurrency);
const latencyMs = Number(values['latency-ms']);

/** A TCP proxy that holds every chunk for half the latency in each direction. */
async function startLatencyProxy(targetPort: number, roundTripMs: number): Promise<{ endpoint: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const delay = (from: net.Socket, to: net.Socket) => from.on('data', (chunk) => setTimeout(() => to.write(chunk), roundTripMs / 2));
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    delay(client, upstream);
    delay(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `ws://127.0.0.1:${port}/gremlin`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One request per element, awaited in turn: the obvious way to write a graph, and the baseline. */
async function naiveWrite(connection: GremlinConnection, graph: Graph): Promise<{ ms: number; roundTrips: number }> {
  const componentIds = new Set(graph.components.map((c) => c.id));
  const placeholders = [...new Set(graph.edges.map((e) => e.to).filter((id) => !componentIds.has(id)))];
  const tasks: Array<() => Promise<unknown>> = [
    ...graph.components.map((component) => () => {
      const { present } = componentProperties(component);
      return connection.run('naive: add component', (g) => {
        let traversal = g.addV('component').property(t.id, component.id).property(cardinality.single, 'placeholder', false);
        for (const [key, value] of Object.entries({ ...present, contentHash: componentHash(component) })) {
          traversal = traversal.property(cardinality.single, key, value);
        }
        return traversal.iterate();
      });
    }),
    ...placeholders.map(
      (id) => () => connection.run('naive: add placeholder', (g) => g.addV('component').property(t.id, id).property(cardinality.single, 'placeholder', true).iterate()),
    ),
    ...graph.edges.map(
      (edge) => () =>
        connection.run('naive: add edge', (g) =>
          g
            .V(edge.from)
            .addE('depends_on')
            .to(__.V(edge.to))
            .property(t.id, edge.id)
            .property('path', edge.path)
            .property('rule', edge.rule)
            .property('dangling', edge.dangling)
            .property('hash', edgeHash(edge))
            .iterate(),
        ),
    ),
  ];
  const started = performance.now();
  for (const task of tasks) await task();
  return { ms: performance.now() - started, roundTrips: tasks.length };
}

/**
 * The test peers start the JVM with C1 only (fast start-up for short tests);
 * a benchmark wants a server in steady state, as Neptune is, so full JIT.
 */
const BENCH_JVM_FLAGS = '-Xms1g -Xmx3g -XX:+UseParallelGC';

/** The mean time of an empty request: what one round trip costs before any work. */
async function emptyRoundTripMs(connection: GremlinConnection): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < 200; i++) await connection.run('empty request', (g) => g.inject(0).iterate());
  return (performance.now() - started) / 200;
}

async function warmUp(store: GremlinGraphStore, naive: GremlinConnection): Promise<void> {
  // Both writers are timed on a warmed-up JVM, so neither pays for the JIT alone.
  await store.syncGraph(syntheticGraph(Math.min(n, 3_000), { envPrefix: 'warm-' }));
  await naiveWrite(naive, syntheticGraph(300, { envPrefix: 'warm-naive-' }));
  await store.connection.run('clear', (g) => g.V().drop().iterate());
}

async function main(): Promise<void> {
  process.env.KARMA_GREMLIN_JVM_FLAGS ??= BENCH_JVM_FLAGS;
  console.log(`neptune-sync: n=${n}, batch ≤ ${limits.maxRecords} records / ${limits.maxSteps} steps, concurrency ${concurrency}, JVM ${process.env.KARMA_GREMLIN_JVM_FLAGS}`);
  const server = await startGremlinServer();
  const proxy = latencyMs > 0 ? await startLatencyProxy(server.port, latencyMs) : null;
  const endpoint = proxy?.endpoint ?? server.endpoint;
  if (proxy) console.log(`through a proxy adding ${latencyMs} ms per round trip`);
  const store = new GremlinGraphStore({ endpoint, iam: false, timeoutMs: 300_000 }, { sync: { limits, concurrency } });
  const naive = new GremlinConnection({ endpoint, iam: false, timeoutMs: 300_000 });
  try {
    const graph = syntheticGraph(n);
    const elements = graph.components.length + graph.edges.length;
    await warmUp(store, naive);
    const roundTripMs = await emptyRoundTripMs(naive);
    console.log(`empty request round trip: ${roundTripMs.toFixed(2)} ms`);
    console.log(`graph: ${graph.components.length} components, ${graph.edges.length} edges (${graph.edges.filter((e) => e.dangling).length} dangling)`);

    const first = await store.syncGraph(graph);
    console.log(`first sync:     ${seconds(first.durationMs)}, ${first.roundTrips} round trips, written ${first.written}`);

    const second = await store.syncGraph(graph);
    console.log(`no-change sync: ${seconds(second.durationMs)}, ${second.roundTrips} round trips, written ${second.written}`);
    if (second.written !== 0) console.log('!! the second sync wrote something: the diff is broken');

    await store.connection.run('clear', (g) => g.V().drop().iterate());
    // Fresh ids (same shape): Gremlin Server 3.7.3 cannot re-create ids it dropped after reading them (TINKERPOP-3142).
    const naiveGraph = syntheticGraph(n, { envPrefix: 'naive-' });
    const slow = await naiveWrite(naive, naiveGraph);
    const ratio = slow.ms / first.durationMs;
    console.log(`naive writer:   ${seconds(slow.ms)}, ${slow.roundTrips} round trips`);
    console.log(`first sync is ${ratio.toFixed(1)}× faster than the naive writer`);

    console.log(
      JSON.stringify({
        benchmark: 'neptune-sync',
        n,
        components: graph.components.length,
        edges: graph.edges.length,
        elements,
        batchMaxRecords: limits.maxRecords,
        batchMaxSteps: limits.maxSteps,
        concurrency,
        latencyMs,
        emptyRoundTripMs: Number(roundTripMs.toFixed(2)),
        firstSyncMs: first.durationMs,
        firstSyncRoundTrips: first.roundTrips,
        firstSyncWritten: first.written,
        noChangeSyncMs: second.durationMs,
        noChangeSyncRoundTrips: second.roundTrips,
        noChangeSyncWritten: second.written,
        naiveMs: Math.round(slow.ms),
        naiveRoundTrips: slow.roundTrips,
        speedup: Number(ratio.toFixed(1)),
      }),
    );
  } finally {
    await Promise.allSettled([store.close(), naive.close()]);
    await proxy?.close();
    await server.stop();
  }
}

await main();
