/**
 * Where a live-events connection stands, written into each message's SSE
 * `id:` so that EventSource hands it back as `Last-Event-ID` when it
 * reconnects, to this instance or another: the graph generation it was
 * told about, and its place in the store's change feed (the (at, id) of the
 * newest change event delivered). Every instance reads the same store, so a
 * position from one is understood by all. Pure.
 *
 * Text form: `<generation>_<at>_<event id>`, each part empty when unknown
 * (`7__` is generation 7 before any change event).
 */
import type { EventCursor } from '@/lib/store/graph-store';

export type LivePosition = {
  generation: number | null;
  cursor: EventCursor | null;
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
/** Far more than `<gen>_<ISO time>_ev:<uuid>`; anything longer is not one of ours. */
const MAX_LENGTH = 256;

export function encodePosition({ generation, cursor }: LivePosition): string {
  return [generation ?? '', cursor?.at ?? '', cursor?.id ?? ''].join('_');
}

/** Null when the text is not a position this server wrote (then the client is told to read everything again). */
export function decodePosition(text: string): LivePosition | null {
  if (text.length > MAX_LENGTH || /[\r\n]/.test(text)) return null;
  const first = text.indexOf('_');
  const second = text.indexOf('_', first + 1);
  if (first === -1 || second === -1) return null;
  const [generationText, at, id] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (generationText !== '' && !/^\d{1,15}$/.test(generationText)) return null;
  const generation = generationText === '' ? null : Number(generationText);
  if (at === '') return id === '' ? { generation, cursor: null } : null;
  if (!ISO.test(at) || Number.isNaN(Date.parse(at))) return null;
  return { generation, cursor: { at, id } };
}

/** The later of two cursors in the feed's (at, id) order. */
export function laterCursor(a: EventCursor | null, b: EventCursor | null): EventCursor | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.at > b.at || (a.at === b.at && a.id >= b.id) ? a : b;
}
