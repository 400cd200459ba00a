/**
 * Real portal instances for tests: `next start` on the production build
 * (scripts/lib/build.mjs makes it), each a process of its own on a free
 * loopback port with the settings it is given, stopped by PID. Signing in
 * goes through next-auth's own endpoints with the demo users (demo mode is
 * allowed with the loopback test peers), and API calls carry what the
 * portal's own pages send (JSON, the portal's Origin).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../scripts/peers/ports.mjs';
import { nextStartArgs, root } from '../../scripts/lib/build.mjs';

export type Portal = {
  url: string;
  pid: number;
  output(): string;
  exitCode(): number | null;
  /** SIGTERM (a clean stop) or SIGKILL (a crash); resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/** A shared secret long enough for a real deployment, so instances read each other's session cookies. */
export const TEST_SECRET = 'karma-tests-shared-secret-0123456789abcdef';

/** `port`: a free port chosen beforehand, when something (an OpenID Provider's client registration) must know the URL first. */
export async function startPortal(
  env: Record<string, string | undefined>,
  { waitForHealth = true, port: chosenPort }: { waitForHealth?: boolean; port?: number } = {},
): Promise<Portal> {
  const port = chosenPort ?? (await findFreePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'karma-portal-'));
  const merged: Record<string, string | undefined> = {
    ...process.env,
    KARMA_DEMO: undefined,
    NEXTAUTH_SECRET: undefined,
    KARMA_DATA_DIR: dataDir,
    NEXTAUTH_URL: url,
    NEXT_TELEMETRY_DISABLED: '1',
    ...env,
  };
  const defined = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const child: ChildProcess = spawn(process.execPath, nextStartArgs({ host: '127.0.0.1', port, env: defined }), {
    cwd: root,
    env: { ...defined, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const portal: Portal = {
    url,
    pid: child.pid!,
    output: () => output,
    exitCode: () => child.exitCode,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) return portal;
    try {
      const health = await fetch(`${url}/api/health`);
      if (!waitForHealth || health.ok) return portal;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await portal.stop('SIGKILL');
      throw new Error(`next start did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The cookies a response sets, as one Cookie header with what was there before. */
function mergeCookies(previous: string, response: Response): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.split('=')[0], pair] as const),
  );
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0];
    jar.set(pair.split('=')[0], pair);
  }
  return [...jar.values()].join('; ');
}

export type Session = {
  portal: Portal;
  username: string;
  /** The session's Cookie header, for clients of its own (a load generator). */
  cookie: string;
  /** Calls the portal's API as this user, the way its own pages do. */
  api(method: 'GET' | 'POST', pathname: string, body?: unknown): Promise<{ status: number; body: unknown }>;
};

/** Signs in as a demo user through next-auth (CSRF token, credentials callback). */
export async function signIn(portal: Portal, username: string): Promise<Session> {
  const csrf = await fetch(`${portal.url}/api/auth/csrf`);
  let cookie = mergeCookies('', csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${portal.url}/api/auth/callback/demo`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, username, callbackUrl: '/', json: 'true' }),
    redirect: 'manual',
  });
  cookie = mergeCookies(cookie, callback);
  if (!cookie.includes('session-token')) throw new Error(`demo sign-in as ${username} failed (${callback.status}): ${await callback.text()}`);
  return {
    portal,
    username,
    cookie,
    async api(method, pathname, body) {
      const response = await fetch(`${portal.url}${pathname}`, {
        method,
        headers: { cookie, accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json', origin: portal.url }) },
        body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
}
