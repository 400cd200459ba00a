// The OpenID Provider test peer (ARCHITECTURE.md §9): `oidc-provider` from
// npm, a certified OpenID Provider, in a process of its own on a loopback
// port (scripts/peers/oidc-provider-server.mjs), with people in groups.
// Installed by `npm ci` (a dev dependency, pinned in package-lock.json);
// started by the tests that sign in through it and stopped by PID.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { findFreePort, LOOPBACK } from './ports.mjs';
import { describeExit, hasExited, repoRoot, spawnDetached, stopProcessGroup, waitFor } from './proc.mjs';
import { newLogFile, tailFile } from './logs.mjs';

const START_TIMEOUT_MS = 20_000;
const MAX_START_ATTEMPTS = 3;
const serverScript = path.join(repoRoot, 'scripts', 'peers', 'oidc-provider-server.mjs');

/** The installed oidc-provider's version; throws, saying what to do, when `npm ci` has not installed it. */
export async function ensureOidcProvider() {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  let manifest;
  try {
    manifest = require.resolve('oidc-provider/package.json');
  } catch {
    throw new Error('oidc-provider (the OpenID Provider test peer) is not installed: run `npm ci` (it is a dev dependency).');
  }
  return { version: JSON.parse(fs.readFileSync(manifest, 'utf8')).version, isFreshInstall: false };
}

async function startOnce({ port, users, accessTokenSeconds, groupsInUserinfo }) {
  const adminToken = randomBytes(24).toString('hex');
  const logFile = newLogFile(`oidc-provider-${port}`);
  const env = { ...process.env, NODE_ENV: 'production', KARMA_OIDC_PEER: JSON.stringify({ port, adminToken, accessTokenSeconds, groupsInUserinfo, users }) };
  const child = spawnDetached(process.execPath, [serverScript], { env, logFile });
  const issuer = `http://${LOOPBACK}:${port}`;
  try {
    await waitFor(async () => (await fetch(`${issuer}/.well-known/openid-configuration`)).ok, {
      timeoutMs: START_TIMEOUT_MS,
      intervalMs: 50,
      description: `the OpenID Provider on ${issuer}`,
      failIf: () => (hasExited(child) ? `the OpenID Provider ${describeExit(child)}:\n${tailFile(logFile)}` : null),
    });
  } catch (error) {
    await stopProcessGroup(child, { signal: 'SIGKILL' });
    error.isPortTaken = /EADDRINUSE/.test(tailFile(logFile));
    throw error;
  }
  return { child, issuer, adminToken, logFile, port };
}

/**
 * Starts the provider with `users` ([{ login, name, email, emailVerified, groups }]);
 * `groupsInUserinfo: false` keeps the groups to the tokens, as Cognito does.
 * Returns the issuer URL, registerClient (OpenID Connect Dynamic Client
 * Registration, for a portal's redirect URI), setGroups (what the provider
 * says about someone from the next token or userinfo answer on), and stop.
 */
export async function startOidcProvider({ users, accessTokenSeconds = 3600, groupsInUserinfo = true }) {
  await ensureOidcProvider();
  let started;
  for (let attempt = 1; ; attempt++) {
    try {
      started = await startOnce({ port: await findFreePort(), users, accessTokenSeconds, groupsInUserinfo });
      break;
    } catch (error) {
      if (!error.isPortTaken || attempt >= MAX_START_ATTEMPTS) throw error;
    }
  }
  const { child, issuer, adminToken, logFile, port } = started;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  return {
    issuer,
    endpoint: issuer,
    port,
    pid: child.pid,
    logFile,
    async registerClient(redirectUri) {
      const response = await fetch(`${issuer}/reg`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        }),
      });
      if (!response.ok) throw new Error(`client registration failed: ${response.status} ${await response.text()}`);
      const client = await response.json();
      return { clientId: client.client_id, clientSecret: client.client_secret };
    },
    async setGroups(login, groups) {
      const response = await fetch(`${issuer}/_peer/users/${encodeURIComponent(login)}/groups`, { method: 'PUT', headers: admin, body: JSON.stringify({ groups }) });
      if (!response.ok) throw new Error(`setting ${login}'s groups failed: ${response.status} ${await response.text()}`);
    },
    stop: ({ signal = 'SIGTERM' } = {}) => stopProcessGroup(child, { signal }),
  };
}
