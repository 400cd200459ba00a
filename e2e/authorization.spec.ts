import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, BrowserContext } from '@playwright/test';
import type { DemoUsername } from '@/lib/auth/roles';
import { expect, signInAs, test } from './fixtures';

/**
 * Who may call which API route, against the real built server: every route
 * file under app/api × {anonymous, viewer, proposer, approver, admin} →
 * the status each must get. A route file (or an exported method) the table
 * does not list fails the last test, so a new route cannot ship unchecked.
 */

const WHO = ['anonymous', 'viewer', 'proposer', 'approver', 'admin'] as const;
type Who = (typeof WHO)[number];
const USER: Record<Exclude<Who, 'anonymous'>, DemoUsername> = { viewer: 'victor', proposer: 'alice', approver: 'bob', admin: 'dana' };

type Expected = Record<Who, number>;
const signedIn = (status: number): Expected => ({ anonymous: 401, viewer: status, proposer: status, approver: status, admin: status });
const proposerUp = (status: number): Expected => ({ anonymous: 401, viewer: 403, proposer: status, approver: status, admin: status });
const approverUp = (status: number): Expected => ({ anonymous: 401, viewer: 403, proposer: 403, approver: status, admin: status });
const adminOnly = (status: number): Expected => ({ anonymous: 401, viewer: 403, proposer: 403, approver: 403, admin: status });
const anyone = (status: number): Expected => ({ anonymous: status, viewer: status, proposer: status, approver: status, admin: status });

type Row = {
  /** The route file's folder under app/api. */
  route: string;
  method: 'GET' | 'POST';
  /** What is asked; `{change}` is replaced by a request created before the matrix runs. */
  url: string;
  body?: () => unknown;
  /** Headers beside the JSON content type every POST gets. */
  headers?: Record<string, string>;
  /** A stream that never ends by itself (server-sent events): only its status is read. */
  isStream?: boolean;
  expected: Expected;
  note: string;
};

const VPC = 'prod%3Avpc%2Fmain';
const NOPE = 'prod%3Avpc%2Fnope';
const UNKNOWN_CHANGE = '00000000-0000-4000-8000-000000000000';
// A rollout's uuid is its change request's: no request has this one, so no rollout does.
const UNKNOWN_ROLLOUT = UNKNOWN_CHANGE;
// The pipeline's report on a member, as rolloutCallbackSchema has it; the matrix never signs it.
const callbackReport = () => ({ rolloutId: `ro:${UNKNOWN_ROLLOUT}`, componentId: 'prod:vpc/main', wave: 1, status: 'succeeded', message: '', sentAt: new Date().toISOString() });

// A dev queue whose schema the proposals below satisfy: every proposal is valid, each one different.
const TARGET = 'dev:sqs-queue/ops-alerts';
let base: { config: Record<string, unknown>; version: number };
let proposals = 0;
const proposal = () => ({ componentId: TARGET, proposedConfig: JSON.stringify({ ...base.config, message_retention_seconds: 86_400 + ++proposals }, null, 2) });

const TABLE: Row[] = [
  { route: 'health', method: 'GET', url: '/api/health', expected: anyone(200), note: 'open: load balancers probe it' },
  { route: 'auth/[...nextauth]', method: 'GET', url: '/api/auth/providers', expected: anyone(200), note: "next-auth's own endpoints are open" },
  {
    route: 'auth/[...nextauth]',
    method: 'POST',
    url: '/api/auth/callback/demo',
    body: () => ({ form: { csrfToken: 'forged', username: 'dana' } }),
    expected: anyone(302),
    note: 'a forged CSRF token is sent back to sign-in, never signed in',
  },
  { route: 'graph', method: 'GET', url: '/api/graph', expected: signedIn(200), note: 'read' },
  { route: 'graph', method: 'GET', url: '/api/graph?at=2026-07-01T00:00:00Z&compare=2026-09-01T00:00:00Z', expected: signedIn(200), note: 'read: the past, and what changed' },
  { route: 'graph', method: 'GET', url: '/api/graph?at=yesterday', expected: signedIn(400), note: 'a moment that is no date-time, after the session check' },
  { route: 'graph/sync', method: 'GET', url: '/api/graph/sync', expected: signedIn(200), note: 'progress for everyone signed in; admins get the details' },
  { route: 'graph/sync', method: 'POST', url: '/api/graph/sync', expected: adminOnly(200), note: 'admin only' },
  { route: 'components/[id]', method: 'GET', url: `/api/components/${VPC}`, expected: signedIn(200), note: 'read' },
  { route: 'components/[id]', method: 'GET', url: `/api/components/${NOPE}`, expected: signedIn(404), note: 'unknown id' },
  { route: 'components/[id]/history', method: 'GET', url: `/api/components/${VPC}/history`, expected: signedIn(200), note: 'read' },
  { route: 'drift', method: 'GET', url: '/api/drift', expected: signedIn(200), note: 'read' },
  { route: 'drift', method: 'GET', url: '/api/drift?at=2026-07-01T00:00:00Z', expected: signedIn(200), note: 'read: drift as it was then' },
  { route: 'drift/[id]', method: 'GET', url: `/api/drift/${VPC}`, expected: signedIn(200), note: 'read' },
  { route: 'drift/[id]', method: 'GET', url: `/api/drift/${NOPE}`, expected: signedIn(404), note: 'unknown id' },
  { route: 'search', method: 'GET', url: '/api/search?q=vpc', expected: signedIn(200), note: 'read' },
  { route: 'export', method: 'GET', url: '/api/export?format=csv', expected: signedIn(200), note: 'read: the estate for analysis' },
  { route: 'history', method: 'GET', url: '/api/history', expected: signedIn(200), note: 'read: the moments the estate changed, for the time slider' },
  { route: 'export', method: 'GET', url: '/api/export?format=gexf', expected: signedIn(400), note: 'an unknown format, after the session check' },
  { route: 'bench/baseline', method: 'GET', url: '/api/bench/baseline?bytes=10', expected: signedIn(404), note: 'bench-only: absent unless KARMA_BENCH_BASELINE_BYTES is set' },
  { route: 'events', method: 'GET', url: '/api/events', isStream: true, expected: signedIn(200), note: 'live updates (server-sent events)' },
  { route: 'simulate', method: 'POST', url: '/api/simulate', body: () => ({ data: proposal() }), expected: proposerUp(200), note: 'proposers simulate; viewers do not' },
  { route: 'changes', method: 'GET', url: '/api/changes', expected: signedIn(200), note: 'read' },
  {
    route: 'changes',
    method: 'POST',
    url: '/api/changes',
    body: () => ({ data: { ...proposal(), title: 'Authorisation matrix', baseVersion: base.version } }),
    expected: proposerUp(201),
    note: 'proposer and above open requests',
  },
  { route: 'changes/[id]', method: 'GET', url: '/api/changes/{change}', expected: signedIn(200), note: 'read' },
  { route: 'changes/[id]', method: 'GET', url: `/api/changes/${UNKNOWN_CHANGE}`, expected: signedIn(404), note: 'unknown id' },
  { route: 'changes/[id]/impact', method: 'GET', url: '/api/changes/{change}/impact', expected: signedIn(200), note: 'read' },
  { route: 'changes/[id]/impact', method: 'GET', url: `/api/changes/${UNKNOWN_CHANGE}/impact`, expected: signedIn(404), note: 'unknown id' },
  // Decisions change the request, so the matrix asks about one that does not exist: the role check answers first (403), then the lookup (404).
  {
    route: 'changes/[id]/approve',
    method: 'POST',
    url: `/api/changes/${UNKNOWN_CHANGE}/approve`,
    body: () => ({ data: {} }),
    expected: approverUp(404),
    note: 'approvers and admins',
  },
  {
    route: 'changes/[id]/reject',
    method: 'POST',
    url: `/api/changes/${UNKNOWN_CHANGE}/reject`,
    body: () => ({ data: { comment: 'no' } }),
    expected: approverUp(404),
    note: 'approvers and admins',
  },
  { route: 'changes/[id]/apply', method: 'POST', url: `/api/changes/${UNKNOWN_CHANGE}/apply`, body: () => ({ data: {} }), expected: approverUp(404), note: 'approvers and admins' },
  {
    route: 'changes/[id]/withdraw',
    method: 'POST',
    url: `/api/changes/${UNKNOWN_CHANGE}/withdraw`,
    body: () => ({ data: {} }),
    expected: proposerUp(404),
    note: 'authors, who are proposers and above',
  },
  // Publishing a file the config repo does not have: the role check answers first (403), then the lookup (404); nothing is opened.
  {
    route: 'changes/publish',
    method: 'POST',
    url: '/api/changes/publish',
    body: () => ({ data: { componentId: 'prod:vpc/nope' } }),
    expected: proposerUp(404),
    note: 'proposers and above publish from Git',
  },
  {
    route: 'changes/[id]/comments',
    method: 'POST',
    url: '/api/changes/{change}/comments',
    body: () => ({ data: { text: 'Seen' } }),
    expected: proposerUp(201),
    note: 'proposers and above comment',
  },
  {
    route: 'changes/[id]/comments',
    method: 'POST',
    url: `/api/changes/${UNKNOWN_CHANGE}/comments`,
    body: () => ({ data: { text: 'Seen' } }),
    expected: proposerUp(404),
    note: 'unknown id',
  },
  { route: 'components/[id]/events', method: 'GET', url: `/api/components/${VPC}/events`, expected: signedIn(200), note: 'read' },
  { route: 'components/[id]/events', method: 'GET', url: `/api/components/${NOPE}/events`, expected: signedIn(404), note: 'unknown id' },
  { route: 'components/[id]/lineage', method: 'GET', url: `/api/components/${VPC}/lineage`, expected: signedIn(200), note: 'read' },
  { route: 'components/[id]/lineage', method: 'GET', url: `/api/components/${NOPE}/lineage`, expected: signedIn(404), note: 'unknown id, nothing recorded' },
  // A revert opens a request: asked of a component that does not exist, the role check answers first (403), then the lookup (404).
  {
    route: 'components/[id]/revert',
    method: 'POST',
    url: `/api/components/${NOPE}/revert`,
    body: () => ({ data: { version: 1 } }),
    expected: proposerUp(404),
    note: 'proposers and above revert to a version',
  },
  {
    route: 'changes/[id]/revert',
    method: 'POST',
    url: `/api/changes/${UNKNOWN_CHANGE}/revert`,
    body: () => ({ data: {} }),
    expected: proposerUp(404),
    note: 'proposers and above revert a change',
  },
  { route: 'changes/[id]/revert', method: 'POST', url: '/api/changes/{change}/revert', body: () => ({ data: {} }), expected: proposerUp(409), note: 'refused: it is not applied' },
  { route: 'rollouts', method: 'GET', url: '/api/rollouts', expected: signedIn(200), note: 'read' },
  { route: 'rollouts', method: 'GET', url: '/api/rollouts?status=running,paused&change={change}', expected: signedIn(200), note: 'read, filtered' },
  // A rollout starts at apply, and the matrix's request is never applied: a read of one asks for a rollout that does not exist.
  { route: 'rollouts/[id]', method: 'GET', url: `/api/rollouts/${UNKNOWN_ROLLOUT}`, expected: signedIn(404), note: 'unknown id' },
  { route: 'rollouts/[id]', method: 'GET', url: '/api/rollouts/nope', expected: signedIn(404), note: 'not a rollout id' },
  // Rollout actions, like decisions, on a rollout that does not exist: the role check answers first (403), then the lookup (404).
  {
    route: 'rollouts/[id]/pause',
    method: 'POST',
    url: `/api/rollouts/${UNKNOWN_ROLLOUT}/pause`,
    body: () => ({ data: {} }),
    expected: approverUp(404),
    note: 'approvers and admins',
  },
  {
    route: 'rollouts/[id]/resume',
    method: 'POST',
    url: `/api/rollouts/${UNKNOWN_ROLLOUT}/resume`,
    body: () => ({ data: {} }),
    expected: approverUp(404),
    note: 'approvers and admins',
  },
  {
    route: 'rollouts/[id]/retry',
    method: 'POST',
    url: `/api/rollouts/${UNKNOWN_ROLLOUT}/retry`,
    body: () => ({ data: { componentId: 'prod:vpc/main' } }),
    expected: approverUp(404),
    note: 'approvers and admins',
  },
  {
    route: 'rollouts/[id]/skip',
    method: 'POST',
    url: `/api/rollouts/${UNKNOWN_ROLLOUT}/skip`,
    body: () => ({ data: { componentId: 'prod:vpc/main', comment: 'Deployed by hand' } }),
    expected: approverUp(404),
    note: 'approvers and admins',
  },
  {
    route: 'rollouts/[id]/abort',
    method: 'POST',
    url: `/api/rollouts/${UNKNOWN_ROLLOUT}/abort`,
    body: () => ({ data: {} }),
    expected: approverUp(404),
    note: 'approvers and admins',
  },
  // The deploy pipeline's report: no session (a session does not help either), the signature is its authentication.
  {
    route: 'rollouts/[id]/callback',
    method: 'POST',
    url: `/api/rollouts/${UNKNOWN_ROLLOUT}/callback`,
    body: () => ({ data: JSON.stringify(callbackReport()) }),
    headers: { 'x-karma-signature': 'sha256=00' },
    expected: anyone(401),
    note: 'a bad signature is refused, signed in or not',
  },
];

async function contextFor(browser: Browser, who: Who): Promise<BrowserContext> {
  const context = await browser.newContext();
  if (who !== 'anonymous') await signInAs(await context.newPage(), USER[who]);
  return context;
}

test.describe('API authorisation matrix', () => {
  const contexts = new Map<Who, BrowserContext>();
  let change: string;

  test.beforeAll(async ({ browser }) => {
    for (const who of WHO) contexts.set(who, await contextFor(browser, who));
    const admin = contexts.get('admin')!.request;
    const component = await (await admin.get(`/api/components/${encodeURIComponent(TARGET)}`)).json();
    base = { config: component.component.config, version: component.component.configVersion };
    const created = await contexts.get('proposer')!.request.post('/api/changes', { data: { ...proposal(), title: 'Seen by everyone', baseVersion: base.version } });
    expect(created.status()).toBe(201);
    change = (await created.json()).id;
  });

  test.afterAll(async () => {
    for (const context of contexts.values()) await context.close();
  });

  const call = (request: APIRequestContext, row: Row) => {
    const url = row.url.replace('{change}', encodeURIComponent(change));
    // Mutations are declared JSON, body or not, as the portal's own client sends them (a cross-site page cannot).
    const json = row.method === 'POST' && !row.route.startsWith('auth/') ? { 'content-type': 'application/json' } : undefined;
    const headers = row.headers ? { ...json, ...row.headers } : json;
    const options = { ...(row.body?.() ?? {}), headers, maxRedirects: 0, failOnStatusCode: false };
    return row.method === 'GET' ? request.get(url, options) : request.post(url, options);
  };

  // Playwright's request API waits for the whole body: a stream's status is read with the context's cookies, and its body let go.
  const streamStatus = async (context: BrowserContext, row: Row) => {
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await fetch(new URL(row.url, test.info().project.use.baseURL), { headers: { cookie } });
    await response.body?.cancel();
    return response.status;
  };

  for (const row of TABLE) {
    test(`${row.method} ${row.url} (${row.note})`, async () => {
      const actual: Partial<Expected> = {};
      for (const who of WHO) actual[who] = row.isStream ? await streamStatus(contexts.get(who)!, row) : (await call(contexts.get(who)!.request, row)).status();
      expect(actual).toEqual(row.expected);
    });
  }

  test('errors keep the { error: { code, message } } shape and say which role is needed', async () => {
    const anonymous = await contexts.get('anonymous')!.request.post('/api/changes', { data: {} });
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first' } });
    const viewer = await contexts.get('viewer')!.request.post('/api/simulate', { data: proposal() });
    expect(await viewer.json()).toEqual({ error: { code: 'forbidden', message: 'This needs the proposer role; Victor Viewer is a viewer' } });
  });

  test("the pipeline's callback is not held to the same-origin rule: a cross-site or text/plain report gets the signature's 401, never csrf_refused", async () => {
    const anonymous = contexts.get('anonymous')!.request;
    const url = `/api/rollouts/${UNKNOWN_ROLLOUT}/callback`;
    const reports: Array<Record<string, string>> = [
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' },
      { 'content-type': 'text/plain', 'x-karma-signature': 'sha256=00' },
    ];
    for (const headers of reports) {
      const response = await anonymous.post(url, { data: JSON.stringify(callbackReport()), headers, failOnStatusCode: false });
      expect(response.status()).toBe(401);
      expect((await response.json()).error).toMatchObject({ code: 'unauthenticated', message: expect.any(String) });
    }
    // A body far over what a report needs is refused before it is read, in the same shape.
    const large = await anonymous.post(url, { data: 'x'.repeat(20 * 1024), headers: { 'content-type': 'application/json' }, failOnStatusCode: false });
    expect(large.status()).toBe(413);
    expect((await large.json()).error.code).toBe('payload_too_large');
  });

  test('refused proposals create nothing: only proposers and above appear as authors', async () => {
    const list = await (await contexts.get('viewer')!.request.get(`/api/changes?component=${encodeURIComponent(TARGET)}`)).json();
    const authors = new Set(list.changes.map((c: { author: string }) => c.author));
    expect([...authors].sort()).toEqual(['alice@example.com', 'bob@example.com', 'dana@example.com']);
  });
});

/** `app/api/changes/[id]/route.ts` → `changes/[id]`, with the HTTP methods it exports. */
function routeFiles(): Array<{ route: string; methods: string[] }> {
  const root = path.join(process.cwd(), 'app', 'api');
  const found: Array<{ route: string; methods: string[] }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        const methods = [...text.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b|\bas (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1] ?? m[2]);
        found.push({ route: path.relative(root, dir).split(path.sep).join('/'), methods: [...new Set(methods)].sort() });
      }
    }
  };
  walk(root);
  return found.sort((a, b) => (a.route < b.route ? -1 : 1));
}

test('the matrix lists every API route file and every method it exports', () => {
  const listed = new Map<string, Set<string>>();
  for (const row of TABLE) listed.set(row.route, (listed.get(row.route) ?? new Set()).add(row.method));
  const files = routeFiles();
  expect(
    files.map((f) => f.route),
    'route files the matrix does not list (add rows for them)',
  ).toEqual([...listed.keys()].sort());
  for (const { route, methods } of files) expect([...listed.get(route)!].sort(), `methods of app/api/${route}`).toEqual(methods);
});
