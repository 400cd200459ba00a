import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { findFreePort } from '../scripts/peers/ports.mjs';
import { startPortal, TEST_SECRET } from '../tests/support/portal';
import { expect, test } from './fixtures';

/**
 * Sign-in against the real server: the early redirect of pages without a
 * session (proxy.ts), the sign-in page's demo users and where it sends people
 * afterwards; and, on servers of their own started from the same build, that
 * demo sign-in does not exist outside demo mode and that a production server
 * without NEXTAUTH_SECRET refuses to start, saying why.
 */

test.describe('signing in on the demo server', () => {
  test('a page without a session goes to sign-in and comes back to where it was going', async ({ page }) => {
    await page.goto('/changes?status=open&env=prod');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fchanges%3Fstatus%3Dopen%26env%3Dprod$/);
    await expect(page.getByRole('heading', { name: 'Sign in to Karma' })).toBeVisible();
    await page.getByTestId('demo-signin-bob').click();
    await expect(page).toHaveURL(/\/changes\?status=open&env=prod$/);
    await expect(page.getByTestId('signed-in-role')).toHaveText('approver');
  });

  test('API routes answer 401 themselves instead of redirecting', async ({ request }) => {
    const response = await request.get('/api/changes', { maxRedirects: 0 });
    expect(response.status()).toBe(401);
  });

  test('never sends people to another site after sign-in', async ({ page }) => {
    for (const target of ['https://evil.example/phish', '//evil.example/phish', '/\\evil.example/phish']) {
      await page.context().clearCookies();
      await page.goto(`/signin?callbackUrl=${encodeURIComponent(target)}`);
      await page.getByTestId('demo-signin-victor').click();
      await expect(page, target).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    }
  });

  test('an unknown demo user is refused', async ({ page }) => {
    const request = page.context().request;
    const { csrfToken } = await (await request.get('/api/auth/csrf')).json();
    await request.post('/api/auth/callback/demo', { form: { csrfToken, username: 'mallory', callbackUrl: '/', json: 'true' } });
    expect(await (await request.get('/api/auth/session')).json()).toEqual({});
  });
});

test.describe('outside demo mode', () => {
  test('there is no demo sign-in, even with a valid CSRF token', async () => {
    const server = await startPortal({ NEXTAUTH_SECRET: TEST_SECRET, KARMA_DEMO: '0' });
    try {
      const request = await playwrightRequest.newContext({ baseURL: server.url });
      expect(Object.keys(await (await request.get('/api/auth/providers')).json())).toEqual([]);
      const { csrfToken } = await (await request.get('/api/auth/csrf')).json();
      const attempt = await request.post('/api/auth/callback/demo', { form: { csrfToken, username: 'dana', callbackUrl: '/', json: 'true' }, maxRedirects: 0 });
      expect(attempt.status()).not.toBe(200);
      expect(await (await request.get('/api/auth/session')).json()).toEqual({});
      expect((await request.get('/api/changes')).status()).toBe(401);
      const signIn = await (await request.get('/signin')).text();
      expect(signIn).not.toContain('Demo users');
      expect(signIn).toContain('No sign-in provider is configured');
      await request.dispose();
    } finally {
      await server.stop();
    }
  });

  test.describe('a server that must not start', () => {
    const REFUSALS: Array<[string, Record<string, string>, RegExp]> = [
      ['without NEXTAUTH_SECRET in production', {}, /NEXTAUTH_SECRET must be set outside demo mode/],
      ['with a NEXTAUTH_SECRET shorter than 32 bytes', { NEXTAUTH_SECRET: 'only-twenty-one-bytes' }, /NEXTAUTH_SECRET is 21 bytes; .* at least 32/],
      [
        'with demo sign-in on Neptune',
        { KARMA_DEMO: '1', NEPTUNE_ENDPOINT: 'wss://db.cluster-x.eu-west-1.neptune.amazonaws.com:8182/gremlin' },
        /KARMA_DEMO=1 .* NEPTUNE_ENDPOINT \(wss:\/\/db\.cluster-x/,
      ],
      [
        'with demo sign-in on SSM in AWS',
        { KARMA_DEMO: '1', KARMA_PARAMETERS: 'ssm', KARMA_ENVIRONMENTS: 'prod' },
        /KARMA_DEMO=1 .* KARMA_PARAMETERS=ssm \(environment "prod" goes to AWS\)/,
      ],
    ];
    for (const [name, env, message] of REFUSALS) {
      test(`refuses ${name} and says why`, async () => {
        const server = await startPortal(env, { waitForHealth: false });
        try {
          await expect.poll(() => server.exitCode(), { timeout: 30_000 }).toBe(1);
          expect(server.output()).toMatch(message);
        } finally {
          await server.stop();
        }
      });
    }
  });
});

/** The local addresses a process listens on for `port`, from the kernel's socket tables. */
function listeningAddresses(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const [file, isV6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      // 0A: LISTEN
      if (!local || state !== '0A' || !local.endsWith(`:${hex}`)) continue;
      const address = local.split(':')[0];
      found.push(
        isV6
          ? address === '0'.repeat(32)
            ? '::'
            : address
          : address
              .match(/../g)!
              .reverse()
              .map((b) => parseInt(b, 16))
              .join('.'),
      );
    }
  }
  return found;
}

test.describe('npm run demo', () => {
  /** Runs scripts/demo.mjs (on the existing build) until it answers, then stops it by PID. */
  async function demo(env: Record<string, string>) {
    const port = await findFreePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'karma-e2e-demo-'));
    const child = spawn(process.execPath, ['scripts/demo.mjs'], {
      env: { ...process.env, PORT: String(port), KARMA_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    await expect
      .poll(
        async () =>
          await fetch(`http://127.0.0.1:${port}/api/health`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000 },
      )
      .toBe(200);
    const stop = async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    };
    return { port, output: () => output, stop };
  }

  test('listens on 127.0.0.1 only, since demo sign-in has no passwords', async () => {
    const server = await demo({});
    try {
      expect(listeningAddresses(server.port)).toEqual(['127.0.0.1']);
      expect(server.output()).not.toContain('WARNING');
    } finally {
      await server.stop();
    }
  });

  test('listens where HOST says, and warns that anyone who reaches it can sign in as an admin', async () => {
    const server = await demo({ HOST: '0.0.0.0' });
    try {
      expect(listeningAddresses(server.port)).toEqual(['0.0.0.0']);
      expect(server.output()).toMatch(/WARNING: HOST=0\.0\.0\.0: .* anyone who can reach 0\.0\.0\.0:\d+ can sign in as an admin/);
    } finally {
      await server.stop();
    }
  });
});
