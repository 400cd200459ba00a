/**
 * The GraphStore contract, part five: infrastructure memory. Version
 * records upserted by id (gaining only what they lacked), drift
 * transitions added once, heads replaced, the index and the state, and a
 * past that outlives its component.
 */
import { describe, expect, it } from 'vitest';
import { contentHash } from '@/lib/history/content-hash';
import { historyVersionId, type DocumentVersion, type DriftTransition, type HistoryDocument, type HistoryHead } from '@/lib/model/history';
import { AppError } from '@/lib/model/errors';
import { errorOf, sampleGraph, scope, type GraphStoreFactory } from './fixtures';
import type { TwinFactory } from './lease-contract';

function version(componentId: string, document: HistoryDocument, n: number, modifiedAt: string, overrides: Partial<DocumentVersion> = {}): DocumentVersion {
  const [env, rest] = componentId.split(':');
  const [type, nickname] = rest.split('/');
  const raw = overrides.raw === undefined ? JSON.stringify({ n }) : overrides.raw;
  return {
    id: historyVersionId(componentId, document, n, modifiedAt) + (raw === null ? ':removed' : ''),
    componentId,
    env,
    type,
    nickname,
    document,
    version: n,
    raw,
    hash: contentHash(raw),
    modifiedAt,
    modifiedBy: null,
    description: null,
    changeRequestId: null,
    gitCommit: null,
    source: 'sync',
    recordedAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

function head(componentId: string, overrides: Partial<HistoryHead> = {}): HistoryHead {
  const [env, rest] = componentId.split(':');
  const [type, nickname] = rest.split('/');
  return { componentId, env, type, nickname, config: null, runtime: null, drift: null, pending: [], ...overrides };
}

function transition(componentId: string, observedAt: string, to: DriftTransition['to'], from: DriftTransition['from'] = null): DriftTransition {
  return { id: `dt:${componentId}:${Date.parse(observedAt)}`, componentId, from, to, at: observedAt, observedAt, reason: to ? `${to} because` : null };
}

const slot = (v: DocumentVersion) => ({ id: v.id, version: v.version, modifiedAt: v.modifiedAt, hash: v.hash, removed: v.raw === null });

export function describeHistoryContract(makeStore: GraphStoreFactory, twin: TwinFactory): void {
  describe('history', () => {
    it('starts empty', async () => {
      const store = await makeStore();
      expect(await store.readHistoryState()).toEqual({ revision: 0, versions: 0, transitions: 0, earliest: null, latest: null, pendingComponents: 0 });
      expect(await store.readHistoryHeads()).toEqual([]);
      expect(await store.readVersionIndex()).toEqual([]);
    });

    it('stores versions, transitions and heads, and writing the same again writes nothing', async () => {
      const store = await makeStore();
      const s = scope();
      const vpc = `${s.env('prod')}:vpc/main`;
      const v1 = version(vpc, 'config', 1, '2026-06-01T10:00:00.000Z');
      const r1 = version(vpc, 'runtime', 1, '2026-06-01T10:30:00.000Z');
      const input = {
        versions: [v1, r1],
        transitions: [transition(vpc, '2026-06-02T00:00:00.000Z', 'in_sync')],
        heads: [head(vpc, { config: slot(v1), runtime: slot(r1), drift: 'in_sync', pending: ['config', 'runtime'] })],
      };
      const first = await store.writeHistory(input);
      expect(first.written).toBe(4);
      expect(await store.readHistoryState()).toEqual({
        revision: 1,
        versions: 2,
        transitions: 1,
        earliest: '2026-06-01T10:00:00.000Z',
        latest: '2026-06-01T10:30:00.000Z',
        pendingComponents: 1,
      });
      expect(await store.readHistoryHeads()).toEqual(input.heads);
      expect(await store.readVersions([r1.id, 'hv:unknown', v1.id])).toEqual([r1, v1]);

      expect((await store.writeHistory(input)).written).toBe(0);
      expect((await store.readHistoryState()).revision).toBe(1);
      expect(await twin(store).readHistoryHeads([vpc])).toEqual(input.heads);
    });

    it('fills what a record lacked and never overwrites what it has', async () => {
      const store = await makeStore();
      const vpc = `${scope().env('prod')}:vpc/main`;
      const listed = version(vpc, 'config', 2, '2026-07-01T10:00:00.000Z');
      await store.writeHistory({ versions: [listed], transitions: [], heads: [] });
      const read = { ...listed, modifiedBy: 'alice@example.com', description: 'Karma change request cr:x: widen', source: 'history' as const };
      expect((await store.writeHistory({ versions: [read], transitions: [], heads: [] })).written).toBe(1);
      const later = { ...listed, modifiedBy: 'mallory@example.com', changeRequestId: 'cr:y', gitCommit: 'abc123' };
      await store.writeHistory({ versions: [later], transitions: [], heads: [] });
      expect(await store.readVersions([listed.id])).toEqual([
        { ...listed, modifiedBy: 'alice@example.com', description: 'Karma change request cr:x: widen', changeRequestId: 'cr:y', gitCommit: 'abc123' },
      ]);
    });

    it('adds a transition once, and reads them in time order, by component and up to a moment', async () => {
      const store = await makeStore();
      const s = scope();
      const [a, b] = [`${s.env('prod')}:vpc/a`, `${s.env('prod')}:vpc/b`];
      const transitions = [
        transition(a, '2026-06-03T00:00:00.000Z', 'mismatch', 'in_sync'),
        transition(b, '2026-06-01T00:00:00.000Z', 'pending'),
        transition(a, '2026-06-02T00:00:00.000Z', 'in_sync'),
      ];
      expect((await store.writeHistory({ versions: [], transitions, heads: [] })).written).toBe(3);
      expect((await store.writeHistory({ versions: [], transitions: transitions.slice(0, 1), heads: [] })).written).toBe(0);
      expect((await store.readDriftTransitions()).map((x) => x.id)).toEqual([transitions[1].id, transitions[2].id, transitions[0].id]);
      expect(await store.readDriftTransitions({ componentId: a })).toEqual([transitions[2], transitions[0]]);
      expect(await store.readDriftTransitions({ componentId: a, until: '2026-06-02T00:00:00.000Z' })).toEqual([transitions[2]]);
    });

    it('indexes versions by component, document and time, and keeps a document created again as a second record', async () => {
      const store = await makeStore();
      const s = scope();
      const [a, b] = [`${s.env('prod')}:s3-bucket/a`, `${s.env('prod')}:s3-bucket/b`];
      const records = [
        version(b, 'config', 1, '2026-06-01T00:00:00.000Z'),
        version(a, 'runtime', 1, '2026-06-02T00:00:00.000Z'),
        version(a, 'config', 1, '2026-06-05T00:00:00.000Z'),
        version(a, 'config', 1, '2026-06-03T00:00:00.000Z', { raw: null }),
        version(a, 'config', 1, '2026-06-01T00:00:00.000Z'),
      ];
      await store.writeHistory({ versions: records, transitions: [], heads: [] });
      const index = await store.readVersionIndex();
      expect(index.map((k) => [k.componentId === a ? 'a' : 'b', k.document, k.version, k.modifiedAt.slice(0, 10), k.removed])).toEqual([
        ['a', 'config', 1, '2026-06-01', false],
        ['a', 'config', 1, '2026-06-03', true],
        ['a', 'config', 1, '2026-06-05', false],
        ['a', 'runtime', 1, '2026-06-02', false],
        ['b', 'config', 1, '2026-06-01', false],
      ]);
      expect(index[0]).toEqual({ id: records[4].id, componentId: a, document: 'config', version: 1, modifiedAt: records[4].modifiedAt, hash: records[4].hash, removed: false });
      expect((await store.readVersionIndex({ componentId: b })).map((k) => k.id)).toEqual([records[0].id]);
    });

    it('counts pending components as heads come and go', async () => {
      const store = await makeStore();
      const s = scope();
      const [a, b] = [`${s.env('prod')}:vpc/a`, `${s.env('prod')}:vpc/b`];
      await store.writeHistory({ versions: [], transitions: [], heads: [head(a, { pending: ['config'] }), head(b, { pending: ['runtime'] })] });
      expect((await store.readHistoryState()).pendingComponents).toBe(2);
      await store.writeHistory({ versions: [], transitions: [], heads: [head(a)] });
      expect((await store.readHistoryState()).pendingComponents).toBe(1);
      expect(await store.readHistoryHeads([a])).toEqual([head(a)]);
    });

    it('writes nothing when the guard says the lease was lost', async () => {
      const store = await makeStore();
      const vpc = `${scope().env('prod')}:vpc/main`;
      const lost = {
        assertHeld: () => {
          throw new AppError('conflict', 'lost the lease');
        },
      };
      const error = await errorOf(store.writeHistory({ versions: [version(vpc, 'config', 1, '2026-06-01T00:00:00.000Z')], transitions: [], heads: [head(vpc)] }, lost));
      expect(error).toMatchObject({ code: 'conflict' });
      expect(await store.readHistoryState()).toMatchObject({ revision: 0, versions: 0 });
    });

    it('keeps the past of a component the graph no longer has', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);
      const gone = graph.components[0].id;
      const v = version(gone, 'config', 1, '2026-06-01T00:00:00.000Z');
      await store.writeHistory({ versions: [v], transitions: [transition(gone, '2026-06-02T00:00:00.000Z', 'in_sync')], heads: [head(gone, { config: slot(v) })] });
      await store.syncGraph({ ...graph, components: graph.components.slice(1), edges: graph.edges.filter((e) => e.from !== gone && e.to !== gone) });
      expect(await store.readVersions([v.id])).toEqual([v]);
      expect(await store.readDriftTransitions({ componentId: gone })).toHaveLength(1);
      expect(await store.readHistoryHeads([gone])).toHaveLength(1);
    });
  });
}
