/**
 * The GraphStore contract, part three: leases shared by instances (one apply
 * per component, one sync at a time) and the graph state whose generation
 * every sync that writes advances.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GraphStore, LeaseRequest } from '../graph-store';
import { sampleGraph, scope, type GraphStoreFactory } from './fixtures';

/** Another instance of the same store, as a second portal would open it. */
export type TwinFactory = (store: GraphStore) => GraphStore;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function leaseOf(name: string, holder: string, options: Partial<LeaseRequest> = {}): LeaseRequest {
  return { name, holder, ttlMs: 60_000, ...options };
}

export function describeLeaseContract(makeStore: GraphStoreFactory, twin: TwinFactory): void {
  describe('leases', () => {
    it('go to one holder at a time: others are told who holds it and until when; the holder renews; a release frees it', async () => {
      const store = await makeStore();
      const name = `apply:${randomUUID()}`;

      const first = await store.acquireLease(leaseOf(name, 'a'));
      expect(first).toMatchObject({ acquired: true });
      expect(Date.parse((first as { expiresAt: string }).expiresAt)).toBeGreaterThan(Date.now() + 50_000);
      expect(await store.acquireLease(leaseOf(name, 'b'))).toEqual({ acquired: false, holder: 'a', expiresAt: (first as { expiresAt: string }).expiresAt });
      expect(await store.acquireLease(leaseOf(name, 'a', { ttlMs: 120_000 }))).toMatchObject({ acquired: true });

      expect(await store.releaseLease(leaseOf(name, 'b'))).toBe('not_held');
      expect(await store.releaseLease(leaseOf(name, 'a'))).toBe('released');
      expect(await store.releaseLease(leaseOf(name, 'a'))).toBe('not_held');
      expect(await store.acquireLease(leaseOf(name, 'b'))).toMatchObject({ acquired: true });
    });

    it('can be taken once expired, and before that only by a holder with the take-over prefix', async () => {
      const store = await makeStore();
      const name = `apply:${randomUUID()}`;
      await store.acquireLease(leaseOf(name, 'cr:1#claim-a', { ttlMs: 150 }));

      expect(await store.acquireLease(leaseOf(name, 'cr:2#claim-b', { takeOverPrefix: 'cr:2#' }))).toMatchObject({ acquired: false, holder: 'cr:1#claim-a' });
      expect(await store.acquireLease(leaseOf(name, 'cr:1#claim-c', { takeOverPrefix: 'cr:1#' }))).toMatchObject({ acquired: true });
      expect(await store.releaseLease(leaseOf(name, 'cr:1#claim-a'))).toBe('not_held');

      await store.acquireLease(leaseOf(name, 'cr:1#claim-c', { ttlMs: 150 }));
      expect(await store.acquireLease(leaseOf(name, 'other'))).toMatchObject({ acquired: false });
      await sleep(300);
      expect(await store.acquireLease(leaseOf(name, 'other'))).toMatchObject({ acquired: true });
    });

    it('keep a wish made while held: the holder is told to run again, once; a fresh holder answers earlier wishes', async () => {
      const store = await makeStore();
      const name = `sync:${randomUUID()}`;
      await store.acquireLease(leaseOf(name, 'a'));
      await store.wantLease(name);
      // A renewal does not answer the wish: the holder's run began before it.
      await store.acquireLease(leaseOf(name, 'a'));

      expect(await store.releaseLease(leaseOf(name, 'a'), { keepIfWanted: true })).toBe('kept');
      expect(await store.acquireLease(leaseOf(name, 'b'))).toMatchObject({ acquired: false, holder: 'a' });
      expect(await store.releaseLease(leaseOf(name, 'a'), { keepIfWanted: true })).toBe('released');

      await store.wantLease(name);
      await store.acquireLease(leaseOf(name, 'b'));
      expect(await store.releaseLease(leaseOf(name, 'b'), { keepIfWanted: true })).toBe('released');

      const untouched = `sync:${randomUUID()}`;
      await store.wantLease(untouched);
      expect(await store.acquireLease(leaseOf(untouched, 'c'))).toMatchObject({ acquired: true });
    });

    it('go to exactly one of 20 instances racing for a new lease', async () => {
      const store = await makeStore();
      const instances = Array.from({ length: 4 }, () => twin(store));
      const name = `apply:${randomUUID()}`;
      try {
        const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 4].acquireLease(leaseOf(name, `holder-${i}`))));
        const winners = outcomes.flatMap((o, i) => (o.acquired ? [`holder-${i}`] : []));
        expect(winners).toHaveLength(1);
        expect(new Set(outcomes.flatMap((o) => (o.acquired ? [] : [o.holder])))).toEqual(new Set(winners));
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
      }
    });
  });

  describe('the graph state', () => {
    it('is absent until a sync completes, then advances with every sync that writes, and only then', async () => {
      const store = await makeStore();
      const s = scope();
      expect(await store.readGraphState()).toBeNull();

      await store.syncGraph(sampleGraph(s));
      const first = await store.readGraphState();
      expect(first).toEqual({ generation: 1, syncedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

      await store.syncGraph(sampleGraph(s));
      expect(await store.readGraphState()).toEqual(first);

      const changed = sampleGraph(s);
      changed.components = changed.components.slice(1);
      changed.edges = changed.edges.filter((e) => changed.components.some((c) => c.id === e.from));
      await store.syncGraph(changed);
      expect((await store.readGraphState())?.generation).toBe(2);
    });

    it('is recorded by the first sync of an empty graph too, so an empty estate is not mistaken for a lost store', async () => {
      const store = await makeStore();
      await store.syncGraph({ components: [], edges: [], cycles: [], ignoredParameters: [] });
      expect(await store.readGraphState()).toMatchObject({ generation: 1 });
    });

    it('stops a sync whose guard says the lease was lost, before it writes anything', async () => {
      const store = await makeStore();
      const s = scope();
      const lost = {
        assertHeld: () => {
          throw new Error('the sync lease was lost');
        },
      };
      await expect(store.syncGraph(sampleGraph(s), lost)).rejects.toThrow('the sync lease was lost');
      expect(await store.readGraphState()).toBeNull();
      expect((await store.readGraph()).components).toEqual([]);
    });
  });
}
