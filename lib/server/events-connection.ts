import 'server-only';
import { CHANGE_STATUSES, STATUS_AFTER_EVENT, type AuditEvent, type ChangeStatus } from '@/lib/model/change-request';
import { isJsonObject } from '@/lib/model/json';
import type { ChangeEventData, GraphEventData, LiveEvent } from '@/lib/model/live-events';
import type { EventCursor } from '@/lib/store/graph-store';
import { encodePosition, laterCursor, type LivePosition } from './events-position';
import { sseComment, sseMessage, sseRetry } from './events-sse';
import type { FeedEntry } from './events-feed';
import type { GenerationChange } from './graph-service';

/**
 * One browser's stream of live events: what it has been told (its position,
 * the change events it got), what waits while it catches up on a resume,
 * and its end. The hub (event-hub.ts) decides what goes to whom.
 */

const STATUSES: ReadonlySet<string> = new Set(CHANGE_STATUSES);

export function changeEventData(event: AuditEvent): ChangeEventData {
  const data = isJsonObject(event.data) ? event.data : {};
  const said = data.status;
  const status = typeof said === 'string' && STATUSES.has(said) ? (said as ChangeStatus) : (STATUS_AFTER_EVENT[event.kind] ?? null);
  const rolloutId = typeof data.rolloutId === 'string' && data.rolloutId !== '' ? data.rolloutId : null;
  return { eventId: event.id, changeRequestId: event.changeRequestId, componentId: event.componentId, kind: event.kind, actor: event.actor, at: event.at, status, rolloutId };
}

export function graphEventData(change: GenerationChange): GraphEventData {
  const { generation, previous, syncedAt, added, removed, updated, counts } = change;
  return { generation, previous, syncedAt, changes: { added, removed, updated, counts } };
}

/** A stream this far behind its reader (a tab asleep, a stalled proxy) is closed; EventSource reconnects and resumes. */
const MAX_QUEUED_CHUNKS = 1_000;
/** Change events remembered per connection, so a resume's window and the live feed never send one twice. */
const MAX_SENT_IDS = 2_000;

const encoder = new TextEncoder();

export class LiveConnection {
  private position: LivePosition = { generation: null, cursor: null };
  private readonly sent = new Set<string>();
  /** What arrived while a resume was being read, sent once it is. */
  private waiting: Array<() => void> | null = [];
  private readonly closers: Array<() => void> = [];
  private isClosed = false;

  constructor(
    readonly userId: string,
    private readonly controller: ReadableStreamDefaultController<Uint8Array>,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Runs when the connection ends, whoever ends it. */
  onClose(run: () => void): void {
    if (this.isClosed) run();
    else this.closers.push(run);
  }

  retry(ms: number): void {
    this.write(sseRetry(ms));
  }

  heartbeat(): void {
    this.write(sseComment('keep-alive'));
  }

  /** Where a resume starts from; what follows is measured against it. */
  resumeFrom(position: LivePosition): void {
    this.position = position;
  }

  get generation(): number | null {
    return this.position.generation;
  }

  /** A change event read back from the store on a resume (before live events flow). */
  sendReplayed(event: AuditEvent): void {
    this.sendChange(event, { at: event.at, id: event.id });
  }

  /** Live change events from the feed; held back while a resume is still being read. */
  deliver(entries: FeedEntry[]): void {
    this.whenLive(() => {
      for (const { event, cursor } of entries) this.sendChange(event, cursor);
    });
  }

  /** A new generation served by this instance; held back like change events, and sent once per generation. */
  deliverGeneration(data: GraphEventData): void {
    this.whenLive(() => this.sendGraph(data));
  }

  sendGraph(data: GraphEventData): void {
    if (data.generation === this.position.generation) return;
    this.position = { ...this.position, generation: data.generation };
    this.send({ type: 'graph', data });
  }

  reset(reason: string, position: LivePosition): void {
    this.position = position;
    this.sent.clear();
    this.send({ type: 'reset', data: { reason } });
  }

  /**
   * Caught up: what waited is sent, then `ready` with the position a later
   * resume starts from (never behind the feed's, so a quiet connection has one too).
   */
  goLive({ generation, cursor }: LivePosition): void {
    const waiting = this.waiting ?? [];
    this.waiting = null;
    for (const run of waiting) run();
    this.position = { generation: this.position.generation ?? generation, cursor: laterCursor(this.position.cursor, cursor) };
    this.send({ type: 'ready', data: { generation: this.position.generation } });
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    try {
      this.controller.close();
    } catch {
      // Already cancelled by the reader.
    }
    for (const run of this.closers.splice(0)) run();
  }

  private whenLive(run: () => void): void {
    if (this.waiting) this.waiting.push(run);
    else run();
  }

  private sendChange(event: AuditEvent, cursor: EventCursor): void {
    this.position = { ...this.position, cursor: laterCursor(this.position.cursor, cursor) };
    if (this.sent.has(event.id)) return;
    this.sent.add(event.id);
    if (this.sent.size > MAX_SENT_IDS) this.sent.delete(this.sent.values().next().value!);
    this.send({ type: 'change', data: changeEventData(event) });
  }

  private send(event: LiveEvent): void {
    this.write(sseMessage({ event: event.type, id: encodePosition(this.position), data: JSON.stringify(event.data) }));
  }

  private write(text: string): void {
    if (this.isClosed) return;
    if ((this.controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) {
      this.close();
      return;
    }
    try {
      this.controller.enqueue(encoder.encode(text));
    } catch {
      this.close();
    }
  }
}
