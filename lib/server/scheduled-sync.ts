import 'server-only';
import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a request is the scheduled sync that Karma's own Lambda entry
 * point (scripts/lambda/karma-handler.mjs) makes inside its process for an
 * EventBridge invocation: serverless mode only, and only with the token that
 * entry point put into this process's environment at start (random, never
 * configured, never sent over a network). Anything else must be an admin's
 * session.
 */
export const SCHEDULE_HEADER = 'x-karma-schedule';

export function isScheduledSync(request: Request, { serverless, token = process.env.KARMA_SCHEDULE_TOKEN }: { serverless: boolean; token?: string }): boolean {
  const sent = request.headers.get(SCHEDULE_HEADER);
  if (!serverless || !token || token.length < 32 || !sent) return false;
  const expected = Buffer.from(token);
  const actual = Buffer.from(sent);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
