import { afterAll, describe, expect, inject, it } from 'vitest';
import { at } from '@/lib/testing/builders';
import { auditEvent, chainGraph, describeGraphStoreContract, propose, sampleGraph, scope, startRollout } from '../graph-store.contract';
import { GremlinGraphStore } from './gremlin-graph-store';
import { __ } from './gremlin-lib';
import { DEFAULT_BATCH_LIMITS } from './write-batches';
import { createComponentOp, upsertEdgeOp, writeRequests } from './write-ops';
import { storedComponent } from '../component-record';

// Runs the contract against the Gremlin Server started by the integration
// project's global setup (scripts/peers/vitest-global-setup.ts). Integration
// files run one at a time, so each test may empty the shared graph first.
const endpoint = inject('gremlinEndpoint');
const store = new GremlinGraphStore({ endpoint, iam: false, timeoutMs: 20_000 });
afterAll(() => store.close());

/** Drops every vertex (and with them every edge): a store that never saw a sync. */
async function emptyStore(): Promise<GremlinGraphStore> {
  await store.connection.run('empty the graph', (g) => g.V().drop().iterate());
  return store;
}

describeGraphStoreContract('gremlin (Gremlin Server)', emptyStore, () => new GremlinGraphStore({ endpoint, iam: false, timeoutMs: 20_000 }));

describe('gremlin store specifics', () => {
  it('lets exactly one of 20 transitions from 4 separate connections win', async () => {
    await emptyStore();
    const s = scope();
    const request = await propose(store, s('dev:vpc/main'));
    const portals = Array.from({ length: 4 }, () => new GremlinGraphStore({ endpoint, iam: false, timeoutMs: 20_000 }));
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          portals[i % 4].transitionChangeRequest({
            id: request.id,
            expectedStatus: 'open',
            expectedRevision: 1,
            patch: { status: 'approved', approvals: [`approver-${i}`] },
            event: auditEvent({ kind: 'approved', changeRequestId: request.id, componentId: request.componentId }),
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.flatMap((r) => (r.status === 'rejected' ? [r.reason.code] : []))).toEqual(Array(19).fill('conflict'));
      expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(2);
      expect(await store.listEvents({ componentId: request.componentId })).toHaveLength(2);
    } finally {
      await Promise.all(portals.map((p) => p.close()));
    }
  });

  it('writes a transition with its event, and a request with its first event, in one request each', async () => {
    await emptyStore();
    const s = scope();
    const before = store.connection.requestsSent;
    const request = await propose(store, s('dev:vpc/main'));
    expect(store.connection.requestsSent - before).toBe(1);

    const start = store.connection.requestsSent;
    await store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'open',
      expectedRevision: 1,
      patch: { status: 'withdrawn' },
      event: auditEvent({ kind: 'withdrawn', changeRequestId: request.id }),
    });
    expect(store.connection.requestsSent - start).toBe(1);
  });

  it('reads a request vertex written before approvals by ownership (no approverGroups property) as approvals without groups', async () => {
    await emptyStore();
    const s = scope();
    const request = await propose(store, s('prod:vpc/main'), { status: 'approved', approvals: ['bob@example.com'] });
    await store.connection.run('drop approverGroups', (g) => g.V(request.id).properties('approverGroups').drop().iterate());
    const [keys] = await store.connection.run('keys', (g) => g.V(request.id).properties().key().fold().toList());
    expect(keys).not.toContain('approverGroups');

    expect(await store.getChangeRequest(request.id)).toEqual({ ...request, approverGroups: {} });
    const approved = await store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'approved',
      expectedRevision: request.revision,
      patch: { approvals: ['bob@example.com', 'carol@example.com'], approverGroups: { 'carol@example.com': ['data-team'] } },
      event: auditEvent({ kind: 'approved', changeRequestId: request.id }),
    });
    const other = new GremlinGraphStore({ endpoint, iam: false, timeoutMs: 20_000 });
    try {
      expect(await other.getChangeRequest(request.id)).toEqual(approved);
    } finally {
      await other.close();
    }
    const [raw] = await store.connection.run('raw', (g) => g.V(request.id).values('approverGroups').toList());
    expect(JSON.parse(raw as string)).toEqual({ 'carol@example.com': ['data-team'] });
  });

  it('writes a rollout with its first event, and a transition with all its events, in one request each', async () => {
    await emptyStore();
    const s = scope();
    const request = await propose(store, s('dev:vpc/main'));
    const before = store.connection.requestsSent;
    const { rollout } = await startRollout(store, request);
    expect(store.connection.requestsSent - before).toBe(1);

    const start = store.connection.requestsSent;
    const events = ['rollout_wave_started', 'rollout_deploy_requested', 'rollout_paused'] as const;
    await store.transitionRollout({
      id: rollout.id,
      expectedRevision: 1,
      patch: { status: 'paused', reason: 'x' },
      events: events.map((kind, i) => auditEvent({ kind, at: at(40 + i), changeRequestId: request.id, componentId: request.componentId })),
    });
    expect(store.connection.requestsSent - start).toBe(1);
    expect((await store.listEvents({ changeRequestId: request.id })).map((e) => e.kind)).toEqual(['proposed', 'rollout_started', ...events]);
  });

  it('lets exactly one of 10 rollout transitions from 4 separate connections win', async () => {
    await emptyStore();
    const s = scope();
    const request = await propose(store, s('dev:vpc/main'));
    const { rollout } = await startRollout(store, request);
    const portals = Array.from({ length: 4 }, () => new GremlinGraphStore({ endpoint, iam: false, timeoutMs: 20_000 }));
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          portals[i % 4].transitionRollout({
            id: rollout.id,
            expectedRevision: 1,
            patch: { status: 'paused', reason: `by ${i}` },
            events: [auditEvent({ kind: 'rollout_paused', changeRequestId: request.id, componentId: request.componentId })],
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.flatMap((r) => (r.status === 'rejected' ? [r.reason.code] : []))).toEqual(Array(9).fill('conflict'));
      expect(await store.getRollout(rollout.id)).toMatchObject({ status: 'paused', revision: 2 });
      expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(3);
      expect(await store.listEvents({ componentId: request.componentId })).toHaveLength(2);
    } finally {
      await Promise.all(portals.map((p) => p.close()));
    }
  });

  it('keeps a rollout’s properties single-valued, and its null fields absent, across transitions', async () => {
    await emptyStore();
    const s = scope();
    const request = await propose(store, s('dev:vpc/main'));
    const { rollout } = await startRollout(store, request);
    const transition = (expectedRevision: number, patch: { status: 'paused' | 'running'; reason: string | null }) =>
      store.transitionRollout({ id: rollout.id, expectedRevision, patch, events: [auditEvent({ kind: 'rollout_paused', changeRequestId: request.id })] });
    await transition(1, { status: 'paused', reason: 'first' });
    await transition(2, { status: 'paused', reason: 'second' });
    const resumed = await transition(3, { status: 'running', reason: null });

    const [map] = (await store.connection.run('raw rollout', (g) => g.V(rollout.id).valueMap().toList())) as Array<Map<string, unknown[]>>;
    for (const [key, values] of map) expect([key, values.length]).toEqual([key, 1]);
    expect(map.has('reason')).toBe(false);
    expect(map.get('memberIds')).toEqual([`|${s('dev:vpc/main')}|`]);
    expect(await store.getRollout(rollout.id)).toEqual(resumed);
  });

  it('syncs in batches, and a second sync is one read', async () => {
    await emptyStore();
    const s = scope();
    const graph = chainGraph(s.env('dev'), 450);

    const first = await store.syncGraph(graph);
    const vertexRequests = writeRequests(
      graph.components.map((c) => createComponentOp(storedComponent(c))),
      DEFAULT_BATCH_LIMITS,
    ).length;
    const edgeRequests = writeRequests(graph.edges.map(upsertEdgeOp), DEFAULT_BATCH_LIMITS).length;
    expect(vertexRequests).toBeGreaterThan(1);
    // the read of stored hashes + the writing marker + vertex batches + edge batches + the graph state
    expect(first).toMatchObject({ written: 450 + 449, removed: 0, roundTrips: 1 + 1 + vertexRequests + edgeRequests + 1 });
    expect(await store.readGraphState()).toMatchObject({ generation: 1 });

    const second = await store.syncGraph(graph);
    expect(second).toMatchObject({ written: 0, removed: 0, unchanged: 450 + 449 + 1, roundTrips: 1 });

    const changed = structuredClone(graph);
    changed.components[7].configVersion = 9;
    expect(await store.syncGraph(changed)).toMatchObject({ written: 1, unchanged: 450 + 449, roundTrips: 4 });

    // Without the head of the chain: nothing points at it.
    const shorter = structuredClone(changed);
    shorter.components = shorter.components.filter((c) => c.id !== s('dev:t/c0'));
    shorter.edges = shorter.edges.filter((e) => e.from !== s('dev:t/c0'));
    // read + marker + drop the edge + remove the component + sweep placeholders + the graph state
    expect(await store.syncGraph(shorter)).toMatchObject({ written: 0, removed: 2, roundTrips: 6 });
    expect(await store.readGraphState()).toMatchObject({ generation: 3 });
    expect(await store.readGraph()).toEqual(shorter);
  });

  it('tells a reader that a sync is half written, until a later sync finishes it', async () => {
    await emptyStore();
    const s = scope();
    const graph = chainGraph(s.env('dev'), 450);
    await store.syncGraph(graph);
    const first = await store.readSnapshot();
    expect(first).toEqual({ state: await store.readGraphState(), graph });

    // A sync that dies after its first vertex batch (it lost its lease): the store holds a mix of two graphs.
    const changed = structuredClone(graph);
    for (const c of changed.components) c.configVersion = 2;
    let batches = 0;
    const dying = {
      assertHeld: () => {
        if (++batches > 2) throw new Error('lost the lease');
      },
    };
    await expect(store.syncGraph(changed, dying)).rejects.toThrow('lost the lease');
    expect(await store.readSnapshot()).toBe('busy');
    expect(await store.readGraphState()).toMatchObject({ generation: 1 });
    const mixed = await store.readSnapshot({ evenIfWriting: true });
    expect(mixed === 'busy' || mixed === null ? [] : [...new Set(mixed.graph.components.map((c) => c.configVersion))].sort()).toEqual([1, 2]);

    // The next sync writes what is missing and the state, which ends the marker.
    await store.syncGraph(changed);
    const finished = await store.readSnapshot();
    expect(finished).toEqual({ state: { generation: 2, syncedAt: expect.any(String) }, graph: changed });
  });

  it('finishes a marker left by a sync that died, even when the graph already matches', async () => {
    await emptyStore();
    const s = scope();
    const graph = sampleGraph(s);
    await store.syncGraph(graph);
    const changed = structuredClone(graph);
    changed.components[0].configVersion = 42;
    // Dies after the marker and the one vertex batch, before the state write.
    let batches = 0;
    await expect(
      store.syncGraph(changed, {
        assertHeld: () => {
          if (++batches > 2) throw new Error('lost the lease');
        },
      }),
    ).rejects.toThrow('lost the lease');
    expect(await store.readSnapshot()).toBe('busy');
    expect(await store.syncGraph(changed)).toMatchObject({ written: 0, removed: 0 });
    expect(await store.readSnapshot()).toEqual({ state: { generation: 2, syncedAt: expect.any(String) }, graph: changed });
  });

  it('keeps every vertex property single-valued across updates (Neptune defaults to set cardinality)', async () => {
    await emptyStore();
    const s = scope();
    const graph = sampleGraph(s);
    await store.syncGraph(graph);
    const changed = structuredClone(graph);
    for (const c of changed.components) Object.assign(c, { configVersion: 5, configModifiedAt: at(99), meta: { x: 'y' } });
    await store.syncGraph(changed);
    const request = await propose(store, s('dev:vpc/main'));
    await store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'open',
      expectedRevision: 1,
      patch: { status: 'approved', approvals: ['a'] },
      event: auditEvent({ kind: 'approved', changeRequestId: request.id }),
    });

    const lists = await store.connection.run('raw values', (g) => g.V().valueMap().toList());
    for (const map of lists) {
      for (const [key, values] of map as Map<string, unknown[]>) expect([key, values.length]).toEqual([key, 1]);
    }
    expect(await store.readGraph()).toEqual(changed);
  });

  it('with IAM, signs each connection and opens a new one before the credentials expire', async () => {
    // Gremlin Server ignores the SigV4 headers; what is checked is when connections are (re)opened.
    const withCredentials = (lifetimeMs: number) => {
      let fetched = 0;
      const store = new GremlinGraphStore(
        { endpoint, iam: true, region: 'us-east-1', timeoutMs: 10_000 },
        {
          credentials: async () => {
            fetched += 1;
            return { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: `token-${fetched}`, expiration: new Date(Date.now() + lifetimeMs) };
          },
        },
      );
      return { store, fetched: () => fetched };
    };
    const lasting = withCredentials(60 * 60_000);
    const expiring = withCredentials(60_000); // inside the 5-minute renewal margin
    try {
      for (let i = 0; i < 3; i++) await lasting.store.ping();
      for (let i = 0; i < 3; i++) await expiring.store.ping();

      expect([lasting.store.connection.connectionsOpened, lasting.fetched()]).toEqual([1, 1]);
      expect([expiring.store.connection.connectionsOpened, expiring.fetched()]).toEqual([3, 3]);
    } finally {
      await Promise.all([lasting.store.close(), expiring.store.close()]);
    }
  });

  it('reports an unreachable server as unavailable, without its address (that is for the log), without waiting for the timeout', async () => {
    const down = new GremlinGraphStore({ endpoint: 'ws://127.0.0.1:9/gremlin', iam: false, timeoutMs: 10_000 });
    const started = Date.now();
    try {
      await expect(down.readGraph()).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/^The graph store \(Neptune\) is unreachable \(read graph: /),
        internal: expect.stringContaining('ws://127.0.0.1:9/gremlin'),
      });
      await expect(down.readGraph()).rejects.toMatchObject({ message: expect.not.stringContaining('127.0.0.1') });
      await expect(down.ping()).rejects.toMatchObject({ code: 'unavailable' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await down.close();
    }
  });
});
