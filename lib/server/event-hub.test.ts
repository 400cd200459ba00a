import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@/lib/model/change-request';
import { auditEvent, propose } from '@/lib/store/graph-store.contract';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { EventHub, type EventHubOptions } from './event-hub';
import { ChangeFeed } from './events-feed';
import { decodePosition, encodePosition, laterCursor } from './events-position';
import { StreamReader } from './events-testing';
import type { GenerationChange } from './graph-service';

const dirs: string[] = [];
const hubs: EventHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) hub.close();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The instant the tests' clock stands at; events are placed around it. */
const NOW = Date.parse('2026-09-01T12:00:00.000Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

/** GraphService's two generation hooks, fired by the test. */
class Generations {
  servedGeneration: number | null = 1;
  private readonly listeners = new Set<(change: GenerationChange) => void>();
  onGeneration(listener: (change: GenerationChange) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  serve(generation: number, ids: Partial<Pick<GenerationChange, 'added' | 'removed' | 'updated'>> = {}) {
    const change: GenerationChange = {
      generation,
      previous: this.servedGeneration,
      syncedAt: iso(0),
      added: ids.added ?? [],
      removed: ids.removed ?? [],
      updated: ids.updated ?? [],
      counts: { added: ids.added?.length ?? 0, removed: ids.removed?.length ?? 0, updated: ids.updated?.length ?? 0 },
    };
    this.servedGeneration = generation;
    for (const listener of this.listeners) listener(change);
  }
}

/**
 * A hub on a real embedded store, with the feed polled by the test (its
 * timer never fires) and a second store on the same folder as another
 * instance would have.
 */
async function setup(options: Partial<EventHubOptions> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-events-'));
  dirs.push(dir);
  const store = new MemoryGraphStore({ dataDir: dir });
  const otherInstance = new MemoryGraphStore({ dataDir: dir });
  const request = await propose(store, 'dev:vpc/main', { createdAt: iso(-60_000) });
  const feed = new ChangeFeed(store, { pollMs: 3_600_000, windowMs: 15_000, pageSize: 2, maxPages: 10, now: () => NOW });
  const graph = new Generations();
  const hub = new EventHub({ feed, graph, options, random: () => 0 });
  hubs.push(hub);
  const open = (input: { userId?: string; lastEventId?: string | null } = {}) =>
    new StreamReader(hub.open({ userId: input.userId ?? 'carol@example.com', lastEventId: input.lastEventId ?? null }));
  /** An event about the request, as the workflow writes it (on either instance). */
  const write = async (at: string, overrides: Partial<AuditEvent> = {}, on: MemoryGraphStore = store) => {
    const event = auditEvent({ kind: 'commented', actor: 'carol@example.com', at, changeRequestId: request.id, componentId: request.componentId, ...overrides });
    await on.appendEvent(event);
    return event;
  };
  return { hub, feed, graph, store, otherInstance, request, open, write };
}

describe('positions (the SSE ids)', () => {
  it('round-trip the generation and the feed cursor, each possibly unknown', () => {
    for (const position of [
      { generation: 7, cursor: { at: iso(0), id: 'ev:00000000-0000-4000-8000-000000000001' } },
      { generation: null, cursor: { at: iso(5), id: '' } },
      { generation: 0, cursor: null },
      { generation: null, cursor: null },
    ]) {
      expect(decodePosition(encodePosition(position))).toEqual(position);
    }
    expect(encodePosition({ generation: 7, cursor: null })).toBe('7__');
  });

  it('refuse what this server did not write', () => {
    for (const text of ['', 'garbage', '7_', 'x__', '7_yesterday_ev:1', '7__ev:1', `7_${iso(0)}_ev:1\nevent: reset`, `7_${iso(0)}_${'x'.repeat(300)}`]) {
      expect(decodePosition(text), text).toBeNull();
    }
  });

  it('order cursors by time, then id', () => {
    const a = { at: iso(0), id: 'ev:a' };
    const b = { at: iso(0), id: 'ev:b' };
    const later = { at: iso(1), id: 'ev:0' };
    expect(laterCursor(a, b)).toBe(b);
    expect(laterCursor(later, b)).toBe(later);
    expect(laterCursor(null, a)).toBe(a);
    expect(laterCursor(a, null)).toBe(a);
  });
});

describe('the change feed', () => {
  it('delivers what any instance writes after it started, once, however often the window is read again', async () => {
    const { feed, write, otherInstance } = await setup();
    await write(iso(-1_000)); // history: already there when the feed starts
    const got: string[] = [];
    const unsubscribe = await feed.subscribe((entries) => got.push(...entries.map((e) => e.event.note)));

    await write(iso(1_000), { note: 'here' });
    await write(iso(2_000), { note: 'there' }, otherInstance);
    await feed.poll();
    await feed.poll();

    expect(got).toEqual(['here', 'there']);
    unsubscribe();
  });

  it('still delivers an event from a writer whose clock is behind, and moves its cursor only forward', async () => {
    const { feed, write } = await setup();
    const cursors: string[] = [];
    const got: string[] = [];
    const unsubscribe = await feed.subscribe((entries) => {
      got.push(...entries.map((e) => e.event.note));
      cursors.push(...entries.map((e) => e.cursor.at));
    });
    await write(iso(3_000), { note: 'on time' });
    await feed.poll();

    await write(iso(-5_000), { note: 'clock 8 s behind' });
    await feed.poll();

    expect(got).toEqual(['on time', 'clock 8 s behind']);
    expect(cursors).toEqual([iso(3_000), iso(3_000)]);
    unsubscribe();
  });

  it('reads the store only while someone listens', async () => {
    const { feed } = await setup();
    expect(feed.isPolling).toBe(false);
    const first = await feed.subscribe(() => {});
    const second = await feed.subscribe(() => {});
    first();
    expect(feed.isPolling).toBe(true);
    second();
    expect(feed.isPolling).toBe(false);
  });
});

describe('the event hub', () => {
  it('opens with the reconnect delay and `ready`, whose id is where a resume starts', async () => {
    const { open } = await setup();
    const stream = open();

    const ready = await stream.nextOf('ready');

    expect(stream.raw.startsWith('retry: 2000\n\n')).toBe(true);
    expect(ready.data).toEqual({ generation: 1 });
    expect(decodePosition(ready.id!)).toEqual({ generation: 1, cursor: { at: iso(-15_000), id: '' } });
  });

  it('sends a transition made on another instance as a `change` event, its id holding the feed cursor', async () => {
    const { open, feed, request, otherInstance } = await setup();
    const stream = open();
    await stream.nextOf('ready');

    const approved = auditEvent({
      kind: 'approved',
      actor: 'carol@example.com',
      at: iso(1_000),
      changeRequestId: request.id,
      componentId: request.componentId,
      data: { status: 'approved' },
    });
    await otherInstance.transitionChangeRequest({
      id: request.id,
      expectedStatus: 'open',
      expectedRevision: 1,
      patch: { status: 'approved', approvals: ['carol@example.com'] },
      event: approved,
    });
    await feed.poll();
    const change = await stream.nextOf('change');

    expect(change.data).toEqual({
      eventId: approved.id,
      changeRequestId: request.id,
      componentId: request.componentId,
      kind: 'approved',
      actor: 'carol@example.com',
      at: approved.at,
      status: 'approved',
      rolloutId: null,
    });
    expect(decodePosition(change.id!)).toEqual({ generation: 1, cursor: { at: approved.at, id: approved.id } });
  });

  it('sends each new generation with what changed, and its number in the ids from then on', async () => {
    const { open, graph, feed, write } = await setup();
    const stream = open();
    await stream.nextOf('ready');

    graph.serve(2, { added: ['dev:sqs/new'], updated: ['dev:vpc/main'] });
    const event = await stream.nextOf('graph');
    await write(iso(1_000));
    await feed.poll();
    const change = await stream.nextOf('change');

    expect(event.data).toEqual({
      generation: 2,
      previous: 1,
      syncedAt: iso(0),
      changes: { added: ['dev:sqs/new'], removed: [], updated: ['dev:vpc/main'], counts: { added: 1, removed: 0, updated: 1 } },
    });
    expect(decodePosition(event.id!)?.generation).toBe(2);
    expect(decodePosition(change.id!)?.generation).toBe(2);
  });

  it('replays on a resume what was written meanwhile, on any instance, and says the generation moved', async () => {
    const { hub, open, graph, write, otherInstance } = await setup();
    const first = open();
    const { id } = await first.nextOf('ready');
    await first.cancel();
    expect(hub.size).toBe(0);

    const missed = [await write(iso(1_000), { note: 'missed here' }), await write(iso(2_000), { note: 'missed there' }, otherInstance)];
    graph.servedGeneration = 3;
    const resumed = open({ lastEventId: id });
    const graphEvent = await resumed.nextOf('graph');
    const changes = [await resumed.nextOf('change'), await resumed.nextOf('change')];
    const ready = await resumed.nextOf('ready');

    expect(graphEvent.data).toEqual({ generation: 3, previous: 1, syncedAt: null, changes: null });
    expect(changes.map((c) => c.data.eventId)).toEqual(missed.map((e) => e.id));
    expect(decodePosition(ready.id!)).toEqual({ generation: 3, cursor: { at: iso(2_000), id: missed[1].id } });
  });

  it('re-reads a window before the resume position, so a late writer is not missed (the browser drops repeats by id)', async () => {
    const { open, feed, write } = await setup();
    const first = open();
    await first.nextOf('ready');
    const seen = await write(iso(5_000), { note: 'seen' });
    await feed.poll();
    const { id } = await first.nextOf('change');
    await first.cancel();

    const late = await write(iso(1_000), { note: 'written late by a clock 4 s behind' });
    const resumed = open({ lastEventId: id });
    const replayed: string[] = [];
    for (let m = await resumed.next(); m && m.type !== 'ready'; m = await resumed.next()) if (m.type === 'change') replayed.push(m.data.eventId);

    expect(replayed).toContain(late.id);
    expect(replayed).toContain(seen.id);
    expect(new Set(replayed).size).toBe(replayed.length);
  });

  it('tells a resume to read everything again when the position is not one of its own, or more was missed than it replays', async () => {
    const { open, write } = await setup({ replayLimit: 2 });
    const garbage = open({ lastEventId: 'not a position' });
    expect((await garbage.nextOf('reset')).data.reason).toMatch(/not understood/);
    await garbage.nextOf('ready');

    const first = open();
    const { id } = await first.nextOf('ready');
    await first.cancel();
    for (const offset of [1_000, 2_000, 3_000]) await write(iso(offset));
    const behind = open({ lastEventId: id });

    expect((await behind.nextOf('reset')).data.reason).toMatch(/replayed/);
    expect(behind.messages.filter((m) => m.type === 'change')).toEqual([]);
    expect(decodePosition((await behind.nextOf('ready')).id!)?.cursor).not.toBeNull();
  });

  it('holds live events back while a resume is read, then sends each once', async () => {
    const { open, feed, write } = await setup();
    const otherTab = open();
    await otherTab.nextOf('ready');
    const first = open();
    const { id } = await first.nextOf('ready');
    await first.cancel();
    const missed = await write(iso(1_000));

    const resumed = open({ lastEventId: id });
    // The feed (kept running by the other tab) finds the same event while the resume reads it back from the store.
    await feed.poll();
    await resumed.nextOf('ready');
    const next = await write(iso(2_000));
    await feed.poll();
    await resumed.nextOf('change');

    const changes = resumed.messages.flatMap((m) => (m.type === 'change' ? [m.data.eventId] : []));
    expect(changes).toEqual([missed.id, next.id]);
    expect((await otherTab.nextOf('change')).data.eventId).toBe(missed.id);
  });

  it('allows each person a bounded number of connections on one instance (429 for the next), and one more once one ends', async () => {
    const { hub, open } = await setup({ maxPerUser: 2 });
    const streams = [open(), open()];
    await Promise.all(streams.map((s) => s.nextOf('ready')));

    expect(() => open()).toThrow(expect.objectContaining({ code: 'too_many_requests', status: 429 }));
    await open({ userId: 'dana@example.com' }).nextOf('ready');
    await streams[0].cancel();
    await open().nextOf('ready');

    expect(hub.countOf('carol@example.com')).toBe(2);
    expect(hub.size).toBe(3);
  });

  it('ends a connection after its lifetime, and keeps an idle one alive with comments until then', async () => {
    const { hub, open } = await setup({ lifetimeMs: 300, heartbeatMs: 20 });
    const stream = open();
    await stream.nextOf('ready');

    await stream.until(': keep-alive\n\n');
    await stream.end();

    expect(stream.done).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('ends the connection when the browser goes away, and stops reading the feed with the last one', async () => {
    const { hub, feed } = await setup();
    const gone = new AbortController();
    const stream = new StreamReader(hub.open({ userId: 'carol@example.com', lastEventId: null, signal: gone.signal }));
    await stream.nextOf('ready');
    expect(feed.isPolling).toBe(true);

    gone.abort();
    await stream.end();

    expect(hub.size).toBe(0);
    expect(feed.isPolling).toBe(false);
  });
});
