/**
 * The text of server-sent events (the WHATWG `text/event-stream` format),
 * and a reader for it that tests use. Pure: no I/O, no server modules, so
 * the e2e specs read streams with the same code.
 */

export type SseMessage = { event: string; id: string | null; data: string };

/** One message; `data` is one line (JSON has no raw line breaks), `id` never holds one (it is checked). */
export function sseMessage({ event, id, data }: SseMessage): string {
  if (/[\r\n]/.test(event) || (id !== null && /[\r\n]/.test(id)) || /[\r\n]/.test(data)) throw new Error('An SSE field cannot hold a line break');
  return `event: ${event}\n${id === null ? '' : `id: ${id}\n`}data: ${data}\n\n`;
}

/** A comment line: ignored by EventSource, but it keeps proxies and load balancers from closing an idle connection. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** How long EventSource waits before it reconnects on its own. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}

/**
 * Reads messages out of a growing text, as EventSource does (comments and
 * `retry:` skipped, `data:` lines joined); returns the messages complete so
 * far and the unfinished rest.
 */
export function readSseMessages(text: string): { messages: SseMessage[]; rest: string } {
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const messages: SseMessage[] = [];
  for (const block of blocks) {
    let event = 'message';
    let id: string | null = null;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) messages.push({ event, id, data: data.join('\n') });
  }
  return { messages, rest };
}
