/**
 * The GraphStore contract, part five: infrastructure memory. Version
 * records upserted by id (a later sighting only fills what was missing),
 * drift transitions added once, heads replaced only when they differ, the
 * reads time travel and lineage build on, and a history that outlives the
 * components it is about.
 */
import { describe, expect, it } from 'vitest';
import { contentHash } from '@/lib/history/content-hash';
import {
  driftTransitionId,
  historyVersionId,
  versionKeyOf,
  type DocumentVersion,
  type DriftTransition,
  type HistoryDocument,
  type HistoryHead,
  type HistoryWrite,
} from '@/lib/model/history';
import { parseComponentId } from '@/lib/model/ids';
import { at } from '@/lib/testing/builders';
import type { GraphStore } from '../graph-store';
import { sampleGraph, scope, type GraphStoreFactory } from './fixtures';
import type { TwinFactory } from './lease-contract';

function keyOf(componentId: string) {
  const key = parseComponentId(componentId);
  if (!key) throw new Error(`not a component id: ${componentId}`);
  return key;
}

/** A version as a sync's listing records it: no author, no Description. */
function version(componentId: string, document: HistoryDocument, number: number, modifiedAt: string, overrides: Partial<DocumentVersion> = {}): DocumentVersion {
  const raw = overrides.raw === undefined ? JSON.stringify({ document, number, note: 'ünïcode "quoted"' }) : overrides.raw;
  return {
    id: historyVersionId(componentId, document, number, modifiedAt),
    componentId,
    ...keyOf(componentId),
    document,
    version: number,
    raw,
    hash: contentHash(raw),
    modifiedAt,
    modifiedBy: null,
    description: null,
    changeRequestId: null,
    gitCommit: null,
    source: 'sync',
    recordedAt: at(100),
    ...overrides,
  };
}

function transition(componentId: string, observedAt: string, overrides: Partial<DriftTransition> = {}): DriftTransition {
  return { id: driftTransitionId(componentId, observedAt), componentId, from: 'in_sync', to: 'mismatch', at: observedAt, observedAt, reason: 'cidr differs', ...overrides };
}

function head(componentId: string, overrides: Partial<HistoryHead> = {}): HistoryHead {
  return { componentId, ...keyOf(componentId), config: null, runtime: null, drift: null, pending: [], ...overrides };
}

const slotOf = (v: DocumentVersion) => ({ id: v.id, version: v.version, modifiedAt: v.modifiedAt, hash: v.hash, removed: v.raw === null });

const write = (parts: Partial<HistoryWrite>): HistoryWrite => ({ versions: [], transitions: [], heads: [], ...parts });

const EMPTY_STATE = { revision: 0, versions: 0, transitions: 0, earliest: null, latest: null, pendingComponents: 0 };

async function seed(store: GraphStore, input: Partial<HistoryWrite>) {
  const result = await store.writeHistory(write(input));
  expect(result.written).toBeGreaterThan(0);
  return result;
}

export function describeHistoryContract(makeStore: GraphStoreFactory, twin: TwinFactory): void {
  describe('infrastructure memory', () => {
    it('stores heads and reads them back: all by component id, or those asked for in the order asked', async () => {
      const store = await makeStore();
      const s = scope();
      const vpc = version(s('dev:vpc/main'), 'config', 3, at(1));
      const heads = [
        head(s('dev:vpc/main'), {
          config: slotOf(vpc),
          runtime: slotOf(version(s('dev:vpc/main'), 'runtime', 2, at(2), { raw: null })),
          drift: 'mismatch',
          pending: ['config', 'runtime'],
        }),
        head(s('dev:api/a'), { pending: ['runtime'] }),
        head(s('prod:api/a'), { drift: 'in_sync' }),
      ];

      expect(await store.writeHistory(write({ heads }))).toMatchObject({ written: 3 });

      expect(await store.readHistoryHeads()).toEqual([heads[1], heads[0], heads[2]]);
      expect(await store.readHistoryHeads([s('prod:api/a'), s('dev:nope/x'), s('dev:vpc/main')])).toEqual([heads[2], heads[0]]);
      expect(await store.readHistoryHeads([])).toEqual([]);
    });

    it('replaces a head only when it differs: the same head again, even built in another key order, writes nothing', async () => {
      const store = await makeStore();
      const s = scope();
      const first = head(s('dev:vpc/main'), { drift: 'in_sync', pending: ['config'] });
      await seed(store, { heads: [first] });
      const { revision } = await store.readHistoryState();

      const { pending, drift, ...rest } = first;
      expect(await store.writeHistory(write({ heads: [{ pending, drift, ...rest }] }))).toMatchObject({ written: 0 });
      expect((await store.readHistoryState()).revision).toBe(revision);

      const changed = { ...first, drift: 'mismatch' as const, pending: [] };
      expect(await store.writeHistory(write({ heads: [changed, head(s('dev:api/a'))] }))).toMatchObject({ written: 2 });
      expect(await store.readHistoryHeads([s('dev:vpc/main')])).toEqual([changed]);
    });

    it('writes nothing, and keeps its revision, when given again what it holds', async () => {
      const store = await makeStore();
      const s = scope();
      const input = write({
        versions: [version(s('dev:vpc/main'), 'config', 1, at(1)), version(s('dev:vpc/main'), 'runtime', 1, at(2))],
        transitions: [transition(s('dev:vpc/main'), at(3))],
        heads: [head(s('dev:vpc/main'), { drift: 'mismatch' })],
      });

      expect(await store.writeHistory(input)).toMatchObject({ written: 4 });
      const state = await store.readHistoryState();
      const again = await store.writeHistory(structuredClone(input));

      expect(again.written).toBe(0);
      expect(again.roundTrips).toBeGreaterThan(0);
      expect(await store.readHistoryState()).toEqual(state);
      expect(await store.writeHistory(write({}))).toMatchObject({ written: 0 });
    });

    it('fills a stored version’s missing author, Description, change request and commit, and never overwrites them', async () => {
      const store = await makeStore();
      const s = scope();
      const listed = version(s('dev:vpc/main'), 'config', 4, at(1));
      await seed(store, { versions: [listed] });

      const fromHistory = { ...listed, modifiedBy: 'alice@example.com', description: 'Karma cr:1234', source: 'history' as const, recordedAt: at(200) };
      expect(await store.writeHistory(write({ versions: [fromHistory] }))).toMatchObject({ written: 1 });
      const filled = { ...listed, modifiedBy: 'alice@example.com', description: 'Karma cr:1234' };
      expect(await store.readVersions([listed.id])).toEqual([filled]);

      const fromApply = { ...listed, modifiedBy: 'mallory@example.com', description: 'other', changeRequestId: 'cr:1234', gitCommit: 'abc123', raw: '{"changed":true}' };
      expect(await store.writeHistory(write({ versions: [fromApply] }))).toMatchObject({ written: 1 });
      const complete = { ...filled, changeRequestId: 'cr:1234', gitCommit: 'abc123' };
      expect(await store.readVersions([listed.id])).toEqual([complete]);

      expect(await store.writeHistory(write({ versions: [{ ...fromApply, changeRequestId: 'cr:9999' }, listed] }))).toMatchObject({ written: 0 });
      expect(await store.readVersions([listed.id])).toEqual([complete]);
      expect(await store.readHistoryState()).toMatchObject({ versions: 1 });
    });

    it('adds a transition once: a second one with the same id is ignored', async () => {
      const store = await makeStore();
      const s = scope();
      const entered = transition(s('dev:vpc/main'), at(5));
      await seed(store, { transitions: [entered] });

      expect(await store.writeHistory(write({ transitions: [{ ...entered, reason: 'another reason', to: 'in_sync' }] }))).toMatchObject({ written: 0 });
      expect(await store.readDriftTransitions()).toEqual([entered]);
    });

    it('lists versions without their text by component, document, time (as time, not text) and version; one component’s on asking', async () => {
      const store = await makeStore();
      const s = scope();
      const vpc = s('dev:vpc/main');
      const api = s('dev:api/a');
      const versions = [
        version(vpc, 'runtime', 2, at(30)),
        version(vpc, 'config', 2, '2030-01-01T10:00:00+02:00'), // 08:00Z, before the next one whatever its text says
        version(vpc, 'config', 3, '2030-01-01T09:00:00.000Z'),
        version(vpc, 'config', 1, '2020-01-01T00:00:00.000Z'),
        version(api, 'config', 1, at(10)),
        version(vpc, 'runtime', 3, at(40), { raw: null }),
        version(api, 'runtime', 7, at(5)),
      ];
      await seed(store, { versions });

      const index = await store.readVersionIndex();
      const expected = [versions[4], versions[6], versions[3], versions[1], versions[2], versions[0], versions[5]].map(versionKeyOf);
      expect(index).toEqual(expected);
      expect(index[6]).toMatchObject({ removed: true, hash: '' });
      expect(index.every((key) => !('raw' in key))).toBe(true);
      expect(await store.readVersionIndex({ componentId: vpc })).toEqual(expected.slice(2));
      expect(await store.readVersionIndex({ componentId: s('dev:nope/x') })).toEqual([]);
    });

    it('keeps a version deleted and created again (the same number, another time) as two records', async () => {
      const store = await makeStore();
      const s = scope();
      const id = s('dev:queue/a');
      const firstLife = version(id, 'config', 1, at(1), { raw: '{"first":1}' });
      const removed = version(id, 'config', 1, at(2), { raw: null, id: `${historyVersionId(id, 'config', 1, at(2))}:removed` });
      const secondLife = version(id, 'config', 1, at(3), { raw: '{"second":2}' });
      await seed(store, { versions: [firstLife, removed, secondLife] });

      expect(await store.readVersionIndex({ componentId: id })).toEqual([firstLife, removed, secondLife].map(versionKeyOf));
      expect(await store.readVersions([secondLife.id, firstLife.id])).toEqual([secondLife, firstLife]);
    });

    it('reads versions whole, in the order asked, leaving out unknown ids', async () => {
      const store = await makeStore();
      const s = scope();
      const a = version(s('dev:vpc/main'), 'config', 1, at(1), { modifiedBy: 'bob', description: 'first', changeRequestId: 'cr:1', gitCommit: 'c0ffee', source: 'history' });
      const b = version(s('dev:vpc/main'), 'runtime', 1, at(2), { raw: null, hash: '' });
      const c = version(s('prod:vpc/main'), 'config', 9, at(3), { raw: '' });
      await seed(store, { versions: [a, b, c] });

      expect(await store.readVersions([c.id, 'hv:unknown', a.id, b.id])).toEqual([c, a, b]);
      expect(await store.readVersions([])).toEqual([]);
    });

    it('lists transitions by time then id, one component’s, and up to a moment inclusive', async () => {
      const store = await makeStore();
      const s = scope();
      const vpc = s('dev:vpc/main');
      const api = s('dev:api/a');
      const transitions = [
        transition(vpc, at(20), { from: 'mismatch', to: 'in_sync', reason: null }),
        transition(api, at(10), { from: null, to: 'pending' }),
        transition(vpc, at(10)),
        transition(api, at(30), { from: 'pending', to: null, reason: null }),
      ];
      await seed(store, { transitions });

      const sorted = [transitions[1], transitions[2], transitions[0], transitions[3]];
      expect(sorted[0].id < sorted[1].id).toBe(true);
      expect(await store.readDriftTransitions()).toEqual(sorted);
      expect(await store.readDriftTransitions({ componentId: vpc })).toEqual([transitions[2], transitions[0]]);
      expect(await store.readDriftTransitions({ until: at(20) })).toEqual(sorted.slice(0, 3));
      expect(await store.readDriftTransitions({ componentId: api, until: at(29) })).toEqual([transitions[1]]);
      expect(await store.readDriftTransitions({ until: at(9) })).toEqual([]);
    });

    it('states its revision, counts, time range and components still pending, the revision advancing with each write that writes', async () => {
      const store = await makeStore();
      const s = scope();
      expect(await store.readHistoryState()).toEqual(EMPTY_STATE);

      await seed(store, {
        versions: [version(s('dev:vpc/main'), 'config', 1, at(5)), version(s('dev:vpc/main'), 'config', 2, at(50)), version(s('dev:api/a'), 'runtime', 1, at(20))],
        transitions: [transition(s('dev:vpc/main'), at(6))],
        heads: [head(s('dev:vpc/main'), { pending: ['config'] }), head(s('dev:api/a'))],
      });
      const first = await store.readHistoryState();
      expect(first).toEqual({ revision: expect.any(Number), versions: 3, transitions: 1, earliest: at(5), latest: at(50), pendingComponents: 1 });
      expect(first.revision).toBeGreaterThan(0);

      await seed(store, {
        versions: [version(s('dev:api/a'), 'config', 1, at(1))],
        heads: [head(s('dev:vpc/main')), head(s('dev:api/a'), { pending: ['config', 'runtime'] }), head(s('prod:api/a'), { pending: ['config'] })],
      });
      const second = await store.readHistoryState();
      expect(second).toMatchObject({ versions: 4, transitions: 1, earliest: at(1), latest: at(50), pendingComponents: 2 });
      expect(second.revision).toBeGreaterThan(first.revision);

      await seed(store, { versions: [version(s('dev:api/a'), 'config', 1, at(1), { modifiedBy: 'alice' })] });
      const third = await store.readHistoryState();
      expect(third).toMatchObject({ versions: 4, earliest: at(1), latest: at(50) });
      expect(third.revision).toBeGreaterThan(second.revision);
    });

    it('is shared with every other instance of the store, both ways', async () => {
      const store = await makeStore();
      const other = twin(store);
      const s = scope();
      try {
        expect(await other.readHistoryState()).toEqual(EMPTY_STATE);
        const listed = version(s('dev:vpc/main'), 'config', 1, at(1));
        await seed(store, { versions: [listed], transitions: [transition(s('dev:vpc/main'), at(2))], heads: [head(s('dev:vpc/main'))] });

        expect(await other.readVersionIndex()).toEqual([versionKeyOf(listed)]);
        expect(await other.readHistoryHeads()).toEqual([head(s('dev:vpc/main'))]);
        expect(await other.readDriftTransitions()).toHaveLength(1);
        expect(await other.writeHistory(write({ versions: [listed] }))).toMatchObject({ written: 0 });

        await seed(other, { versions: [{ ...listed, modifiedBy: 'alice' }, version(s('dev:vpc/main'), 'config', 2, at(3))] });
        expect(await store.readVersions([listed.id])).toEqual([{ ...listed, modifiedBy: 'alice' }]);
        expect(await store.readHistoryState()).toEqual(await other.readHistoryState());
        expect(await store.readHistoryState()).toMatchObject({ versions: 2, latest: at(3) });
      } finally {
        await other.close();
      }
    });

    it('stops a write whose guard says the lease was lost, before it writes anything', async () => {
      const store = await makeStore();
      const s = scope();
      const lost = {
        assertHeld: () => {
          throw new Error('the sync lease was lost');
        },
      };
      const input = write({ versions: [version(s('dev:vpc/main'), 'config', 1, at(1))], transitions: [transition(s('dev:vpc/main'), at(2))], heads: [head(s('dev:vpc/main'))] });

      await expect(store.writeHistory(input, lost)).rejects.toThrow('the sync lease was lost');

      expect(await store.readHistoryState()).toEqual(EMPTY_STATE);
      expect(await store.readVersionIndex()).toEqual([]);
      expect(await store.readDriftTransitions()).toEqual([]);
      expect(await store.readHistoryHeads()).toEqual([]);
    });

    it('keeps the history of a component the graph no longer has', async () => {
      const store = await makeStore();
      const s = scope();
      const graph = sampleGraph(s);
      await store.syncGraph(graph);
      const gone = s('dev:queue/a');
      const versions = [version(gone, 'config', 1, at(1)), version(gone, 'runtime', 1, at(2))];
      const left = transition(gone, at(3), { from: 'in_sync', to: null, reason: null });
      await seed(store, { versions, transitions: [left], heads: [head(gone, { config: slotOf(versions[0]) })] });

      const without = structuredClone(graph);
      without.components = without.components.filter((c) => c.id !== gone);
      without.edges = without.edges.filter((e) => e.from !== gone && e.to !== gone);
      without.cycles = [];
      expect(await store.syncGraph(without)).toMatchObject({ removed: 3 });
      expect(await store.readComponent(gone)).toBeNull();

      expect(await store.readVersionIndex({ componentId: gone })).toEqual(versions.map(versionKeyOf));
      expect(await store.readVersions(versions.map((v) => v.id))).toEqual(versions);
      expect(await store.readDriftTransitions({ componentId: gone })).toEqual([left]);
      expect(await store.readHistoryHeads([gone])).toEqual([head(gone, { config: slotOf(versions[0]) })]);
      expect(await store.readHistoryState()).toMatchObject({ versions: 2, transitions: 1 });
    });
  });
}
