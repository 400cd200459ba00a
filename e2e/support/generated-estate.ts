/**
 * A portal over a generated estate of n components (bench/ui-render/estate.ts:
 * vpc blocks of clusters, services, buckets, databases and lambdas), for
 * specs and benchmarks that need a graph bigger than the demo's. It is the
 * production build the e2e run made (NEXT_DIST_DIR is passed through), in
 * demo mode over a temp data folder, on a free loopback port of its own,
 * started as its own process group and stopped by that PID.
 *
 * Specs use the worker-scoped `generatedEstate` fixture (one portal per size
 * per worker, stopped when the worker ends); scripts call startGeneratedEstate.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base } from '../fixtures';
import { signIn, type Portal, type Session } from '../../tests/support/portal';
import { writeEstate } from '../../bench/ui-render/estate';
import { nextStartArgs } from '../../scripts/lib/build.mjs';
import { findFreePort } from '../../scripts/peers/ports.mjs';
import { describeExit, hasExited, repoRoot, spawnDetached, stopProcessGroup, waitFor } from '../../scripts/peers/proc.mjs';

export type GeneratedEstatePortal = {
  baseURL: string;
  /** Components in the estate, as the portal's last sync counted them. */
  components: number;
  envs: string[];
  pid: number;
  logFile: string;
  /** The portal's data folder (its embedded parameter file, when it reads no SSM). */
  dataDir: string;
  stop(): Promise<void>;
};

export type StartEstateOptions = {
  /** A fixed port (a benchmark's own); a free one otherwise. */
  port?: number;
  /** How long the first sync of a big estate may take. */
  timeoutMs?: number;
  /** Settings on top of the demo's, e.g. SSM and Gremlin Server holding the same estate (bench/api-load). */
  env?: Record<string, string>;
};

/** Serves a generated estate of about n components; resolves once the portal has synced all of them. */
export async function startGeneratedEstate(n: number, { port, timeoutMs = 180_000, env: extraEnv = {} }: StartEstateOptions = {}): Promise<GeneratedEstatePortal> {
  const folder = mkdtempSync(path.join(tmpdir(), `karma-estate-${n}-`));
  const estate = writeEstate(folder, n);
  const listenOn = port ?? (await findFreePort());
  const baseURL = `http://127.0.0.1:${listenOn}`;
  const logFile = path.join(folder, 'portal.log');
  // Karma settings come from this estate only, never from the caller's environment; NEXT_DIST_DIR picks the build.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KARMA_') && !name.startsWith('NEXTAUTH_')));
  const env = {
    ...inherited,
    NODE_ENV: 'production' as const,
    KARMA_DEMO: '1',
    KARMA_DATA_DIR: estate.dataDir,
    KARMA_SETTINGS: estate.settingsFile,
    NEXTAUTH_URL: baseURL,
    NEXT_TELEMETRY_DISABLED: '1',
    ...extraEnv,
  };
  const child = spawnDetached(process.execPath, nextStartArgs({ host: '127.0.0.1', port: listenOn, env }), { cwd: repoRoot, env, logFile });
  const stop = async () => {
    await stopProcessGroup(child);
    rmSync(folder, { recursive: true, force: true });
  };
  // A signed-in user sees the last sync in /api/health (strangers only learn up or down).
  const portal: Portal = { url: baseURL, pid: child.pid!, output: () => readLog(logFile), exitCode: () => child.exitCode, stop };
  let session: Session | null = null;
  try {
    await waitFor(
      async () => {
        session ??= await signIn(portal, 'victor');
        const { status, body } = await session.api('GET', '/api/health');
        const lastSync = (body as { details?: { lastSync?: { ok: boolean; components: number } | null } }).details?.lastSync;
        return status === 200 && lastSync?.ok === true && lastSync.components === estate.components;
      },
      {
        timeoutMs,
        intervalMs: 250,
        description: `the portal on ${baseURL} to sync ${estate.components} generated components (log: ${logFile})`,
        failIf: () => (hasExited(child) ? `the portal for ${n} components exited (${describeExit(child)}):\n${readLog(logFile)}` : null),
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, components: estate.components, envs: estate.envs, pid: child.pid!, logFile, dataDir: estate.dataDir, stop };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

type EstateWorkerFixtures = {
  /** The portal over a generated estate of n components, started on first use in this worker. */
  generatedEstate: (n: number) => Promise<GeneratedEstatePortal>;
};

export const test = base.extend<object, EstateWorkerFixtures>({
  generatedEstate: [
    // Playwright reads the fixtures a fixture depends on from the first parameter's destructuring: none here.
    async ({}, provide) => {
      const started = new Map<number, Promise<GeneratedEstatePortal>>();
      await provide((n) => {
        if (!started.has(n)) started.set(n, startGeneratedEstate(n));
        return started.get(n)!;
      });
      const portals = await Promise.allSettled(started.values());
      for (const portal of portals) if (portal.status === 'fulfilled') await portal.value.stop();
    },
    { scope: 'worker', timeout: 240_000 },
  ],
});

export { expect } from '../fixtures';
