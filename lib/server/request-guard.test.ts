import { describe, expect, it } from 'vitest';
import { assertSameOriginMutation } from './request-guard';

const PORTAL = 'http://127.0.0.1:3100';

function request(method: string, headers: Record<string, string>, url = `${PORTAL}/api/changes/cr%3A1/approve`): Request {
  // A Request with a body and no declared type says text/plain; DELETE rows go without one.
  return new Request(url, { method, headers, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }) });
}

function outcome(req: Request, publicUrl: string | null = null): string {
  try {
    assertSameOriginMutation(req, publicUrl);
    return 'allowed';
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('the CSRF guard of mutations', () => {
  it.each<[string, string, Record<string, string>, string | null, RegExp]>([
    ['a read from anywhere', 'GET', { origin: 'http://evil.example' }, null, /^allowed$/],
    ['a JSON mutation from the portal’s own pages', 'POST', { ...JSON_TYPE, origin: PORTAL }, null, /^allowed$/],
    ['JSON with a charset', 'POST', { 'content-type': 'Application/JSON; charset=utf-8', origin: PORTAL }, null, /^allowed$/],
    ['a script without browser headers (curl, the CLI)', 'POST', JSON_TYPE, null, /^allowed$/],
    ['a same-origin fetch that sends no Origin', 'POST', { ...JSON_TYPE, 'sec-fetch-site': 'same-origin' }, null, /^allowed$/],
    // The demo bound to 127.0.0.1 and opened as localhost (or the reverse): the request's own Host counts.
    ['the host the request reached, whatever the server calls itself', 'POST', { ...JSON_TYPE, origin: 'http://localhost:3100', host: 'localhost:3100' }, null, /^allowed$/],
    [
      'a proxy in front that says where it was reached',
      'POST',
      { ...JSON_TYPE, origin: 'https://karma.example.com', 'x-forwarded-host': 'karma.example.com', 'x-forwarded-proto': 'https' },
      null,
      /^allowed$/,
    ],
    ['a browser that says same-origin, whatever the Origin', 'POST', { ...JSON_TYPE, origin: 'http://localhost:9', 'sec-fetch-site': 'same-origin' }, null, /^allowed$/],
    ['the configured public URL', 'POST', { ...JSON_TYPE, origin: 'https://karma.example.com' }, 'https://karma.example.com/', /^allowed$/],
    [
      'a text/plain body (a form or no-cors fetch can send it)',
      'POST',
      { 'content-type': 'text/plain', origin: PORTAL },
      null,
      /^csrf_refused: .*Content-Type: application\/json, not text\/plain/,
    ],
    ['a form post', 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, null, /^csrf_refused: .*not application\/x-www-form-urlencoded/],
    ['no Content-Type at all', 'DELETE', { origin: PORTAL }, null, /^csrf_refused: .*Content-Type: application\/json;/],
    ['another port of the same host (same site)', 'POST', { ...JSON_TYPE, origin: 'http://127.0.0.1:4000' }, null, /^csrf_refused: Requests from http:\/\/127\.0\.0\.1:4000/],
    [
      'another port of the same host, as a browser sends it',
      'POST',
      { ...JSON_TYPE, origin: 'http://127.0.0.1:4000', 'sec-fetch-site': 'same-site' },
      null,
      /^csrf_refused: A same-site request .*came from http:\/\/127\.0\.0\.1:4000/,
    ],
    ['a sibling subdomain', 'POST', { ...JSON_TYPE, origin: 'https://evil.karma.example.com' }, 'https://karma.example.com', /^csrf_refused/],
    ['an opaque origin (sandboxed frame)', 'POST', { ...JSON_TYPE, origin: 'null' }, null, /^csrf_refused/],
    ['a same-site page that hides its Origin', 'POST', { ...JSON_TYPE, 'sec-fetch-site': 'same-site' }, null, /^csrf_refused: A same-site request/],
    ['a cross-site page that hides its Origin', 'PUT', { ...JSON_TYPE, 'sec-fetch-site': 'cross-site' }, null, /^csrf_refused/],
  ])('%s', (_, method, headers, publicUrl, expected) => {
    expect(outcome(request(method, headers), publicUrl)).toMatch(expected);
  });
});
