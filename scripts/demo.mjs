#!/usr/bin/env node
// `npm run demo`: the portal on http://localhost:3000 with the embedded demo
// estate (no AWS, no Java, no Python). Builds first when the sources are newer
// than the last build. PORT overrides the port. Demo sign-in has no
// passwords, so the portal listens on 127.0.0.1 only, unless HOST says
// otherwise (then it warns).
import { ensureBuild, nextStartArgsOrExit, servePortal } from './lib/build.mjs';

const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';
const env = { NEXTAUTH_URL: `http://localhost:${port}`, ...process.env, KARMA_DEMO: '1', NEXT_TELEMETRY_DISABLED: '1' };

const args = nextStartArgsOrExit({ host, port, env });
if (!ensureBuild()) process.exit(1);
const isLoopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
if (!isLoopback) {
  console.warn(`\nWARNING: HOST=${host}: the demo listens beyond this machine. Demo sign-in has no passwords, so anyone who can reach ${host}:${port} can sign in as an admin.\n`);
}
console.log(`\nKarma demo: http://localhost:${port}  (data in ${process.env.KARMA_DATA_DIR ?? '.karma/'}; \`npx karma seed --demo\` resets it)\n`);
servePortal(args, env);
