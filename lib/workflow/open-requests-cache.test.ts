// How a simulation learns of open requests: at most one store read a second while someone edits, editors never queue
// behind that read once a list is known, a write on this instance is seen at once, another instance's within a read.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import type { GraphStore } from '@/lib/store/graph-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { createHarness, PEOPLE, propose, seedEstate, type Harness } from './testing/review-harness';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

type Counted = { store: GraphStore; reads: () => number; release: () => void; hold: () => void };

/** The memory store, counting listChangeRequests and able to hold its answers back (a slow Neptune scan). */
function counted(inner: GraphStore): Counted {
  let reads = 0;
  let gate: Promise<void> | null = null;
  let open = () => {};
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'listChangeRequests' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        reads++;
        const answer = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (gate) await gate;
        return answer;
      };
    },
  });
  return {
    store,
    reads: () => reads,
    hold: () => (gate = new Promise<void>((resolve) => (open = resolve))),
    release: () => {
      gate = null;
      open();
    },
  };
}

async function twoInstances(): Promise<{ a: Harness; b: Harness; counter: Counted }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-open-requests-'));
  dirs.push(dir);
  const params = LocalParameterFile.inDataDir(dir);
  const dev = params.store('dev');
  await seedEstate(dev);
  const counter = counted(new MemoryGraphStore({ dataDir: dir }));
  const a = await createHarness({ stores: [dev], graphStore: counter.store });
  const b = await createHarness({ stores: [dev], graphStore: new MemoryGraphStore({ dataDir: dir }) });
  return { a, b, counter };
}

const edit = (queueTimeout: number) => ({
  members: [{ target: { componentId: 'dev:sqs-queue/jobs' }, proposedConfig: JSON.stringify({ visibility_timeout_seconds: queueTimeout }) }],
});
const conflicts = async (h: Harness, queueTimeout = 45) => (await h.service.simulate(PEOPLE.alice, edit(queueTimeout))).conflicts?.map((c) => c.id).sort() ?? [];

describe('open requests while editing', () => {
  it('reads them at most once a second however many simulations ask', async () => {
    const { a, counter } = await twoInstances();
    await Promise.all(Array.from({ length: 20 }, (_, i) => conflicts(a, 40 + i)));
    expect(counter.reads()).toBe(1);
  });

  it('sees a request made on this instance at once, and one made on another after the next read', async () => {
    const { a, b, counter } = await twoInstances();
    expect(await conflicts(a)).toEqual([]);
    const here = await propose(a, PEOPLE.alice, 'dev:sqs-queue/jobs', { visibility_timeout_seconds: 60 });
    expect(await conflicts(a)).toEqual([here.id]);

    const there = await propose(b, PEOPLE.alice, 'dev:sqs-queue/jobs', { visibility_timeout_seconds: 90 });
    const readsBefore = counter.reads();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // Past the second the first simulation starts a read and is answered from the last list; the read's answer serves the next.
    expect(await conflicts(a)).toEqual([here.id]);
    await expect.poll(() => conflicts(a)).toEqual([here.id, there.id].sort());
    expect(counter.reads()).toBe(readsBefore + 1);
  });

  it('never keeps editors waiting on a slow read once a list is known', async () => {
    const { a, counter } = await twoInstances();
    expect(await conflicts(a)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    counter.hold();
    try {
      // The store holds its answer back: simulations still answer, from the list read before.
      expect(await conflicts(a)).toEqual([]);
      expect(await conflicts(a)).toEqual([]);
      expect(counter.reads()).toBe(2);
    } finally {
      counter.release();
    }
  });
});
