'use client';

import { useLiveEvents } from '@/lib/client/use-live-events';

/**
 * Live updates for the signed-in pages: mounted by the portal's layout (not
 * the root providers, which the sign-in page shares: there the stream would
 * only be refused). `startAfter` is the position the server rendered the
 * page at (lib/server/event-hub.ts livePositionNow).
 */
export function LiveEvents({ startAfter }: { startAfter: string }): null {
  useLiveEvents(startAfter);
  return null;
}
