#!/usr/bin/env node
// `npm run test:all` (what CI runs): provisions the test peers that are
// missing, then runs lint, typecheck, unit, build, build:lambda, integration and e2e in that order.
// Every stage runs even when an earlier one failed, so one CI run reports all
// problems; a summary table ends the output and the exit code is 1 if any
// stage failed. Ctrl-C / SIGTERM stop the running stage and skip the rest.
import { ensureChromium } from './peers/chromium.mjs';
import { ensureGitDaemon } from './peers/git-daemon.mjs';
import { ensureGremlinServer, TINKERPOP_VERSION } from './peers/gremlin.mjs';
import { ensureMoto, MOTO_VERSION } from './peers/moto.mjs';
import { ensureOidcProvider } from './peers/oidc.mjs';
import { formatDuration, killRunningCommands, localBin, runForeground, signalExitCode } from './peers/proc.mjs';

/** Set by the first SIGINT/SIGTERM: no further stage starts. */
let interruptedBy = null;
// Installed for the whole run. A running stage is stopped by runForeground's
// own handler; installs in progress (pip, mvn, apt-get) are stopped here.
function onSignal(signal) {
  if (!interruptedBy) console.error(`\n[test:all] ${signal} received: stopping the current stage, skipping the rest.`);
  interruptedBy ??= signal;
  killRunningCommands('SIGTERM');
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/** One row of the summary: `{ name, result: 'passed' | 'failed' | 'skipped', ms, note }`. */
const results = [];

function banner(text) {
  console.log(`\n${'='.repeat(72)}\n[test:all] ${text}\n${'='.repeat(72)}`);
}

// --- Provisioning -----------------------------------------------------------
// The installs come from different places (PyPI, Maven Central, Debian) and
// are mostly network-bound, so they run at the same time, each timed on its
// own; each inner list runs in order. Git and Chromium both come from
// apt-get, which holds dpkg's lock: run together on a fresh machine, the
// second would fail with "Could not get lock", so they share one list.
const provisionerLanes = [
  [{ name: `provision moto ${MOTO_VERSION}`, ensure: ensureMoto, describe: (r) => (r.isFreshInstall ? 'installed' : 'present') }],
  [
    {
      name: `provision gremlin-server ${TINKERPOP_VERSION}`,
      ensure: ensureGremlinServer,
      describe: (r) => (r.isFreshInstall ? 'assembled' : 'present'),
    },
  ],
  [
    {
      name: 'provision git daemon',
      ensure: ensureGitDaemon,
      describe: (r) => `git ${r.version} ${r.isFreshInstall ? 'installed' : 'present'}`,
    },
    { name: 'provision chromium', ensure: ensureChromium, describe: (executable) => executable },
  ],
  // Installed by `npm ci` (a dev dependency); checked here so a missing provider fails the run before the sign-in e2e.
  [{ name: 'provision oidc-provider', ensure: ensureOidcProvider, describe: (r) => `oidc-provider ${r.version} present` }],
];

async function provision({ name, ensure, describe }) {
  const startedAt = performance.now();
  try {
    const outcome = await ensure({ log: (line) => console.log(`[${name}] ${line}`) });
    const ms = performance.now() - startedAt;
    const note = describe(outcome);
    console.log(`[${name}] ${note} (${formatDuration(ms)})`);
    return { name, result: 'passed', ms, note };
  } catch (error) {
    const ms = performance.now() - startedAt;
    console.error(`[${name}] FAILED after ${formatDuration(ms)}:\n${error.message}`);
    return { name, result: 'failed', ms, note: 'see error above' };
  }
}

async function provisionInOrder(lane) {
  const laneResults = [];
  for (const provisioner of lane) {
    // After Ctrl-C, an install that has not started yet is not started.
    if (interruptedBy) laneResults.push({ name: provisioner.name, result: 'skipped', ms: 0, note: `interrupted by ${interruptedBy}` });
    else laneResults.push(await provision(provisioner));
  }
  return laneResults;
}

banner('provisioning test peers (moto, Gremlin Server, git daemon, Chromium, OpenID Provider)');
results.push(...(await Promise.all(provisionerLanes.map(provisionInOrder))).flat());

// --- Stages -------------------------------------------------------------------
let vitest;
try {
  vitest = localBin('vitest');
} catch (error) {
  console.error(`[test:all] ${error.message}`);
  process.exit(1);
}

// `shown` is the command as a person would type it, for the banner.
const stages = [
  { name: 'lint', command: 'npm', args: ['run', 'lint'], shown: 'npm run lint' },
  { name: 'typecheck', command: 'npm', args: ['run', 'typecheck'], shown: 'npm run typecheck' },
  { name: 'unit', command: vitest, args: ['run', '--project', 'unit'], shown: 'npx vitest run --project unit' },
  // Once, for both: the two-instance integration tests and the e2e tests serve the production build.
  { name: 'build', command: process.execPath, args: ['scripts/lib/build.mjs'], shown: 'npm run build (when the sources are newer than the last build)' },
  // For the integration stage's lambda-handler.itest.ts (which would build it itself): in a copy of the sources, so the build above stays as it is.
  { name: 'build:lambda', command: process.execPath, args: ['scripts/build-lambda.mjs'], shown: 'npm run build:lambda (when the sources are newer than the last one)' },
  { name: 'integration', command: process.execPath, args: ['scripts/run-integration.mjs'], shown: 'npm run test:integration' },
  { name: 'e2e', command: process.execPath, args: ['scripts/run-e2e.mjs'], shown: 'npm run test:e2e' },
];

for (const { name, command, args, shown } of stages) {
  if (interruptedBy) {
    results.push({ name, result: 'skipped', ms: 0, note: `interrupted by ${interruptedBy}` });
    continue;
  }
  banner(`${name}: ${shown}`);
  const startedAt = performance.now();
  const exitCode = await runForeground(command, args);
  const ms = performance.now() - startedAt;
  const isPassed = exitCode === 0;
  const note = isPassed ? '' : interruptedBy ? `stopped by ${interruptedBy}` : `exit code ${exitCode}`;
  results.push({ name, result: isPassed ? 'passed' : 'failed', ms, note });
  if (!isPassed && !interruptedBy) {
    console.error(`[test:all] ${name} failed (exit code ${exitCode}); continuing with the next stage.`);
  }
}

// --- Summary ------------------------------------------------------------------
const nameWidth = Math.max(5, ...results.map((r) => r.name.length));
const rows = [
  `${'stage'.padEnd(nameWidth)}  ${'result'.padEnd(7)}  ${'duration'.padStart(10)}  note`,
  `${'-'.repeat(nameWidth)}  ${'-'.repeat(7)}  ${'-'.repeat(10)}  ----`,
  ...results.map((r) => `${r.name.padEnd(nameWidth)}  ${(r.result === 'failed' ? 'FAILED' : r.result).padEnd(7)}  ${formatDuration(r.ms).padStart(10)}  ${r.note}`),
];
banner('summary');
console.log(rows.join('\n'));

const failed = results.filter((r) => r.result === 'failed').map((r) => r.name);
if (interruptedBy) {
  console.error(`\n[test:all] interrupted by ${interruptedBy}.`);
  process.exit(signalExitCode(interruptedBy));
}
if (failed.length > 0) {
  console.error(`\n[test:all] FAILED: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\n[test:all] all stages passed.');
