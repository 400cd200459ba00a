#!/usr/bin/env node
// `npm run test:integration [-- <vitest args>]`: the vitest `integration`
// project. Its global setup (scripts/peers/vitest-global-setup.ts) provisions
// and starts moto and Gremlin Server, so nothing needs to run beforehand.
// Extra arguments go to vitest, e.g. a file filter or `-t <name>`.
import { localBin, runForeground } from './peers/proc.mjs';

const vitest = localBin('vitest');
const exitCode = await runForeground(vitest, ['run', '--project', 'integration', ...process.argv.slice(2)]);
process.exit(exitCode);
