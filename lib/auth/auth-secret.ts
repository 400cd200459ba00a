import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secret that signs and encrypts session cookies: NEXTAUTH_SECRET, or in
 * demo mode a random one kept in the data folder (never in the repo), so
 * sessions survive restarts. Shared by next-auth and proxy.ts, which must
 * decode the same cookies.
 */

const FILE = 'demo-auth-secret';

function demoSecret(dataDir: string): string {
  const file = path.join(dataDir, FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    // `wx`: when two processes start together, the first one's secret wins and both use it.
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

export type SecretSettings = { isDemo: boolean; dataDir: string; auth: { secret: string | null } };

/** undefined only in development outside demo mode, where next-auth derives one and warns. */
export function authSecret(settings: SecretSettings): string | undefined {
  if (settings.auth.secret) return settings.auth.secret;
  if (settings.isDemo) return demoSecret(settings.dataDir);
  return undefined;
}
