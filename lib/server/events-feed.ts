import 'server-only';
import type { AuditEvent } from '@/lib/model/change-request';
import type { EventCursor, GraphStore } from '@/lib/store/graph-store';
import { laterCursor } from './events-position';

/**
 * This instance's view of the store's change feed (GraphStore
 * listEventsSince): every audit event written by any instance, delivered
 * once to each listener, polled only while someone listens.
 *
 * An event's `at` is its writer's clock, taken before the write: another
 * instance's clock may be behind, or its write may land seconds after its
 * `at`. So each read starts `windowMs` before the newest event seen (or
 * before now, when that event's clock was ahead), and events already seen
 * are dropped by id. An event whose `at` is older than that when it becomes
 * readable is missed: the window bounds the clock skew plus write time the
 * feed tolerates.
 */

export type FeedEntry = {
  event: AuditEvent;
  /** Where a listener stands once it has this event: never behind the one before. */
  cursor: EventCursor;
};

export type FeedListener = (entries: FeedEntry[]) => void;

export type ChangeFeedOptions = {
  /** How often the store is read while someone listens. */
  pollMs: number;
  /** How far before the newest event seen each read starts (skew between clocks plus the longest write). */
  windowMs: number;
  /** Events per store read. */
  pageSize: number;
  /** Reads per poll at most; the rest comes with the next poll. */
  maxPages: number;
  now?: () => number;
};

export const DEFAULT_FEED_OPTIONS: ChangeFeedOptions = { pollMs: 1_000, windowMs: 15_000, pageSize: 200, maxPages: 10 };

type Store = Pick<GraphStore, 'listEventsSince'>;

export class ChangeFeed {
  private readonly listeners = new Set<FeedListener>();
  private readonly now: () => number;
  /** The newest (at, id) seen; null until the first read. */
  private head: EventCursor | null = null;
  /** Ids seen inside the window, with their `at`, so a re-read delivers nothing twice. */
  private readonly seen = new Map<string, string>();
  private started: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Bumped when polling stops, so a read still in flight then changes nothing. */
  private epoch = 0;
  private isFailing = false;

  constructor(
    private readonly store: Store,
    private readonly options: ChangeFeedOptions = DEFAULT_FEED_OPTIONS,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Starts polling with the first listener, stops with the last; resolves once the feed knows where it starts. */
  async subscribe(listener: FeedListener): Promise<() => void> {
    this.listeners.add(listener);
    this.started ??= this.start();
    await this.started;
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  }

  get isPolling(): boolean {
    return this.started !== null;
  }

  /** Where a listener that starts now stands. */
  get position(): EventCursor | null {
    return this.head;
  }

  /**
   * What a connection resuming after `after` may have missed, read from the
   * store from a window before it (so the listener sees events it already
   * had again: it drops them by id). Null when there are more than `limit`.
   */
  async replay(after: EventCursor, limit: number): Promise<AuditEvent[] | null> {
    const events: AuditEvent[] = [];
    let from: EventCursor = { at: this.windowStart(after), id: '' };
    for (;;) {
      const page = await this.store.listEventsSince(from, this.options.pageSize);
      events.push(...page);
      if (events.length > limit) return null;
      if (page.length < this.options.pageSize) return events;
      from = page[page.length - 1];
    }
  }

  /** One read of the feed; the timer calls it, tests too. */
  async poll(): Promise<void> {
    const epoch = this.epoch;
    const fresh = await this.readWindow();
    if (epoch !== this.epoch || fresh.length === 0) return;
    const entries = fresh.map((event) => {
      this.head = laterCursor(this.head, { at: event.at, id: event.id });
      return { event, cursor: this.head! };
    });
    for (const listener of [...this.listeners]) listener(entries);
  }

  private async start(): Promise<void> {
    const epoch = this.epoch;
    this.head = { at: new Date(this.now() - this.options.windowMs).toISOString(), id: '' };
    try {
      // What is already there is history: the pages loaded it. Only what comes after is news.
      for (const event of await this.readWindow()) this.head = laterCursor(this.head, { at: event.at, id: event.id });
    } catch (error) {
      // The store is down: listeners still connect, and what is written from a window before now on reaches them once it is back.
      console.error('[karma] live events: the change feed could not be read; retrying:', error);
      this.isFailing = true;
    }
    if (epoch === this.epoch) this.schedule(epoch);
  }

  private schedule(epoch: number): void {
    this.timer = setTimeout(() => {
      this.poll()
        .then(
          () => (this.isFailing = false),
          (error: unknown) => {
            if (!this.isFailing) console.error(`[karma] live events: reading the change feed failed (retrying every ${this.options.pollMs} ms):`, error);
            this.isFailing = true;
          },
        )
        .finally(() => {
          if (epoch === this.epoch) this.schedule(epoch);
        });
    }, this.options.pollMs);
    this.timer.unref();
  }

  private stop(): void {
    this.epoch += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.started = null;
    this.head = null;
    this.seen.clear();
  }

  /** Reads are anchored on the newest event seen, or on now when that event's clock ran ahead. */
  private windowStart(cursor: EventCursor | null): string {
    const anchor = cursor === null ? this.now() : Math.min(Date.parse(cursor.at), this.now());
    return new Date(anchor - this.options.windowMs).toISOString();
  }

  /** The events in the window not seen before, oldest first; they count as seen from now on. */
  private async readWindow(): Promise<AuditEvent[]> {
    const start = this.windowStart(this.head);
    const fresh: AuditEvent[] = [];
    let from: EventCursor = { at: start, id: '' };
    for (let page = 0; page < this.options.maxPages; page += 1) {
      const events = await this.store.listEventsSince(from, this.options.pageSize);
      for (const event of events) {
        if (this.seen.has(event.id)) continue;
        this.seen.set(event.id, event.at);
        fresh.push(event);
      }
      if (events.length < this.options.pageSize) break;
      from = events[events.length - 1];
    }
    for (const [id, at] of this.seen) if (at < start) this.seen.delete(id);
    return fresh;
  }
}
