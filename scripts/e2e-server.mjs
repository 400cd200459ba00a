#!/usr/bin/env node
// Serves the portal in demo mode for the e2e tests, on 127.0.0.1:<port> with a
// fresh data folder (every run starts from the demo estate), building it
// first when the sources are newer than the last build.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuild, nextStartArgsOrExit, root, servePortal } from './lib/build.mjs';

const port = process.argv[2] ?? '3100';
const dataDir = path.join(root, '.cache', `e2e-data-${port}`);
rmSync(dataDir, { recursive: true, force: true });

if (!ensureBuild({ log: (line) => console.log(`e2e: ${line}`) })) {
  console.error('e2e: `next build` failed; see above');
  process.exit(1);
}
// The demo's simulated pipeline writes a rollout member's runtime this long after its deploy request: long enough for
// e2e/rollout.spec.ts to see each wave deploying, and for the specs that read drift right after an apply to see it pending.
const env = {
  KARMA_DEMO_DEPLOY_SECONDS: '6',
  ...process.env,
  KARMA_DEMO: '1',
  KARMA_DATA_DIR: dataDir,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NEXT_TELEMETRY_DISABLED: '1',
};
servePortal(nextStartArgsOrExit({ host: '127.0.0.1', port, env }), env);
