#!/usr/bin/env node
// `npm run test:integration [-- <vitest args>]`: the vitest `integration`
// project. Its global setup (scripts/peers/vitest-global-setup.ts) provisions
// and starts moto and Gremlin Server, so nothing needs to run beforehand; the
// production build the two-instance tests serve is made here when stale.
// Extra arguments go to vitest, e.g. a file filter or `-t <name>`.
import { ensureBuild } from './lib/build.mjs';
import { localBin, runForeground } from './peers/proc.mjs';

// tests/integration/two-instances.itest.ts runs real portal processes on the production build.
if (!ensureBuild({ log: (line) => console.log(`[integration] ${line}`) })) {
  console.error('[integration] `next build` failed; see above');
  process.exit(1);
}
const vitest = localBin('vitest');
const exitCode = await runForeground(vitest, ['run', '--project', 'integration', ...process.argv.slice(2)]);
process.exit(exitCode);
