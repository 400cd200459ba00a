import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { LIVE_EVENT_TYPES, type LiveEvent } from '@/lib/model/live-events';
import { isConcernedBy } from './live-invalidation';

/**
 * One EventSource per tab on GET /api/events: each graph generation or
 * change-request event makes TanStack Query read again exactly the queries
 * it concerns (live-invalidation.ts); mounted queries refetch at once, the
 * others when next shown.
 *
 * EventSource reconnects by itself after a dropped or ended connection,
 * sending the last id (Last-Event-ID) so the server replays what was missed.
 * A refusal (a 429 past the per-person bound, a 401 once signed out) closes
 * it for good: a new one is opened after a pause that grows. A new
 * EventSource carries the last id as `?lastEventId=` (the first one, the
 * position the page was rendered at).
 */

/** Pauses before opening a new EventSource after a refusal; the last one repeats. */
const REOPEN_MS = [5_000, 15_000, 60_000];
/** Change events remembered, so the ones a resume sends again are not acted on twice. */
const REMEMBERED = 1_000;

/** `startAfter`: the position the page was rendered at, so the first connection replays what happened since. */
export function useLiveEvents(startAfter: string): void {
  const client = useQueryClient();
  // Only the first render's: a later one (router.refresh) must not restart a stream that is already further on.
  const [initial] = useState(startAfter);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const handled = new Set<string>();
    let source: EventSource | null = null;
    let lastId = initial;
    let refusals = 0;
    let reopen: ReturnType<typeof setTimeout> | undefined;

    const handle = (event: LiveEvent) => {
      if (event.type === 'ready') {
        refusals = 0;
        return;
      }
      if (event.type === 'change') {
        if (handled.has(event.data.eventId)) return;
        handled.add(event.data.eventId);
        if (handled.size > REMEMBERED) handled.delete(handled.values().next().value!);
      }
      void client.invalidateQueries({ predicate: (query) => isConcernedBy(event, { queryKey: query.queryKey, data: query.state.data }) });
    };

    const open = () => {
      const opened = new EventSource(lastId ? `/api/events?lastEventId=${encodeURIComponent(lastId)}` : '/api/events');
      source = opened;
      for (const type of LIVE_EVENT_TYPES) {
        opened.addEventListener(type, (message: MessageEvent<string>) => {
          if (message.lastEventId) lastId = message.lastEventId;
          handle({ type, data: JSON.parse(message.data) } as LiveEvent);
        });
      }
      opened.onerror = () => {
        if (opened.readyState !== EventSource.CLOSED) return;
        source = null;
        reopen = setTimeout(open, REOPEN_MS[Math.min(refusals, REOPEN_MS.length - 1)]);
        refusals += 1;
      };
    };

    open();
    return () => {
      clearTimeout(reopen);
      source?.close();
    };
  }, [client, initial]);
}
