/**
 * Reading a live-events stream in tests: messages as they arrive, waited
 * for by type. Used by the hub's unit tests; the e2e specs read the real
 * endpoint with readSseMessages directly.
 */
import type { ChangeEventData, GraphEventData, LiveEventType, ReadyEventData, ResetEventData } from '@/lib/model/live-events';
import { readSseMessages, type SseMessage } from './events-sse';

type DataOf = { ready: ReadyEventData; graph: GraphEventData; change: ChangeEventData; reset: ResetEventData };

export type Received = { [T in LiveEventType]: { type: T; id: string | null; data: DataOf[T] } }[LiveEventType];
export type ReceivedOf<T extends LiveEventType> = Extract<Received, { type: T }>;

export class StreamReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private text = '';
  /** Every message so far, in order. */
  readonly messages: Received[] = [];
  private taken = 0;
  private isDone = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** All text so far (comments and `retry:` included). */
  get raw(): string {
    return this.text;
  }

  get done(): boolean {
    return this.isDone;
  }

  /** The next message not taken yet, whatever its type; null once the stream ended. */
  async next(): Promise<Received | null> {
    while (this.taken >= this.messages.length) {
      if (!(await this.readChunk())) return null;
    }
    return this.messages[this.taken++];
  }

  /** Skips to the next message of this type. */
  async nextOf<T extends LiveEventType>(type: T): Promise<ReceivedOf<T>> {
    for (;;) {
      const message = await this.next();
      if (message === null) throw new Error(`the stream ended before a ${type} event; it had: ${this.messages.map((m) => m.type).join(', ')}`);
      if (message.type === type) return message as ReceivedOf<T>;
    }
  }

  /** Reads until the text holds `needle` (a comment, say). */
  async until(needle: string): Promise<void> {
    while (!this.text.includes(needle)) if (!(await this.readChunk())) throw new Error(`the stream ended without ${JSON.stringify(needle)}`);
  }

  /** Reads to the end of the stream. */
  async end(): Promise<void> {
    while (await this.readChunk());
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }

  private async readChunk(): Promise<boolean> {
    if (this.isDone) return false;
    const { value, done } = await this.reader.read();
    if (done) {
      this.isDone = true;
      return false;
    }
    this.text += this.decoder.decode(value, { stream: true });
    const { messages } = readSseMessages(this.text);
    for (const message of messages.slice(this.messages.length)) this.messages.push(parse(message));
    return true;
  }
}

function parse({ event, id, data }: SseMessage): Received {
  return { type: event as LiveEventType, id, data: JSON.parse(data) } as Received;
}
