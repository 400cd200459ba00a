import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { contentHash } from '@/lib/history/content-hash';
import { historyVersionId, type DocumentVersion, type HistoryHead } from '@/lib/model/history';
import { at } from '@/lib/testing/builders';
import { GremlinGraphStore } from './gremlin-graph-store';

// What the contract cannot say about the Gremlin history (lib/store/gremlin/history.ts): how many requests a write
// sends, that the counts never part from what is stored, and that properties stay single-valued under Neptune's
// default cardinality. Against the integration project's Gremlin Server; integration files run one at a time.
const endpoint = inject('gremlinEndpoint');
const store = new GremlinGraphStore({ endpoint, iam: false, timeoutMs: 20_000 });
afterAll(() => store.close());
beforeEach(async () => {
  await store.connection.run('empty the graph', (g) => g.V().drop().iterate());
});

function version(componentId: string, number: number, overrides: Partial<DocumentVersion> = {}): DocumentVersion {
  const [env, rest] = componentId.split(':');
  const [type, nickname] = rest.split('/');
  const raw = JSON.stringify({ number, padding: 'x'.repeat(200) });
  const modifiedAt = at(number);
  return {
    id: historyVersionId(componentId, 'config', number, modifiedAt),
    componentId,
    env,
    type,
    nickname,
    document: 'config',
    version: number,
    raw,
    hash: contentHash(raw),
    modifiedAt,
    modifiedBy: null,
    description: null,
    changeRequestId: null,
    gitCommit: null,
    source: 'sync',
    recordedAt: at(1_000),
    ...overrides,
  };
}

function head(componentId: string, overrides: Partial<HistoryHead> = {}): HistoryHead {
  const [env, rest] = componentId.split(':');
  const [type, nickname] = rest.split('/');
  return { componentId, env, type, nickname, config: null, runtime: null, drift: null, pending: [], ...overrides };
}

const manyVersions = (count: number) => Array.from({ length: count }, (_, i) => version(`dev:queue/q${i % 50}`, i + 1));

describe('gremlin history', () => {
  it('writes in several batches, and sends only reads for a write of what it holds', async () => {
    const versions = manyVersions(400);
    const heads = Array.from({ length: 50 }, (_, i) => head(`dev:queue/q${i}`, { pending: ['config'] }));

    const first = await store.writeHistory({ versions, transitions: [], heads });
    expect(first.written).toBe(450);
    expect(first.roundTrips).toBeGreaterThan(2);

    const before = store.connection.requestsSent;
    const again = await store.writeHistory({ versions: structuredClone(versions), transitions: [], heads: structuredClone(heads) });
    expect(again).toEqual({ written: 0, roundTrips: 1 });
    expect(store.connection.requestsSent - before).toBe(1);
    expect(await store.readHistoryState()).toMatchObject({ versions: 400, pendingComponents: 50, earliest: at(1), latest: at(400) });
  });

  it('keeps the counts equal to what is stored when a write stops between batches', async () => {
    let batches = 0;
    const dying = {
      assertHeld: () => {
        if (++batches > 2) throw new Error('lost the lease');
      },
    };
    await expect(store.writeHistory({ versions: manyVersions(400), transitions: [], heads: [] }, dying)).rejects.toThrow('lost the lease');

    const index = await store.readVersionIndex();
    const state = await store.readHistoryState();
    expect(index.length).toBeGreaterThan(0);
    expect(index.length).toBeLessThan(400);
    expect(state).toMatchObject({ versions: index.length, revision: 2 });

    // The next write, diffing again, writes exactly what is missing.
    expect(await store.writeHistory({ versions: manyVersions(400), transitions: [], heads: [] })).toMatchObject({ written: 400 - index.length });
    expect(await store.readHistoryState()).toMatchObject({ versions: 400 });
  });

  it('counts each record once when two instances write the same ones at the same time', async () => {
    const other = new GremlinGraphStore({ endpoint, iam: false, timeoutMs: 20_000 });
    try {
      const versions = manyVersions(300);
      const heads = (pending: boolean) => Array.from({ length: 50 }, (_, i) => head(`dev:queue/q${i}`, { pending: pending ? ['config'] : [] }));
      await Promise.all([store.writeHistory({ versions, transitions: [], heads: heads(true) }), other.writeHistory({ versions, transitions: [], heads: heads(true) })]);
      expect(await store.readHistoryState()).toMatchObject({ versions: 300, pendingComponents: 50 });

      await Promise.all([store.writeHistory({ versions: [], transitions: [], heads: heads(false) }), other.writeHistory({ versions: [], transitions: [], heads: heads(false) })]);
      expect(await store.readHistoryState()).toMatchObject({ versions: 300, pendingComponents: 0 });
      expect(await store.readVersionIndex()).toHaveLength(300);
    } finally {
      await other.close();
    }
  });

  it('keeps every history property single-valued across fills and head replacements (Neptune defaults to set cardinality)', async () => {
    const id = 'dev:vpc/main';
    const listed = version(id, 1);
    await store.writeHistory({ versions: [listed], transitions: [], heads: [head(id, { drift: 'pending', pending: ['config'] })] });
    await store.writeHistory({ versions: [{ ...listed, modifiedBy: 'alice', description: 'why' }], transitions: [], heads: [head(id, { drift: 'mismatch' })] });
    await store.writeHistory({ versions: [{ ...listed, gitCommit: 'abc' }], transitions: [], heads: [head(id, { drift: 'in_sync', pending: ['runtime'] })] });

    const lists = await store.connection.run('raw values', (g) => g.V().valueMap().toList());
    for (const map of lists) {
      for (const [key, values] of map as Map<string, unknown[]>) expect([key, values.length]).toEqual([key, 1]);
    }
    expect(await store.readVersions([listed.id])).toEqual([{ ...listed, modifiedBy: 'alice', description: 'why', gitCommit: 'abc' }]);
    expect(await store.readHistoryHeads()).toEqual([head(id, { drift: 'in_sync', pending: ['runtime'] })]);
  });
});
