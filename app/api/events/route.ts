import { getEventHub } from '@/lib/server/event-hub';
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
  const hub = await getEventHub();
  // EventSource sends the header when it reconnects; a page opening a new EventSource after a refusal passes the parameter.
  const lastEventId = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  const stream = hub.open({ userId: user.id, lastEventId, signal: request.signal });
  return new Response(stream, { headers: SSE_HEADERS });
});
