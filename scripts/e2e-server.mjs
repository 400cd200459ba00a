#!/usr/bin/env node
// Builds the portal and serves it in demo mode for the e2e tests, on
// 127.0.0.1:<port> with a fresh data folder (every run starts from the demo
// estate). E2E_SKIP_BUILD=1 reuses the last build.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.argv[2] ?? '3100';
const dataDir = path.join(root, '.cache', `e2e-data-${port}`);
rmSync(dataDir, { recursive: true, force: true });

const env = { ...process.env, KARMA_DEMO: '1', KARMA_DATA_DIR: dataDir, NEXTAUTH_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: '1' };
const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
if (process.env.E2E_SKIP_BUILD !== '1') {
  // Built without demo settings, like a production build: the build must not depend on the mode.
  const { KARMA_DEMO: _demo, ...buildEnv } = env;
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: root, env: buildEnv, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('e2e: `next build` failed; see above');
    process.exit(build.status ?? 1);
  }
}
const server = spawn(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', port], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
