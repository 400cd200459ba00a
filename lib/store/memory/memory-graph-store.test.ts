import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { at } from '@/lib/testing/builders';
import { auditEvent, describeGraphStoreContract, propose, sampleGraph, startRollout } from '../graph-store.contract';
import { MemoryGraphStore } from './memory-graph-store';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-graph-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeGraphStoreContract(
  'memory',
  async () => new MemoryGraphStore({ dataDir: await tempDir() }),
  (store) => new MemoryGraphStore({ dataDir: (store as MemoryGraphStore).dataDir }),
);

describe('memory graph store on disk', () => {
  it('keeps the graph, change requests and events across restarts (a new store on the same folder)', async () => {
    const dataDir = await tempDir();
    const first = new MemoryGraphStore({ dataDir });
    await first.syncGraph(sampleGraph());
    const request = await propose(first, 'dev:vpc/main');

    const reopened = new MemoryGraphStore({ dataDir });

    expect(await reopened.readGraph()).toEqual(sampleGraph());
    expect(await reopened.getChangeRequest(request.id)).toEqual(request);
    expect(await reopened.listEvents({ changeRequestId: request.id })).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(dataDir, 'graph.json'), 'utf8'))).toMatchObject({ format: 1 });
  });

  it('does not rewrite the file when a sync changes nothing', async () => {
    const dataDir = await tempDir();
    const store = new MemoryGraphStore({ dataDir });
    await store.syncGraph(sampleGraph());
    const before = await stat(path.join(dataDir, 'graph.json'));

    const result = await store.syncGraph(sampleGraph());

    const after = await stat(path.join(dataDir, 'graph.json'));
    expect(result).toMatchObject({ written: 0, removed: 0, roundTrips: 1 });
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('sees what another process wrote', async () => {
    const dataDir = await tempDir();
    const portal = new MemoryGraphStore({ dataDir });
    const cli = new MemoryGraphStore({ dataDir });
    expect(await portal.readGraph()).toMatchObject({ components: [] });

    await cli.syncGraph(sampleGraph());
    const request = await propose(cli, 'dev:vpc/main');

    expect(await portal.readGraph()).toEqual(sampleGraph());
    expect(await portal.listChangeRequests()).toEqual([request]);
  });

  it('lets exactly one of many processes sharing the file win a transition', async () => {
    const dataDir = await tempDir();
    const request = await propose(new MemoryGraphStore({ dataDir }), 'dev:vpc/main');
    // Separate store objects stand in for separate processes sharing the file.
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        new MemoryGraphStore({ dataDir }).transitionChangeRequest({
          id: request.id,
          expectedStatus: 'open',
          expectedRevision: 1,
          patch: { status: 'approved', approvals: [`a${i}`] },
          event: auditEvent({ kind: 'approved', at: at(30), changeRequestId: request.id }),
        }),
      ),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(7).fill('conflict'));
    const store = new MemoryGraphStore({ dataDir });
    expect(await store.getChangeRequest(request.id)).toMatchObject({ status: 'approved', revision: 2 });
    expect(await store.listEvents({ changeRequestId: request.id })).toHaveLength(2);
  });

  it('uses its clock for updatedAt', async () => {
    const store = new MemoryGraphStore({ dataDir: await tempDir(), now: () => new Date('2030-01-02T03:04:05.000Z') });
    const request = await propose(store, 'dev:vpc/main');
    const updated = await store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'open',
      expectedRevision: 1,
      patch: { status: 'withdrawn' },
      event: auditEvent({ kind: 'withdrawn', changeRequestId: request.id }),
    });
    expect(updated.updatedAt).toBe('2030-01-02T03:04:05.000Z');
  });

  it('reports a corrupted file clearly instead of overwriting it', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, 'graph.json'), '{"format":1,');
    const store = new MemoryGraphStore({ dataDir });

    await expect(store.readGraph()).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('not valid JSON') });
    await expect(store.syncGraph(sampleGraph())).rejects.toMatchObject({ code: 'internal' });
    expect(await readFile(path.join(dataDir, 'graph.json'), 'utf8')).toBe('{"format":1,');
  });

  it('reads a file written before rollouts as one without any, and keeps its requests', async () => {
    const dataDir = await tempDir();
    const request = await propose(new MemoryGraphStore({ dataDir }), 'dev:vpc/main');
    const file = path.join(dataDir, 'graph.json');
    const { rollouts: _gone, ...older } = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify(older));
    const store = new MemoryGraphStore({ dataDir });

    expect(await store.listRollouts()).toEqual([]);
    expect(await store.getChangeRequest(request.id)).toEqual(request);
    const { rollout } = await startRollout(store, request);
    expect(await new MemoryGraphStore({ dataDir }).getRollout(rollout.id)).toEqual(rollout);
  });

  it('reads requests written before approvals by ownership as approvals without groups', async () => {
    const dataDir = await tempDir();
    const first = new MemoryGraphStore({ dataDir });
    const request = await propose(first, 'dev:vpc/main', { status: 'approved', approvals: ['bob@example.com'] });
    const file = path.join(dataDir, 'graph.json');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    for (const r of stored.changeRequests) delete r.approverGroups;
    await writeFile(file, JSON.stringify(stored));

    const store = new MemoryGraphStore({ dataDir });
    expect(await store.getChangeRequest(request.id)).toEqual({ ...request, approverGroups: {} });
    const approved = await store.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'approved',
      expectedRevision: request.revision,
      patch: { approvals: ['bob@example.com', 'carol@example.com'], approverGroups: { 'carol@example.com': ['data-team'] } },
      event: auditEvent({ kind: 'approved', changeRequestId: request.id }),
    });
    expect(await new MemoryGraphStore({ dataDir }).getChangeRequest(request.id)).toEqual(approved);
    expect(JSON.parse(await readFile(file, 'utf8')).changeRequests[0].approverGroups).toEqual({ 'carol@example.com': ['data-team'] });
  });

  it('lets exactly one of many processes sharing the file win a rollout transition', async () => {
    const dataDir = await tempDir();
    const first = new MemoryGraphStore({ dataDir });
    const request = await propose(first, 'dev:vpc/main');
    const { rollout } = await startRollout(first, request);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        new MemoryGraphStore({ dataDir }).transitionRollout({
          id: rollout.id,
          expectedRevision: 1,
          patch: { status: 'paused', reason: `by ${i}` },
          events: [auditEvent({ kind: 'rollout_paused', at: at(40), changeRequestId: request.id })],
        }),
      ),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(7).fill('conflict'));
    expect(await first.getRollout(rollout.id)).toMatchObject({ status: 'paused', revision: 2 });
    expect(await first.listEvents({ changeRequestId: request.id })).toHaveLength(3);
  });

  it('uses its clock for a rollout’s updatedAt, and hands out copies of rollouts', async () => {
    const store = new MemoryGraphStore({ dataDir: await tempDir(), now: () => new Date('2030-01-02T03:04:05.000Z') });
    const request = await propose(store, 'dev:vpc/main');
    const { rollout } = await startRollout(store, request);
    const updated = await store.transitionRollout({
      id: rollout.id,
      expectedRevision: 1,
      patch: { status: 'aborted', reason: 'stopped' },
      events: [auditEvent({ kind: 'rollout_aborted', changeRequestId: request.id })],
    });
    expect(updated.updatedAt).toBe('2030-01-02T03:04:05.000Z');

    updated.members[0].state = 'deployed';
    const [listed] = await store.listRollouts();
    listed.members.pop();
    (await store.getRollout(rollout.id))!.status = 'running';

    expect(await store.getRollout(rollout.id)).toEqual({ ...rollout, status: 'aborted', reason: 'stopped', revision: 2, updatedAt: '2030-01-02T03:04:05.000Z' });
  });

  it('hands out copies: changing a result does not change the store', async () => {
    const store = new MemoryGraphStore({ dataDir: await tempDir() });
    await store.syncGraph(sampleGraph());
    const graph = await store.readGraph();
    graph.components[0].env = 'changed';
    graph.edges.pop();

    expect(await store.readGraph()).toEqual(sampleGraph());
  });
});
