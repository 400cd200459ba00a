import 'server-only';
import { AppError } from '@/lib/model/errors';
import { ChangeFeed } from './events-feed';
import { LiveConnection, graphEventData } from './events-connection';
import { decodePosition, encodePosition } from './events-position';
import type { GraphService } from './graph-service';
import { getServices } from './services';

/**
 * Live updates for the browsers connected to this instance (GET
 * /api/events, ARCHITECTURE.md §7): new graph generations from
 * GraphService.onGeneration (its poll of the store's generation), and
 * change-request events from the store's change feed (events-feed.ts), which
 * holds what every instance wrote. The feed is the one source of change
 * events, this instance's own included, so nothing arrives twice.
 *
 * Bounds: at most `maxPerUser` connections per person on this instance (a
 * 429 for the next one, which the browser retries later: closing the oldest
 * instead would have two tabs beyond the bound evict each other every few
 * seconds, and 4 leaves a browser's 6 connections per HTTP/1.1 origin room
 * for the page's own requests); each connection ends after `lifetimeMs`, cut
 * by up to `lifetimeJitter` of it so tabs opened together do not all come
 * back together, and EventSource reconnects with Last-Event-ID by itself.
 */

export type EventHubOptions = {
  maxPerUser: number;
  lifetimeMs: number;
  lifetimeJitter: number;
  heartbeatMs: number;
  /** How long EventSource waits before reconnecting. */
  retryMs: number;
  /** Change events a resume may send; past that the browser is told to read everything again. */
  replayLimit: number;
};

export const DEFAULT_HUB_OPTIONS: EventHubOptions = { maxPerUser: 4, lifetimeMs: 5 * 60_000, lifetimeJitter: 0.1, heartbeatMs: 15_000, retryMs: 2_000, replayLimit: 500 };

type Generations = Pick<GraphService, 'onGeneration' | 'servedGeneration'>;

export type OpenInput = {
  userId: string;
  /** The Last-Event-ID header (or `lastEventId` parameter): the position to resume after. */
  lastEventId: string | null;
  /** Aborted when the browser goes away. */
  signal?: AbortSignal;
};

export class EventHub {
  private readonly connections = new Set<LiveConnection>();
  private readonly options: EventHubOptions;
  private readonly random: () => number;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly stopGenerations: () => void;

  constructor(private readonly deps: { feed: ChangeFeed; graph: Generations; options?: Partial<EventHubOptions>; random?: () => number }) {
    this.options = { ...DEFAULT_HUB_OPTIONS, ...deps.options };
    this.random = deps.random ?? Math.random;
    this.stopGenerations = deps.graph.onGeneration((change) => {
      const data = graphEventData(change);
      for (const connection of this.connections) connection.deliverGeneration(data);
    });
  }

  /** Open connections, all people together. */
  get size(): number {
    return this.connections.size;
  }

  countOf(userId: string): number {
    let count = 0;
    for (const connection of this.connections) if (connection.userId === userId) count += 1;
    return count;
  }

  /** A stream of SSE text for one browser; `too_many_requests` (429) when the person already has the most this instance allows. */
  open({ userId, lastEventId, signal }: OpenInput): ReadableStream<Uint8Array> {
    const { maxPerUser } = this.options;
    if (this.countOf(userId) >= maxPerUser) {
      throw new AppError('too_many_requests', `At most ${maxPerUser} live connections per person on one server; close a tab, and this one connects again shortly`);
    }
    let connection!: LiveConnection;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        connection = new LiveConnection(userId, controller);
      },
      cancel: () => connection.close(),
    });
    this.register(connection);
    signal?.addEventListener('abort', () => connection.close(), { once: true });
    void this.begin(connection, lastEventId).catch((error: unknown) => {
      console.error('[karma] live events: a connection failed to start', error);
      connection.close();
    });
    return stream;
  }

  /** Ends every connection (a clean stop; the browsers reconnect to another instance or to this one when it is back). */
  close(): void {
    for (const connection of [...this.connections]) connection.close();
    this.stopGenerations();
  }

  private register(connection: LiveConnection): void {
    this.connections.add(connection);
    const { lifetimeMs, lifetimeJitter, heartbeatMs } = this.options;
    const lifetime = setTimeout(() => connection.close(), lifetimeMs * (1 - lifetimeJitter * this.random()));
    lifetime.unref();
    this.heartbeat ??= setInterval(() => {
      for (const each of this.connections) each.heartbeat();
    }, heartbeatMs).unref();
    connection.onClose(() => {
      clearTimeout(lifetime);
      this.connections.delete(connection);
      if (this.connections.size === 0 && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
    });
  }

  /**
   * 1. listen to the feed (what comes meanwhile waits), 2. on a resume, send
   * a `graph` event if the generation moved and the change events after the
   * position, read back from the store, 3. send what waited, then `ready`.
   */
  private async begin(connection: LiveConnection, lastEventId: string | null): Promise<void> {
    const { feed, graph } = this.deps;
    connection.retry(this.options.retryMs);
    const unsubscribe = await feed.subscribe((entries) => connection.deliver(entries));
    connection.onClose(unsubscribe);
    if (connection.closed) return;
    const served = graph.servedGeneration;
    const here = { generation: served, cursor: feed.position };
    const resume = lastEventId === null ? null : decodePosition(lastEventId);
    if (lastEventId !== null && resume === null) {
      connection.reset('The position to resume from was not understood', here);
    } else if (resume) {
      connection.resumeFrom(resume);
      // Generations can also go back (a store that lost its data is rebuilt from 1), so any difference counts.
      if (served !== null && served !== resume.generation) connection.sendGraph({ generation: served, previous: resume.generation, syncedAt: null, changes: null });
      if (resume.cursor) {
        const missed = await feed.replay(resume.cursor, this.options.replayLimit).catch((error: unknown) => {
          console.error('[karma] live events: the change feed could not be read for a resume', error);
          return null;
        });
        if (connection.closed) return;
        if (missed === null) connection.reset('More happened meanwhile than can be replayed', here);
        else for (const event of missed) connection.sendReplayed(event);
      }
    }
    connection.goLive(here);
  }
}

const cache = globalThis as unknown as { karmaEventHub?: Promise<EventHub> };

/** This process's hub, on the services' graph store and graph service (kept on globalThis like the services). */
export function getEventHub(): Promise<EventHub> {
  cache.karmaEventHub ??= getServices().then(
    ({ graph, graphStore }) => {
      const hub = new EventHub({ feed: new ChangeFeed(graphStore), graph });
      process.once('SIGTERM', () => hub.close());
      return hub;
    },
    (error: unknown) => {
      cache.karmaEventHub = undefined;
      throw error;
    },
  );
  return cache.karmaEventHub;
}

/**
 * Where a page rendered now starts its live events: the generation served
 * and this moment. The portal's layout hands it to the browser, whose first
 * connection resumes from it, so what happens between the page's render and
 * that connection is replayed rather than lost.
 */
export async function livePositionNow(): Promise<string> {
  const at = new Date().toISOString();
  // Services that fail to start are the page's to explain; the stream then starts from this moment alone.
  const generation = await getServices().then(
    ({ graph }) => graph.servedGeneration,
    () => null,
  );
  return encodePosition({ generation, cursor: { at, id: '' } });
}
