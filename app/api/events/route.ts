import { AppError } from '@/lib/model/errors';
import { getEventHub } from '@/lib/server/event-hub';
import { getSettings } from '@/lib/server/settings';
import { withSession } from '@/lib/server/with-session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// No compression or buffering on the way (`no-transform` also keeps Next's gzip off): each event must leave when it is written.
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

// GET /api/events – server-sent events for signed-in users: graph generations and change requests, resumable with Last-Event-ID
export const GET = withSession(async ({ request, user }) => {
  // A function's answer leaves only when it is whole, so a stream would hold it (and the browser) until it times out. A refusal makes
  // the page's EventSource close and try again later (lib/client/use-live-events.ts); the page still refreshes on its own requests.
  if (getSettings().serverless) {
    throw new AppError(
      'unavailable',
      'Live updates need a Karma server that stays up; this one runs as a function (serverless mode), so pages show changes when they next load or refetch',
    );
  }
  const hub = await getEventHub();
  // EventSource sends the header when it reconnects; a page opening a new EventSource after a refusal passes the parameter.
  const lastEventId = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  const stream = hub.open({ userId: user.id, lastEventId, signal: request.signal });
  return new Response(stream, { headers: SSE_HEADERS });
});
