// Karma's Lambda entry point (handler `karma-handler.handler`), copied by
// `npm run build:lambda` beside OpenNext's `index.mjs` in the server
// function. HTTP events from API Gateway go to OpenNext's handler as they
// are. A scheduled event `{ "karma": "sync" }` (an EventBridge rule invoking
// the function directly, which IAM allows only to what may invoke it) runs
// the sync a server would run on its interval: a POST /api/graph/sync made
// inside this process, carrying a token that exists only in this process's
// environment, so no request from outside can pass for it. The invocation
// fails when the sync does, so the schedule's retries and alarms see it.
import { randomBytes } from 'node:crypto';

// Always this process's own: a token set from outside (the function's configuration) is replaced, never trusted.
process.env.KARMA_SCHEDULE_TOKEN = randomBytes(32).toString('base64url');
const { handler: http } = await import('./index.mjs');

/** The sync request, as API Gateway's HTTP API would have sent it, to this deployment's public host. */
function syncEvent() {
  const publicUrl = new URL(process.env.NEXTAUTH_URL ?? 'https://localhost');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/api/graph/sync',
    rawQueryString: '',
    headers: { host: publicUrl.host, 'content-type': 'application/json', 'x-karma-schedule': process.env.KARMA_SCHEDULE_TOKEN, 'user-agent': 'karma-schedule' },
    requestContext: {
      accountId: 'schedule',
      apiId: 'schedule',
      domainName: publicUrl.host,
      domainPrefix: publicUrl.host.split('.')[0],
      http: { method: 'POST', path: '/api/graph/sync', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'karma-schedule' },
      requestId: `schedule-${now.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: '{}',
    isBase64Encoded: false,
  };
}

async function scheduledSync(context) {
  const answer = await http(syncEvent(), context);
  const text = answer.isBase64Encoded ? Buffer.from(answer.body, 'base64').toString('utf8') : answer.body;
  if (answer.statusCode !== 200) throw new Error(`The scheduled sync failed (${answer.statusCode}): ${text}`);
  const report = JSON.parse(text);
  console.log(`[karma] scheduled sync: ${JSON.stringify({ components: report.components, written: report.written, durationMs: report.durationMs })}`);
  return report;
}

export async function handler(event, context) {
  if (event && typeof event === 'object' && event.karma === 'sync') return scheduledSync(context);
  return http(event, context);
}
