import type { APIRequestContext } from '@playwright/test';
import { fromGraphPayload, type ComponentResponse, type GraphPayload, type GraphResponse } from '@/lib/model/api';
import { expect, test } from './fixtures';

/**
 * GET /api/graph's focus and path answers on the demo estate, and its
 * answers to bad input (from a table): a focus is direction-aware unless
 * `siblings=1`; `path=A,B` answers the shortest paths either way with only
 * their elements; malformed paths are 400, ids that are no component 404,
 * nobody signed in 401.
 */

const ids = (body: GraphResponse) => body.nodes.map((n) => n.id).sort();

async function graph(request: APIRequestContext, query: string): Promise<GraphResponse> {
  const response = await request.get(`/api/graph${query}`);
  expect(response.status(), query).toBe(200);
  return fromGraphPayload((await response.json()) as GraphPayload);
}

test.describe('GET /api/graph: focus and paths', () => {
  let request: APIRequestContext;

  test.beforeEach(async ({ page, signIn }) => {
    await signIn('victor');
    request = page.context().request;
  });

  test('a focus follows dependencies forward and dependents backward; siblings=1 adds what lies sideways', async () => {
    const directed = await graph(request, '?focus=prod:lambda/order-workers&hops=2');
    const wide = await graph(request, '?focus=prod:lambda/order-workers&hops=2&siblings=1');
    // Uses prod:s3-bucket/artifacts as the root does: a sibling.
    expect(ids(directed)).not.toContain('prod:lambda/payment-handlers');
    expect(ids(wide)).toContain('prod:lambda/payment-handlers');
    expect(ids(wide)).toEqual(expect.arrayContaining(ids(directed)));
    // What it depends on (buckets, queue, vpc, and the key behind them) and what depends on it (the orders API, the database).
    expect(ids(directed)).toEqual([
      'prod:aurora-postgres/orders',
      'prod:kms-key/data',
      'prod:lambda/order-workers',
      'prod:s3-bucket/artifacts',
      'prod:s3-bucket/invoices',
      'prod:serverless-api/orders',
      'prod:sqs-queue/order-events',
      'prod:vpc/main',
    ]);
    expect((await graph(request, '?focus=prod:lambda/order-workers&hops=2&siblings=0')).nodes).toHaveLength(directed.nodes.length);
    expect(directed.paths).toBeUndefined();
  });

  test('a component’s reach is what a focus at one hop and at every hop shows', async () => {
    const response = await request.get('/api/components/prod%3Akms-key%2Fdata');
    const { reach } = (await response.json()) as ComponentResponse;
    expect(reach).toEqual({ dependencies: { direct: 0, all: 0 }, dependents: { direct: 7, all: 14 } });
    expect((await graph(request, '?focus=prod:kms-key/data&hops=1')).nodes).toHaveLength(1 + reach.dependents.direct);
    expect((await graph(request, '?focus=prod:kms-key/data&hops=6')).nodes).toHaveLength(1 + reach.dependents.all);
  });

  test('path=A,B answers every shortest path, either way round, and only what lies on them', async () => {
    const down = await graph(request, '?path=prod:serverless-api/orders,prod:kms-key/data');
    expect(down.paths).toEqual({
      from: 'prod:serverless-api/orders',
      to: 'prod:kms-key/data',
      direction: 'forward',
      hops: 3,
      paths: [
        ['prod:serverless-api/orders', 'prod:lambda/order-workers', 'prod:s3-bucket/invoices', 'prod:kms-key/data'],
        ['prod:serverless-api/orders', 'prod:lambda/order-workers', 'prod:sqs-queue/order-events', 'prod:kms-key/data'],
        ['prod:serverless-api/orders', 'prod:serverless-api/payments', 'prod:sqs-queue/payment-events', 'prod:kms-key/data'],
      ],
      total: 3,
    });
    expect(ids(down)).toEqual([...new Set(down.paths!.paths.flat())].sort());
    const steps = new Set(down.paths!.paths.flatMap((path) => path.slice(1).map((to, i) => `${path[i]}>${to}`)));
    expect(down.edges.length).toBeGreaterThanOrEqual(steps.size);
    for (const edge of down.edges) expect(steps.has(`${edge.from}>${edge.to}`), edge.id).toBe(true);

    const up = await graph(request, '?path=prod:kms-key/data,prod:serverless-api/orders');
    expect(up.paths).toMatchObject({ direction: 'backward', hops: 3, paths: down.paths!.paths, total: 3 });
    expect(ids(up)).toEqual(ids(down));

    // dev's two APIs refer to each other: equally short both ways.
    expect((await graph(request, '?path=dev:serverless-api/orders,dev:serverless-api/payments')).paths).toMatchObject({ direction: 'both', hops: 1, total: 2 });
    const none = await graph(request, '?path=prod:vpc/main,dev:vpc/main');
    expect(none.paths).toEqual({ from: 'prod:vpc/main', to: 'dev:vpc/main', direction: 'none', hops: null, paths: [], total: 0 });
    expect(none.nodes).toEqual([]);
    // Filters apply first: without the lambdas and payments' queue, one path is left.
    const filtered = await graph(request, '?path=prod:serverless-api/orders,prod:kms-key/data&type=serverless-api,sqs-queue,kms-key');
    expect(filtered.paths).toMatchObject({ hops: 3, paths: [down.paths!.paths[2]], total: 1 });
  });

  test('answers bad input with the right status and error code', async () => {
    const cases: Array<[name: string, query: string, status: number, code: string]> = [
      ['one end only', '?path=prod:vpc/main', 400, 'bad_request'],
      ['three ends', '?path=prod:vpc/main,dev:vpc/main,prod:kms-key/data', 400, 'bad_request'],
      ['the same component twice', '?path=prod:vpc/main,prod:vpc/main', 400, 'bad_request'],
      ['an end that is not a component id', '?path=prod:vpc/main,vpc-main', 400, 'bad_request'],
      ['a path and a focus', '?path=prod:vpc/main,dev:vpc/main&focus=prod:vpc/main', 400, 'bad_request'],
      ['a path to no component', '?path=prod:vpc/main,prod:vpc/nope', 404, 'not_found'],
      ['a focus on no component', '?focus=prod:vpc/nope&hops=2', 404, 'not_found'],
      ['siblings that are not a yes or no', '?focus=prod:vpc/main&siblings=maybe', 422, 'validation_failed'],
    ];
    for (const [name, query, status, code] of cases) {
      const response = await request.get(`/api/graph${query}`);
      expect(response.status(), name).toBe(status);
      expect((await response.json()).error.code, name).toBe(code);
    }
    const missing = await (await request.get('/api/graph?path=prod:vpc/main,prod:vpc/nope')).json();
    expect(missing.error.message).toBe('No component prod:vpc/nope');
    // Outside the filters is not missing: it is only not shown.
    expect((await graph(request, '?focus=prod:vpc/main&type=lambda')).nodes).toEqual([]);
  });

  test('refuses anyone not signed in', async ({ playwright }) => {
    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    for (const query of ['?path=prod:serverless-api/orders,prod:kms-key/data', '?focus=prod:vpc/main&siblings=1']) {
      const refused = await anonymous.get(`/api/graph${query}`);
      expect(refused.status(), query).toBe(401);
      expect((await refused.json()).error.code).toBe('unauthenticated');
    }
    await anonymous.dispose();
  });
});

test.describe('GET /api/graph: compact, cached, compressed', () => {
  test('sends what drawing needs, compressed for the browser, and a 304 to a client that has it', async ({ page, signIn }) => {
    await signIn('victor');
    await page.goto('/');
    // From the page, as the explorer fetches it: Chromium asks for br and gzip and decodes.
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/graph');
      const body = await response.json();
      return { status: response.status, etag: response.headers.get('etag'), encoding: response.headers.get('content-encoding'), body };
    });
    expect(answer.status).toBe(200);
    expect(answer.encoding).toBe('br');
    expect(answer.etag).toMatch(/^W\/"\d+-[\w-]+"$/);
    const payload = answer.body as GraphPayload;
    expect(payload.nodes).toHaveLength(62);
    // Five fields a node, flags only when they hold; no documents, no versions.
    expect(payload.nodes.find((n) => n.id === 'prod:vpc/main')).toEqual({ id: 'prod:vpc/main', env: 'prod', type: 'vpc', nickname: 'main', status: 'in_sync' });
    expect(Object.keys(payload.nodes.find((n) => n.problems !== undefined) ?? {})).toEqual(expect.arrayContaining(['id', 'env', 'type', 'nickname', 'status', 'problems']));
    for (const edge of payload.edges) expect(Object.keys(edge).sort()).toEqual(edge.dangling ? ['dangling', 'from', 'path', 'rule', 'to'] : ['from', 'path', 'rule', 'to']);

    const request = page.context().request;
    const again = await request.get('/api/graph', { headers: { 'If-None-Match': answer.etag! } });
    expect(again.status()).toBe(304);
    expect(await again.body()).toHaveLength(0);
    // Another question has another tag; an old tag gets the whole answer.
    const prod = await request.get('/api/graph?env=prod', { headers: { 'If-None-Match': answer.etag! } });
    expect(prod.status()).toBe(200);
    expect(prod.headers()['etag']).not.toBe(answer.etag);
    const plain = await request.get('/api/graph', { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers()['content-encoding']).toBeUndefined();
    expect(((await plain.json()) as GraphPayload).nodes).toHaveLength(62);
  });

  test('drift, search and a component answer with ETags too', async ({ page, signIn }) => {
    await signIn('victor');
    const request = page.context().request;
    for (const path of ['/api/drift?env=prod', '/api/search?q=10.40', `/api/components/${encodeURIComponent('prod:vpc/main')}`]) {
      const first = await request.get(path);
      expect(first.status(), path).toBe(200);
      const etag = first.headers()['etag'];
      expect(etag, path).toMatch(/^W\//);
      expect((await request.get(path, { headers: { 'If-None-Match': etag } })).status(), path).toBe(304);
    }
  });
});
