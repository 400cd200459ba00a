// One production build of the portal, shared by everything that serves it
// (`npm run demo`, the e2e server, the two-instance integration tests): it
// is made when missing or older than the sources, with no Karma settings in
// the environment (a build never depends on the mode; settings are read when
// the server starts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/**
 * The portal's heap budget in MB (`--max-old-space-size`), from KARMA_HEAP_MB.
 * Under load V8 lets the old generation grow to three times what is live
 * before a full collection (at 20,000 components: 250 MB live, 1.1 GB
 * resident); a budget makes it collect sooner at no measurable cost in
 * throughput. 384 MB holds 20,000 components (about 250 MB live after a
 * sync, 310 MB at its peak); give about 13 KB per component plus 128 MB for
 * larger estates. The portal warns (log and /api/health) once what is live
 * (the floor of a minute's samples) is over three quarters of it
 * (lib/server/heap-budget.ts). 0 leaves V8's own limit.
 */
export const DEFAULT_HEAP_MB = 384;

export function heapBudgetMb(env = process.env) {
  const raw = env.KARMA_HEAP_MB;
  if (raw === undefined || raw === '') return DEFAULT_HEAP_MB;
  if (!/^\d+$/.test(raw) || (Number(raw) !== 0 && Number(raw) < 128)) {
    throw new Error(`KARMA_HEAP_MB must be a whole number of megabytes, at least 128 (or 0 for V8's own limit); got "${raw}"`);
  }
  return Number(raw);
}

/** The node arguments that serve the built portal: the heap budget, then `next start`. Every launcher uses these, so tests and benches run the portal as it ships. */
export function nextStartArgs({ host, port, env = process.env }) {
  const heap = heapBudgetMb(env);
  return [...(heap > 0 ? [`--max-old-space-size=${heap}`] : []), nextBin, 'start', ...(host ? ['-H', host] : []), ...(port ? ['-p', String(port)] : [])];
}

/** `nextStartArgs`, or the reason they cannot be made (a bad KARMA_HEAP_MB) and exit 1: for launchers, before they build. */
export function nextStartArgsOrExit(options) {
  try {
    return nextStartArgs(options);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/** Runs the portal in the foreground of a launcher: its output is the launcher's, SIGINT/SIGTERM reach it, its exit code is the launcher's. */
export function servePortal(args, env) {
  const server = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
}

/** What the build is made from: a build older than any of these is made again. */
export const SOURCES = ['app', 'components', 'lib', 'config', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package.json', 'package-lock.json'];

/** The latest modification time of a file, or of a folder and everything in it. */
export function newestMtime(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file)) latest = Math.max(latest, newestMtime(path.join(file, entry)));
  return latest;
}

/**
 * Whether a build must be made again: `marker` (the file a finished build
 * writes) is missing, or one of `names` (relative to `base`) changed after it.
 */
export function isOlderThanSources(marker, names, base = root) {
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return names.map((name) => path.join(base, name)).some((file) => existsSync(file) && newestMtime(file) > built);
}

/** Whether the last build is older than a source it was made from. */
export function isBuildStale() {
  return isOlderThanSources(path.join(root, '.next', 'BUILD_ID'), SOURCES);
}

/** Karma's settings: a build never depends on them (they are read when the portal starts, from its own environment). */
export const isSettingsVariable = (name) => name.startsWith('KARMA_') || name.startsWith('NEXTAUTH_');

/** Builds when needed; returns false (with the build's output shown) when the build fails. */
export function ensureBuild({ log = console.log } = {}) {
  if (!isBuildStale()) return true;
  log('Building the portal (next build; later starts reuse the build)…');
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !isSettingsVariable(name)));
  const result = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, env: { ...env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: 'inherit' });
  return result.status === 0;
}

// `node scripts/lib/build.mjs`: build if stale (the build stage of `npm run test:all`).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(ensureBuild() ? 0 : 1);
}
