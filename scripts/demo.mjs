#!/usr/bin/env node
// `npm run demo`: the portal on http://localhost:3000 with the embedded demo
// estate (no AWS, no Java, no Python). Builds first when the sources are newer
// than the last build. PORT overrides the port. Demo sign-in has no
// passwords, so the portal listens on 127.0.0.1 only, unless HOST says
// otherwise (then it warns).
import { spawn } from 'node:child_process';
import { ensureBuild, nextStartArgs, root } from './lib/build.mjs';

const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';
const env = { NEXTAUTH_URL: `http://localhost:${port}`, ...process.env, KARMA_DEMO: '1', NEXT_TELEMETRY_DISABLED: '1' };

let args;
try {
  args = nextStartArgs({ host, port, env });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
if (!ensureBuild()) process.exit(1);
const isLoopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
if (!isLoopback) {
  console.warn(`\nWARNING: HOST=${host}: the demo listens beyond this machine. Demo sign-in has no passwords, so anyone who can reach ${host}:${port} can sign in as an admin.\n`);
}
console.log(`\nKarma demo: http://localhost:${port}  (data in ${process.env.KARMA_DATA_DIR ?? '.karma/'}; \`npx karma seed --demo\` resets it)\n`);
const server = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
