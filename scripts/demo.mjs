#!/usr/bin/env node
// `npm run demo`: the portal on http://localhost:3000 with the embedded demo
// estate (no AWS, no Java, no Python). Builds first when the sources are newer
// than the last build. PORT overrides the port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';
const env = { NEXTAUTH_URL: `http://localhost:${port}`, ...process.env, KARMA_DEMO: '1', NEXT_TELEMETRY_DISABLED: '1' };
const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const buildId = path.join(root, '.next', 'BUILD_ID');
const sources = ['app', 'components', 'lib', 'config', 'public'].map((d) => path.join(root, d)).filter(existsSync);
const needsBuild = !existsSync(buildId) || Math.max(...sources.map(newestSource), statSync(path.join(root, 'package.json')).mtimeMs) > statSync(buildId).mtimeMs;
if (needsBuild) {
  console.log('Building the portal (once; later starts reuse the build)…');
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
console.log(`\nKarma demo: http://localhost:${port}  (data in ${process.env.KARMA_DATA_DIR ?? '.karma/'}; \`npx karma seed --demo\` resets it)\n`);
const server = spawn(process.execPath, [next, 'start', '-p', port], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
