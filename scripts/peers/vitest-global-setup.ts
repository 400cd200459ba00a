// Global setup of the vitest `integration` project: starts the SSM stand-in
// (moto), the Neptune stand-in (Gremlin Server) and the config repo's Git
// remote (git daemon) once for the whole run, hands their endpoints to tests,
// and stops all three by PID at the end.
//
// Tests read the endpoints with `inject('ssmEndpoint')` /
// `inject('gremlinEndpoint')` / `inject('gitDaemonUrl')` and
// `inject('gitDaemonBase')` (typed in vitest-provided.d.ts) or from
// KARMA_TEST_SSM_ENDPOINT / KARMA_TEST_GREMLIN_ENDPOINT /
// KARMA_TEST_GIT_DAEMON_URL / KARMA_TEST_GIT_DAEMON_BASE, which workers
// inherit. A repository made with createBareRemote({ dir: gitDaemonBase, name })
// (tests/support/git-remote.ts) is served at `${gitDaemonUrl}/<name>.git`.
// A test that must kill and restart a server starts its own with
// startGremlinServer() instead of touching these shared ones.
import type { TestProject } from 'vitest/node';
import { startGitDaemon, type RunningGitDaemon } from './git-daemon.mjs';
import { startGremlinServer } from './gremlin.mjs';
import { startMoto } from './moto.mjs';
import { formatDuration, type RunningPeer } from './proc.mjs';

async function startTimed<T extends RunningPeer>(name: string, start: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const peer = await start();
  console.log(`[peers] ${name} ready at ${peer.endpoint} (pid ${peer.pid}, ${formatDuration(performance.now() - startedAt)})`);
  return peer;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // All start at once (each provisions itself first if needed); if one fails
  // the others are stopped before the error is reported, so nothing is left over.
  // The git daemon serves a temporary folder of its own, removed when it stops.
  const [motoResult, gremlinResult, gitDaemonResult] = await Promise.allSettled([
    startTimed('moto (SSM)', () => startMoto()),
    startTimed('Gremlin Server (Neptune)', () => startGremlinServer()),
    startTimed<RunningGitDaemon>('git daemon (config repo remote)', () => startGitDaemon()),
  ]);
  const results = [motoResult, gremlinResult, gitDaemonResult];
  if (motoResult.status === 'rejected' || gremlinResult.status === 'rejected' || gitDaemonResult.status === 'rejected') {
    const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    await Promise.allSettled(started.map((peer) => peer.stop()));
    throw new Error(`Integration test peers failed to start:\n\n${failures.map((error) => (error instanceof Error ? error.message : String(error))).join('\n\n')}`);
  }
  const [moto, gremlinServer, gitDaemon] = [motoResult.value, gremlinResult.value, gitDaemonResult.value];

  project.provide('ssmEndpoint', moto.endpoint);
  project.provide('gremlinEndpoint', gremlinServer.endpoint);
  project.provide('gitDaemonUrl', gitDaemon.endpoint);
  project.provide('gitDaemonBase', gitDaemon.baseDir);
  process.env.KARMA_TEST_SSM_ENDPOINT = moto.endpoint;
  process.env.KARMA_TEST_GREMLIN_ENDPOINT = gremlinServer.endpoint;
  process.env.KARMA_TEST_GIT_DAEMON_URL = gitDaemon.endpoint;
  process.env.KARMA_TEST_GIT_DAEMON_BASE = gitDaemon.baseDir;

  return async function teardown() {
    const stopped = await Promise.allSettled([moto.stop(), gremlinServer.stop(), gitDaemon.stop()]);
    const errors = stopped.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (errors.length > 0) throw new AggregateError(errors, 'Could not stop the integration test peers');
  };
}
