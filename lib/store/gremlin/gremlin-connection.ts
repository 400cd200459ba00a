import 'server-only';
import { AppError } from '@/lib/model/errors';
import { isConcurrentModification, toAppError } from './gremlin-errors';
import { AnonymousTraversalSource, DriverRemoteConnection, type RemoteConnection, type Source } from './gremlin-lib';
import { signHandshake, type CredentialsProvider, type SignedHandshake } from './sigv4-headers';

/**
 * One WebSocket connection to Neptune (or Gremlin Server), shared by every
 * caller of a store and replaced when it breaks:
 * - every request has a deadline, so a dead or wedged server is an AppError
 *   within `timeoutMs`, never a hang;
 * - a connection that closed or errored (server restart, network) is
 *   replaced by a fresh one on the next request; the driver would reopen the
 *   old one itself, but with the old handshake headers;
 * - with IAM, the handshake is signed per connection and a connection is
 *   replaced before the credentials behind it expire;
 * - a write that lost a race (ConcurrentModificationException) is retried
 *   with backoff; nothing else is retried here, so a sync broken by a lost
 *   connection fails instead of half-succeeding.
 */

export type GremlinSettings = {
  /** ws(s)://host:8182/gremlin */
  endpoint: string;
  iam: boolean;
  region?: string;
  timeoutMs: number;
};

export type { Source };
export type RoundTrips = { count: number };

/**
 * GraphBinary rather than the driver's default GraphSON 3: smaller frames
 * and cheaper to encode. Both Gremlin Server 3.7 and Neptune accept it.
 */
const GRAPH_BINARY = 'application/vnd.graphbinary-v1.0';
const MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 25;

type Link = {
  connection: RemoteConnection;
  g: Source;
  isBroken: boolean;
  isRetired: boolean;
  inFlight: number;
  renewAt: number | null;
  closing: Promise<void> | null;
};

const TIMED_OUT = Symbol('timed out');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class GremlinConnection {
  readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly handshake: (() => Promise<SignedHandshake>) | null;
  private link: Link | null = null;
  private opening: Promise<Link> | null = null;
  private readonly retired = new Set<Link>();
  private isClosed = false;
  private opened = 0;
  private sent = 0;

  constructor(settings: GremlinSettings, options: { credentials?: CredentialsProvider; now?: () => Date } = {}) {
    this.endpoint = settings.endpoint;
    this.timeoutMs = settings.timeoutMs;
    this.handshake = null;
    if (settings.iam) {
      const region = settings.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
      if (!region) throw new AppError('bad_request', 'Neptune IAM authentication needs a region (NEPTUNE_REGION or AWS_REGION)');
      const credentials = options.credentials ?? defaultCredentials();
      this.handshake = () => signHandshake({ endpoint: settings.endpoint, region, credentials, now: options.now?.() });
    }
  }

  /** How many connections have been opened so far (reconnects included). */
  get connectionsOpened(): number {
    return this.opened;
  }

  /** Requests sent so far, retries included. */
  get requestsSent(): number {
    return this.sent;
  }

  /** Runs one request (one traversal) with a deadline; `roundTrips` counts every attempt sent. */
  async run<T>(operation: string, query: (g: Source) => Promise<T>, roundTrips?: RoundTrips): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.sent += 1;
      if (roundTrips) roundTrips.count += 1;
      try {
        return await this.once(operation, query);
      } catch (error) {
        if (isConcurrentModification(error) && attempt < MAX_ATTEMPTS) {
          const base = BACKOFF_BASE_MS * 2 ** (attempt - 1);
          await sleep(base + Math.random() * base);
          continue;
        }
        throw toAppError(error, this.endpoint, operation);
      }
    }
  }

  private async once<T>(operation: string, query: (g: Source) => Promise<T>): Promise<T> {
    if (this.isClosed) throw new AppError('unavailable', 'The graph store connection is closed (the server is shutting down)', { internal: this.endpoint });
    const attempt: { link: Link | null } = { link: null };
    const work = (async () => {
      const link = await this.acquire();
      attempt.link = link;
      link.inFlight += 1;
      try {
        return await query(link.g);
      } finally {
        link.inFlight -= 1;
        if (link.isRetired && link.inFlight === 0) void this.closeLink(link);
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.timeoutMs);
    });
    try {
      const result = await Promise.race([work, deadline]);
      if (result !== TIMED_OUT) return result;
    } finally {
      clearTimeout(timer);
    }
    // A request past its deadline most often means a half-open socket: new
    // requests go to a new connection; this one closes once it is idle.
    if (attempt.link) this.retire(attempt.link);
    else this.opening = null;
    throw new AppError('timeout', `The graph store (Neptune) did not answer ${operation} within ${this.timeoutMs} ms`, { internal: this.endpoint });
  }

  private isUsable(link: Link): boolean {
    return !link.isBroken && (link.renewAt === null || Date.now() < link.renewAt);
  }

  private acquire(): Promise<Link> {
    const current = this.link;
    if (current && this.isUsable(current)) return Promise.resolve(current);
    if (current) {
      this.link = null;
      this.retire(current);
    }
    if (!this.opening) {
      const opening: Promise<Link> = this.open().then(
        (link) => {
          if (this.opening === opening && !this.isClosed) this.link = link;
          else this.retire(link); // given up on (deadline, close) while it was opening
          if (this.opening === opening) this.opening = null;
          return link;
        },
        (error: unknown) => {
          if (this.opening === opening) this.opening = null;
          throw error;
        },
      );
      this.opening = opening;
    }
    return this.opening;
  }

  private async open(): Promise<Link> {
    let headers: Record<string, string> | undefined;
    let renewAt: number | null = null;
    if (this.handshake) {
      if (typeof globalThis.WebSocket !== 'undefined') {
        // gremlin 3.7.3 prefers a global WebSocket (Node 22+) and then drops custom headers.
        throw new AppError('internal', 'Neptune IAM authentication needs the `ws` client: start Node with --no-experimental-websocket');
      }
      ({ headers, renewAt } = await this.handshake());
    }
    const connection = new DriverRemoteConnection(this.endpoint, { mimeType: GRAPH_BINARY, headers });
    const link: Link = {
      connection,
      // The server gives up at the same deadline, so a request reported as timed out is not
      // still writing minutes later (the outcome of one cut off at the deadline stays unknown).
      g: AnonymousTraversalSource.traversal().withRemote(connection).with_('evaluationTimeout', this.timeoutMs),
      isBroken: false,
      isRetired: false,
      inFlight: 0,
      renewAt,
      closing: null,
    };
    const markBroken = () => {
      link.isBroken = true;
    };
    connection.addListener('close', markBroken);
    connection.addListener('socketError', markBroken);
    this.opened += 1;
    try {
      await connection.open();
    } catch (error) {
      link.isBroken = true;
      void connection.close().catch(() => {});
      throw error;
    }
    return link;
  }

  private retire(link: Link): void {
    if (this.link === link) this.link = null;
    if (link.isRetired) return;
    link.isRetired = true;
    this.retired.add(link);
    if (link.inFlight === 0) void this.closeLink(link);
    // Requests stuck on a dead socket must not keep it open for ever.
    else setTimeout(() => void this.closeLink(link), this.timeoutMs).unref();
  }

  private closeLink(link: Link): Promise<void> {
    const closing =
      link.closing ??
      link.connection
        .close()
        .catch(() => {})
        .finally(() => this.retired.delete(link));
    link.closing = closing;
    return closing;
  }

  /** Closes every connection and waits for them to close; later requests fail. */
  async close(): Promise<void> {
    this.isClosed = true;
    const pending = this.opening;
    this.opening = null;
    if (this.link) this.retire(this.link);
    if (pending) {
      const late = await Promise.race([pending.catch(() => null), sleep(this.timeoutMs).then(() => null)]);
      if (late) this.retire(late);
    }
    await Promise.all([...this.retired].map((link) => this.closeLink(link)));
  }
}

function defaultCredentials(): CredentialsProvider {
  let provider: CredentialsProvider | null = null;
  // Loaded on first use, so memory-mode processes never load the AWS credential chain.
  return async () => {
    if (!provider) {
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      provider = defaultProvider();
    }
    return provider();
  };
}
