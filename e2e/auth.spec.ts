import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { findFreePort } from '../scripts/peers/ports.mjs';
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

type Server = { url: string; output: () => string; exitCode: () => number | null; stop: () => Promise<void> };

/** `next start` on the build the demo server runs, with its own settings and data folder. */
async function startServer(env: Record<string, string | undefined>): Promise<Server> {
  const port = await findFreePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'karma-e2e-auth-'));
  const next = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
  const merged: Record<string, string | undefined> = { ...process.env, KARMA_DEMO: undefined, NEXTAUTH_SECRET: undefined, KARMA_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1', ...env };
  const defined = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const child: ChildProcess = spawn(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...defined, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const started = { url, output: () => output, exitCode: () => child.exitCode, stop };
    if (child.exitCode !== null) return started;
    try {
      await fetch(`${url}/api/health`);
      return started;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`next start did not answer within 60 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

test.describe('outside demo mode', () => {
  test('there is no demo sign-in, even with a valid CSRF token', async () => {
    const server = await startServer({ NEXTAUTH_SECRET: 'e2e-not-a-demo-secret', KARMA_DEMO: '0' });
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

  test('a production server without NEXTAUTH_SECRET refuses to start and says why', async () => {
    const server = await startServer({});
    try {
      await expect.poll(() => server.exitCode(), { timeout: 30_000 }).toBe(1);
      expect(server.output()).toContain('NEXTAUTH_SECRET must be set outside demo mode');
    } finally {
      await server.stop();
    }
  });

});
