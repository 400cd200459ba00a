import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type net from 'node:net';
import type { DemoUsername } from '@/lib/auth/roles';
import { startPortal } from '../tests/support/portal';
import { expect, person, test, type Person } from './fixtures';

/**
 * The web front against the people it serves: a same-site page (another
 * port of the same host, as a sibling subdomain would be) cannot approve or
 * apply as a signed-in approver, nor frame the review page; sign-in and
 * sign-out never send anyone off-site; unknown and malformed addresses are
 * 404 pages (400 in the API); strangers learn nothing of the internals;
 * bodies are bounded in size and time, and refused like configs when they
 * have duplicate keys or numbers that would not survive.
 */

const QUEUE = 'dev:sqs-queue/payment-events';
const enc = encodeURIComponent;
const segment = (id: string) => id.replace(/^cr:/, '');

async function propose(request: APIRequestContext, title: string): Promise<{ id: string }> {
  const { component } = await (await request.get(`/api/components/${enc(QUEUE)}`)).json();
  const proposedConfig = JSON.stringify({ ...component.config, message_retention_seconds: 1_000 + Math.floor(Math.random() * 100_000) }, null, 2);
  const response = await request.post('/api/changes', { data: { componentId: QUEUE, proposedConfig, title, baseVersion: component.configVersion } });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** Another origin on the same host: a page the attacker controls, same site as the portal. */
async function attackerSite(pages: Record<string, string>): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html' }).end(page ?? 'nothing here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test.describe('a same-site page cannot act as the signed-in user', () => {
  const people: Person[] = [];
  test.afterEach(async () => {
    for (const p of people.splice(0)) await p.context.close();
  });

  test('a cross-origin form and fetch cannot approve or apply; the portal answers 403 and nothing changes', async ({ browser, baseURL }) => {
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    people.push(alice, bob);
    const open = await propose(alice.request, 'CSRF target: open');
    const approved = await propose(alice.request, 'CSRF target: approved');
    expect((await bob.request.post(`/api/changes/${segment(approved.id)}/approve`, { data: {} })).status()).toBe(200);
    const url = (change: { id: string }, decision: string) => `${baseURL}/api/changes/${segment(change.id)}/${decision}`;
    const site = await attackerSite({
      // A text/plain form body that parses as JSON: what CSRF against JSON APIs uses.
      '/form': `<form id="f" method="POST" enctype="text/plain" action="${url(open, 'approve')}"><input name='{"comment":"' value='via a form"}'></form><script>document.getElementById('f').submit()</script>`,
      '/fetch': `<script>
        const send = (u) => fetch(u, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' });
        Promise.allSettled([send(${JSON.stringify(url(open, 'approve'))}), send(${JSON.stringify(url(approved, 'apply'))})]).then(() => (document.title = 'sent'));
      </script>`,
      // JSON needs a CORS preflight, which the portal never grants: this one never gets sent.
      '/json': `<script>
        fetch(${JSON.stringify(url(approved, 'apply'))}, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' })
          .then(() => (document.title = 'answered'), () => (document.title = 'blocked'));
      </script>`,
    });
    try {
      const attack = await bob.context.newPage();
      const [formAnswer] = await Promise.all([attack.waitForResponse((r) => r.url() === url(open, 'approve')), attack.goto(`${site.origin}/form`)]);
      expect(formAnswer.status()).toBe(403);
      expect(await formAnswer.json()).toMatchObject({ error: { code: 'csrf_refused' } });

      await attack.goto(`${site.origin}/fetch`);
      await expect(attack).toHaveTitle('sent');
      await attack.goto(`${site.origin}/json`);
      await expect(attack).toHaveTitle('blocked');

      const [openNow, approvedNow] = await Promise.all([open, approved].map(async (c) => (await bob.request.get(`/api/changes/${segment(c.id)}`)).json()));
      expect(openNow).toMatchObject({ status: 'open', approvals: [] });
      expect(approvedNow).toMatchObject({ status: 'approved' });
      expect(approvedNow.events.map((e: { kind: string }) => e.kind)).toEqual(['proposed', 'approved']);
    } finally {
      await site.close();
    }
  });

  test('the portal’s own pages still work when it is reached by another name for the same host (localhost for 127.0.0.1)', async ({ browser, baseURL }) => {
    const alice = await person(browser, 'alice');
    people.push(alice);
    const change = await propose(alice.request, 'Reached as localhost');
    const other = baseURL!.replace('127.0.0.1', 'localhost');
    const context = await browser.newContext({ baseURL: other });
    people.push({ context, page: await context.newPage(), request: context.request });
    const page = context.pages()[0];
    await page.goto('/signin');
    await page.getByTestId('demo-signin-bob').click();
    await expect(page).toHaveURL(`${other}/`);
    await page.goto(`/changes/${segment(change.id)}`);
    await page.getByTestId('action-approve').click();
    await expect(page.getByTestId('change-status')).toHaveText('Approved');
  });

  test('a frame on another origin cannot show the review page (its Approve button stays out of reach)', async ({ browser, baseURL }) => {
    const alice = await person(browser, 'alice');
    const bob = await person(browser, 'bob');
    people.push(alice, bob);
    const change = await propose(alice.request, 'Clickjacking target');
    const target = `${baseURL}/changes/${segment(change.id)}`;
    const site = await attackerSite({ '/frame': `<h1>Win a prize</h1><iframe id="victim" src="${target}" width="1200" height="800"></iframe>` });
    try {
      // Signed in as bob, the page itself shows the button…
      await bob.page.goto(target);
      await expect(bob.page.getByRole('button', { name: 'Approve' })).toBeVisible();
      // …but framed by another origin, nothing of it loads.
      const attack = await bob.context.newPage();
      const refused = attack.waitForEvent('console', (m) => /frame-ancestors|X-Frame-Options|Refused to display/i.test(m.text())).catch(() => null);
      await attack.goto(`${site.origin}/frame`);
      await attack.waitForTimeout(1_500);
      const frame = attack.frames().find((f) => f !== attack.mainFrame());
      expect(frame).toBeDefined();
      expect(frame!.url()).not.toBe(target);
      expect(await frame!.locator('button', { hasText: 'Approve' }).count()).toBe(0);
      expect(await refused).not.toBeNull();
    } finally {
      await site.close();
    }
  });
});

test.describe('response headers', () => {
  test('every page and API answer forbids framing and sniffing and keeps the referrer on this site; HSTS behind https', async ({ request }) => {
    for (const path of ['/signin', '/api/health', '/api/changes', '/_next/not-a-file']) {
      const response = await request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('same-origin');
      expect(headers['strict-transport-security'], path).toBeUndefined();
    }
    const behindTls = await request.get('/signin', { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindTls.headers()['strict-transport-security']).toMatch(/max-age=\d{7,}/);
  });
});

test.describe('never sends anyone off-site', () => {
  // Each of these normalises (dot segments, %2e, backslashes) into the protocol-relative //evil.example.
  const TARGETS = ['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/./\\evil.example', '/%2E%2E//evil.example/phish?x=1'];

  for (const target of TARGETS) {
    test(`after sign-in and sign-out with callbackUrl=${target}`, async ({ page, baseURL }) => {
      await page.goto(`/signin?callbackUrl=${enc(target)}`);
      await page.getByTestId('demo-signin-carol').click();
      await expect(page).toHaveURL(new RegExp(`^${baseURL}/$`));

      const request = page.context().request;
      const { csrfToken } = await (await request.get('/api/auth/csrf')).json();
      const signOut = await request.post('/api/auth/signout', { form: { csrfToken, callbackUrl: target, json: 'true' }, maxRedirects: 0 });
      const { url } = await signOut.json();
      expect(new URL(url, baseURL).origin, `sign-out sent to ${url}`).toBe(new URL(baseURL!).origin);
      expect(url).not.toMatch(/^\/\/|evil/);
    });
  }
});

test.describe('unknown and malformed addresses', () => {
  test('unknown requests, components and proposals are 404 pages with the navigation', async ({ page, signIn }) => {
    await signIn('victor');
    for (const path of [
      '/changes/00000000-0000-4000-8000-000000000000',
      '/changes/not-a-request',
      `/drift/${enc('prod:vpc/nope')}`,
      '/drift/not-an-id',
      `/changes/new?component=${enc('prod:vpc/nope')}`,
      `/components/${enc('prod:vpc/nope')}`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByTestId('not-found'), path).toBeVisible();
      await expect(page.getByRole('link', { name: 'Back to the graph' }), path).toBeVisible();
      await expect(page.getByRole('navigation').getByRole('link', { name: 'Changes' }), path).toBeVisible();
    }
    await page.goto(`/changes/new?component=${enc('prod:vpc/nope')}`);
    await expect(page.getByRole('heading', { name: 'No such component' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/404-proposal.png' });
  });

  test('a malformed %-escape is a 404 page for pages and a 400 in the error shape for the API, signed in or not', async ({ page, signIn, request }) => {
    for (const path of ['/components/%E0%A4%A', '/drift/%ZZ', '/changes/%E0']) {
      expect((await request.get(path, { maxRedirects: 0 })).status(), `${path} without a session`).toBe(404);
    }
    await signIn('bob');
    for (const path of ['/components/%E0%A4%A', '/drift/%ZZ', '/changes/%E0']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByTestId('not-found')).toBeVisible();
    }
    const api = page.context().request;
    for (const [method, path] of [
      ['GET', '/api/components/%E0%A4%A'],
      ['GET', '/api/components/%E0%A4%A/history'],
      ['GET', '/api/components/%ZZ/events'],
      ['GET', '/api/drift/%E0'],
      ['GET', '/api/changes/%E0%A4%A'],
      ['GET', '/api/changes/%E0/impact'],
      ['POST', '/api/changes/%E0/approve'],
    ] as const) {
      const response = method === 'GET' ? await api.get(path) : await api.post(path, { data: {} });
      expect(response.status(), path).toBe(400);
      expect(response.headers()['content-type'], path).toContain('application/json');
      expect(await response.json(), path).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('malformed %-escape') } });
    }
  });
});

test.describe('what strangers learn', () => {
  test('anonymous health is up or down per adapter; signed-in users get the details; only admins the diagnostics', async ({ browser, request }) => {
    const anonymous = await (await request.get('/api/health')).json();
    expect(anonymous).toEqual({ ok: true, graphStore: 'up', parameters: 'up' });
    const victor = await person(browser, 'victor');
    const dana = await person(browser, 'dana');
    try {
      const viewer = await (await victor.request.get('/api/health')).json();
      expect(viewer.details).toMatchObject({ mode: 'demo', graphStore: { kind: 'memory', reachable: true } });
      expect(viewer.details.diagnostics).toBeUndefined();
      const admin = await (await dana.request.get('/api/health')).json();
      expect(admin.details.diagnostics).toMatchObject({ graphStore: { endpoint: expect.stringContaining('e2e-data') } });
    } finally {
      await Promise.all([victor.context.close(), dana.context.close()]);
    }
  });

  test('with the graph store down, 503s name the dependency and not its address; admins see the address', async () => {
    const portal = await startPortal({ KARMA_DEMO: '1', NEPTUNE_ENDPOINT: 'ws://127.0.0.1:9/gremlin', KARMA_GREMLIN_TIMEOUT_MS: '1000' }, { waitForHealth: false });
    const contexts: APIRequestContext[] = [];
    try {
      const anonymous = await fetch(`${portal.url}/api/health`);
      expect(anonymous.status).toBe(503);
      const text = await anonymous.text();
      expect(JSON.parse(text)).toEqual({ ok: false, graphStore: 'down', parameters: 'up' });

      const signedIn = async (username: DemoUsername) => {
        const context = await playwrightRequest.newContext({ baseURL: portal.url });
        contexts.push(context);
        const { csrfToken } = await (await context.get('/api/auth/csrf')).json();
        await context.post('/api/auth/callback/demo', { form: { csrfToken, username, callbackUrl: '/', json: 'true' } });
        return context;
      };
      const bob = await signedIn('bob');
      const graph = await bob.get('/api/graph');
      expect(graph.status()).toBe(503);
      const body = await graph.json();
      expect(body).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/^The graph store \(Neptune\) is unreachable/) } });
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|:9\b|ECONNREFUSED|gremlin/i);
      const bobHealth = await (await bob.get('/api/health')).json();
      expect(JSON.stringify(bobHealth)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);

      const dana = await signedIn('dana');
      const admin = await (await dana.get('/api/health')).json();
      expect(admin.details.diagnostics.graphStore).toMatchObject({ endpoint: 'ws://127.0.0.1:9/gremlin', error: expect.stringContaining('ECONNREFUSED') });
      // The log keeps the rest.
      expect(portal.output()).toMatch(/ws:\/\/127\.0\.0\.1:9\/gremlin/);
    } finally {
      await Promise.all(contexts.map((c) => c.dispose()));
      await portal.stop();
    }
  });
});

/**
 * Raw HTTP, for what a browser or Playwright would never send: on a
 * connection of its own (no pooling), given up on after 30 s with a message
 * rather than the test's timeout.
 */
function rawPost(baseURL: string, path: string, { headers, write }: { headers: Record<string, string>; write: (req: ReturnType<typeof httpRequest>) => void }) {
  return new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
    const started = Date.now();
    const req = httpRequest(`${baseURL}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started });
        req.destroy();
      });
    });
    const deadline = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer to POST ${path} within 30 s (${req.socket ? `${req.socket.bytesWritten} bytes sent` : 'no connection'})`));
    }, 30_000);
    req.on('error', (error) => (String(error).includes('EPIPE') || String(error).includes('ECONNRESET') ? undefined : reject(error)));
    write(req);
  });
}

test.describe('request bodies', () => {
  async function cookieOf(page: Page) {
    return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  }

  test('a chunked body is refused at 256 KB, long before 20 MB are sent', async ({ page, signIn, baseURL }) => {
    await signIn('alice');
    const cookie = await cookieOf(page);
    let written = 0;
    let isAnswered = false;
    const answer = await rawPost(baseURL!, '/api/simulate', {
      headers: { cookie, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      write: (req) => {
        // 64 KB every 5 ms: all 20 MB would take seconds; the answer must come after the first few hundred KB.
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          if (isAnswered || req.destroyed || written >= 20 * 1024 * 1024) return void req.end();
          written += chunk.length;
          req.write(chunk);
          setTimeout(pump, 5);
        };
        req.once('response', () => (isAnswered = true));
        pump();
      },
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(written).toBeLessThan(2 * 1024 * 1024);
  });

  test('a body shorter than its Content-Length is given up on within seconds, with 408', async ({ page, signIn, baseURL }) => {
    await signIn('alice');
    const cookie = await cookieOf(page);
    const answer = await rawPost(baseURL!, '/api/simulate', {
      headers: { cookie, 'content-type': 'application/json', 'content-length': '100' },
      write: (req) => req.write('{"componentId": "'),
    });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'request_timeout' } });
    expect(answer.ms).toBeLessThan(30_000);
  });

  test('duplicate keys and numbers that would not survive are refused with where they are', async ({ page, signIn }) => {
    await signIn('alice');
    const api = page.context().request;
    const text = '{"componentId": "dev:sqs-queue/payment-events", "proposedConfig": "{}", "componentId": "prod:vpc/main"}';
    const duplicate = await api.post('/api/simulate', { data: Buffer.from(text), headers: { 'content-type': 'application/json' } });
    expect(duplicate.status()).toBe(400);
    const column = text.lastIndexOf('"componentId"') + 1;
    expect(await duplicate.json()).toMatchObject({ error: { code: 'invalid_json', message: expect.stringContaining(`line 1, column ${column}: duplicate key "componentId"`) } });

    const { component } = await (await api.get(`/api/components/${enc(QUEUE)}`)).json();
    const proposedConfig = JSON.stringify({ ...component.config }, null, 2).replace(/\n}$/, ',\n  "max_message_size": 12345678901234567890\n}');
    const simulated = await (await api.post('/api/simulate', { data: { componentId: QUEUE, proposedConfig } })).json();
    expect(simulated.isValid).toBe(false);
    const line = proposedConfig.split('\n').findIndex((l) => l.includes('12345678901234567890')) + 1;
    expect(simulated.errors).toEqual([expect.objectContaining({ code: 'json_syntax', line, column: 23, message: expect.stringContaining('cannot be stored exactly') })]);
    const created = await api.post('/api/changes', { data: { componentId: QUEUE, proposedConfig, title: 'Too big a number', baseVersion: component.configVersion } });
    expect(created.status()).toBe(422);
    const infinite = await api.post('/api/simulate', {
      data: Buffer.from(`{"componentId": "${QUEUE}", "proposedConfig": "{}", "extra": 1e400}`),
      headers: { 'content-type': 'application/json' },
    });
    expect(infinite.status()).toBe(400);
    expect(await infinite.json()).toMatchObject({ error: { message: expect.stringContaining('1e400 cannot be stored exactly') } });
  });
});
