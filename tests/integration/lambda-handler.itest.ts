// Serverless mode, for real: the server function `npm run build:lambda` makes
// (.open-next/server-functions/default, OpenNext's AWS adapter) imported into
// this process and invoked the way API Gateway's HTTP API invokes it, with
// payload format 2.0 events: cookies in the `cookies` array both ways,
// bodies base64-encoded or not, answers compressed as the client accepts.
// Its settings are a function's (the runtime's AWS_LAMBDA_FUNCTION_NAME, so
// serverless mode by default) on the shared moto (SSM) and Gremlin Server.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphResponse } from '@/lib/model/api';
import type { SimulationResult } from '@/lib/model/simulation';
import type { SyncStatusResponse } from '@/lib/model/sync';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { ESTATE, seedEstate } from '@/lib/workflow/testing/review-harness';
import { assetsDir, ensureLambdaBuild, HANDLER, serverFunctionDir } from '../../scripts/lib/lambda-build.mjs';
import { TEST_SECRET } from '../support/portal';

/** What API Gateway's HTTP API sends a function (payload format 2.0), as far as Karma's requests need it. */
type ApiGatewayV2Event = {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
};
/** What the function answers (payload format 2.0). */
type ApiGatewayV2Result = { statusCode: number; headers: Record<string, string>; cookies?: string[]; body: string; isBase64Encoded: boolean };
type Handler = (event: ApiGatewayV2Event, context: object) => Promise<ApiGatewayV2Result>;

const API_ID = 'k4rm4lambd';
const HOST = `${API_ID}.execute-api.us-east-1.amazonaws.com`;
const PUBLIC_URL = `https://${HOST}`;
const USER_AGENT = 'Mozilla/5.0 (karma lambda-handler.itest)';

const ssmEndpoint = inject('ssmEndpoint');
const gremlinEndpoint = inject('gremlinEndpoint');
const client = new SSMClient({ region: 'us-east-1', endpoint: ssmEndpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const env = `fn-${randomUUID().slice(0, 8)}`;
const dir = mkdtempSync(path.join(tmpdir(), 'karma-lambda-'));
/** The review estate (a vpc, a cluster on it, a queue) and 40 more queues: a graph answer big enough to be compressed. */
const QUEUES = Array.from({ length: 40 }, (_, i) => `sqs-queue/q${String(i).padStart(2, '0')}`);
const estate = { ...ESTATE, ...Object.fromEntries(QUEUES.map((queue) => [queue, { visibility_timeout_seconds: 60 }])) };

/** Set in the function's configuration by mistake (or malice): the entry point replaces it with a token of its own. */
const CONFIGURED_SCHEDULE_TOKEN = 'a-schedule-token-someone-configured-0123456789';

/** The function's environment, as the Terraform module would set it (plus the demo users, allowed on these loopback peers). */
const functionEnv: Record<string, string> = {
  AWS_LAMBDA_FUNCTION_NAME: 'karma-portal',
  NODE_ENV: 'production',
  KARMA_DEMO: '1',
  KARMA_SETTINGS: path.join(dir, 'settings.json'),
  KARMA_DATA_DIR: path.join(dir, 'data'),
  KARMA_PARAMETERS: 'ssm',
  KARMA_ENVIRONMENTS: `${env}=/${env}`,
  AWS_ENDPOINT_URL_SSM: ssmEndpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  NEPTUNE_ENDPOINT: gremlinEndpoint,
  NEXTAUTH_SECRET: TEST_SECRET,
  KARMA_SCHEDULE_TOKEN: CONFIGURED_SCHEDULE_TOKEN,
  NEXTAUTH_URL: PUBLIC_URL,
};
const savedEnv = Object.fromEntries(Object.keys(functionEnv).map((name) => [name, process.env[name]]));
const savedCwd = process.cwd();
let handler: Handler;

function event({
  method,
  pathname,
  query = '',
  headers = {},
  cookies = [],
  body,
  isBase64Encoded = false,
}: {
  method: string;
  pathname: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}): ApiGatewayV2Event {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: pathname,
    rawQueryString: query,
    // An HTTP API takes the Cookie header apart into this array and leaves it out of `headers`.
    ...(cookies.length > 0 ? { cookies } : {}),
    headers: {
      host: HOST,
      'user-agent': USER_AGENT,
      'accept-encoding': 'gzip, deflate, br',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(body === undefined ? {} : { 'content-length': String(Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8').length) }),
      ...headers,
    },
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: API_ID,
      domainName: HOST,
      domainPrefix: API_ID,
      http: { method, path: pathname, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: USER_AGENT },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded,
  };
}

type Answer = { status: number; headers: Record<string, string>; cookies: string[]; text: string };

async function invoke(request: Parameters<typeof event>[0]): Promise<Answer> {
  const result = await handler(event(request), { awsRequestId: randomUUID(), functionName: functionEnv.AWS_LAMBDA_FUNCTION_NAME });
  let bytes = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  const encoding = result.headers['content-encoding'];
  if (encoding === 'br') bytes = brotliDecompressSync(bytes);
  else if (encoding === 'gzip') bytes = gunzipSync(bytes);
  return { status: result.statusCode, headers: result.headers, cookies: result.cookies ?? [], text: bytes.toString('utf8') };
}

/** `name=value` of each cookie an answer sets, as the browser would send them back (what API Gateway puts in `cookies`). */
function cookieJar(previous: string[], answer: Answer): string[] {
  const jar = new Map(previous.map((pair) => [pair.split('=')[0], pair] as const));
  for (const line of answer.cookies) {
    const pair = line.split(';')[0];
    jar.set(pair.split('=')[0], pair);
  }
  return [...jar.values()];
}

/** Signs in as a demo user through next-auth's own endpoints, via the handler: CSRF token, then the credentials callback (a form post). */
async function signIn(username: string): Promise<string[]> {
  const csrf = await invoke({ method: 'GET', pathname: '/api/auth/csrf' });
  expect(csrf.status).toBe(200);
  let cookies = cookieJar([], csrf);
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username, callbackUrl: '/', json: 'true' }).toString();
  const callback = await invoke({
    method: 'POST',
    pathname: '/api/auth/callback/demo',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_URL },
    cookies,
    // HTTP APIs hand a form's body to the function base64-encoded.
    body: Buffer.from(form).toString('base64'),
    isBase64Encoded: true,
  });
  cookies = cookieJar(cookies, callback);
  expect(cookies.some((pair) => pair.startsWith('__Secure-next-auth.session-token='))).toBe(true);
  return cookies;
}

const json = (answer: Answer) => JSON.parse(answer.text) as unknown;
const api = (method: 'GET' | 'POST', pathname: string, cookies: string[], body?: unknown, query = '') =>
  invoke({
    method,
    pathname,
    query,
    cookies,
    headers: { accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/json', origin: PUBLIC_URL } : {}) },
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  });

beforeAll(async () => {
  // A no-op when the build stage of `npm run test:all` (or an earlier run) made it from these sources.
  expect(ensureLambdaBuild({ log: (line) => console.log(`[lambda-handler] ${line}`) })).toBe(true);
  await seedEstate(new SsmParameterStore({ env, prefix: `/${env}`, client }), estate);
  writeFileSync(functionEnv.KARMA_SETTINGS, JSON.stringify({ approvals: { default: 1, perEnv: {} } }));
  Object.assign(process.env, functionEnv);
  const [file, name] = HANDLER.split('.');
  // Loaded by Node itself, as Lambda's Node.js runtime loads it: vitest.config.ts keeps .open-next/ out of the test runner's transforms.
  const loaded = (await import(/* @vite-ignore */ pathToFileURL(path.join(serverFunctionDir, `${file}.mjs`)).href)) as Record<string, Handler>;
  handler = loaded[name];
}, 900_000);

afterAll(() => {
  process.chdir(savedCwd);
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  client.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('the server function behind API Gateway (HTTP API, payload 2.0)', () => {
  let admin: string[];
  let proposer: string[];

  it('serves the sign-in page as HTML, its scripts from the static assets, and sends pages without a session there', async () => {
    const page = await invoke({ method: 'GET', pathname: '/signin', headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.text).toContain('Sign in to Karma');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const scripts = [...page.text.matchAll(/\/_next\/static\/[^"'\s]+\.js/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of new Set(scripts)) expect(existsSync(path.join(assetsDir, script))).toBe(true);

    const home = await invoke({ method: 'GET', pathname: '/', query: 'view=graph', headers: { accept: 'text/html' } });
    expect(home.status).toBe(307);
    expect(home.headers.location).toMatch(/\/signin\?callbackUrl=%2F%3Fview%3Dgraph$/);
  });

  it('signs in through next-auth: its cookies leave in the `cookies` array, Secure, and come back in it', async () => {
    const csrf = await invoke({ method: 'GET', pathname: '/api/auth/csrf' });
    expect(csrf.cookies).toEqual(expect.arrayContaining([expect.stringMatching(/^__Host-next-auth\.csrf-token=[^;]+;.*Secure/i)]));
    expect(csrf.headers['set-cookie']).toBeUndefined();
    admin = await signIn('dana');
    proposer = await signIn('alice');
    const session = await api('GET', '/api/auth/session', proposer);
    expect(json(session)).toMatchObject({ user: { name: 'Alice Proposer', email: 'alice@example.com' } });
  });

  it('syncs when an admin asks (what a schedule does in place of interval syncs), and runs no background syncs', async () => {
    const sync = await api('POST', '/api/graph/sync', admin);
    expect(sync.status).toBe(200);
    expect(json(sync)).toMatchObject({ ok: true, trigger: 'manual', components: 43 });
    const status = json(await api('GET', '/api/graph/sync', admin)) as SyncStatusResponse;
    expect(status.background).toEqual({ intervalSeconds: 0, nextAt: null });
  });

  it('answers a signed-in GET /api/graph with the estate in SSM, compressed', async () => {
    const answer = await api('GET', '/api/graph', proposer);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    const body = json(answer) as GraphResponse;
    expect(body.nodes.map((node) => node.id).sort()).toEqual(
      Object.keys(estate)
        .map((component) => `${env}:${component}`)
        .sort(),
    );
    expect(answer.text.length).toBeGreaterThan(1_024);
    expect(body.nodes.find((node) => node.id === `${env}:vpc/main`)).toMatchObject({ env, type: 'vpc', nickname: 'main' });
    expect(body.edges).toEqual([expect.objectContaining({ from: `${env}:ecs-cluster/core`, to: `${env}:vpc/main`, path: 'vpc_nickname' })]);
    expect(body).toMatchObject({ stale: false, generation: expect.any(Number) });
  });

  it('simulates a change with POST /api/simulate: the blast radius is the cluster on the vpc', async () => {
    const answer = await api('POST', '/api/simulate', proposer, { componentId: `${env}:vpc/main`, proposedConfig: JSON.stringify({ cidr: '10.1.0.0/16', az_count: 2 }) });
    expect(answer.status).toBe(200);
    const simulation = json(answer) as SimulationResult;
    expect(simulation.isValid).toBe(true);
    expect(simulation.diff).toEqual([expect.objectContaining({ path: 'cidr' })]);
    expect(simulation.blastRadius.total).toBe(1);
    expect(simulation.blastRadius.components.map((c) => c.id)).toEqual([`${env}:ecs-cluster/core`]);
  });

  it('refuses POST /api/changes without a session: 401 in the API’s error shape', async () => {
    const answer = await api('POST', '/api/changes', [], { componentId: `${env}:vpc/main`, proposedConfig: '{}', baseVersion: 1, title: 'no session' });
    expect(answer.status).toBe(401);
    expect(json(answer)).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it('refuses live events at once (a function cannot stream), so the page’s EventSource backs off instead of hanging', async () => {
    const answer = await api('GET', '/api/events', proposer);
    expect(answer.status).toBe(503);
    expect(json(answer)).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/serverless mode/) } });
  });

  it('runs a scheduled sync for an EventBridge invocation { "karma": "sync" }, which no HTTP request can pass for', async () => {
    const scheduled = handler as unknown as (event: object, context: object) => Promise<{ ok: boolean; trigger: string; components: number }>;
    expect(await scheduled({ karma: 'sync' }, { awsRequestId: randomUUID() })).toMatchObject({ ok: true, trigger: 'schedule', components: 43 });
    // The token the function was configured with is not the one its entry point made for itself; neither it nor a guess gets in.
    expect(process.env.KARMA_SCHEDULE_TOKEN).not.toBe(CONFIGURED_SCHEDULE_TOKEN);
    for (const token of [CONFIGURED_SCHEDULE_TOKEN, 'x'.repeat(43), '']) {
      const forged = await invoke({
        method: 'POST',
        pathname: '/api/graph/sync',
        headers: { 'content-type': 'application/json', origin: PUBLIC_URL, 'x-karma-schedule': token },
        body: '{}',
      });
      expect(forged.status, token).toBe(401);
    }
    // A proposer's session with a guessed token is still a proposer's.
    const proposerTry = await invoke({
      method: 'POST',
      pathname: '/api/graph/sync',
      cookies: proposer,
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL, 'x-karma-schedule': CONFIGURED_SCHEDULE_TOKEN },
      body: '{}',
    });
    expect(proposerTry.status).toBe(403);
  });
});
