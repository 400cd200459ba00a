// Global setup of the vitest `integration` project: starts the SSM stand-in
// (moto) and the Neptune stand-in (Gremlin Server) once for the whole run,
// hands their endpoints to tests, and stops both by PID at the end.
//
// Tests read the endpoints with `inject('ssmEndpoint')` /
// `inject('gremlinEndpoint')` (typed in vitest-provided.d.ts) or from
// KARMA_TEST_SSM_ENDPOINT / KARMA_TEST_GREMLIN_ENDPOINT, which workers inherit.
// A test that must kill and restart a server starts its own with
// startGremlinServer() instead of touching these shared ones.
import type { TestProject } from 'vitest/node';
import { startGremlinServer } from './gremlin.mjs';
import { startMoto } from './moto.mjs';
import { formatDuration, type RunningPeer } from './proc.mjs';

async function startTimed(name: string, start: () => Promise<RunningPeer>): Promise<RunningPeer> {
  const startedAt = performance.now();
  const peer = await start();
  console.log(`[peers] ${name} ready at ${peer.endpoint} (pid ${peer.pid}, ${formatDuration(performance.now() - startedAt)})`);
  return peer;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Both start at once (each provisions itself first if needed); if one fails
  // the other is stopped before the error is reported, so nothing is left over.
  const results = await Promise.allSettled([
    startTimed('moto (SSM)', () => startMoto()),
    startTimed('Gremlin Server (Neptune)', () => startGremlinServer()),
  ]);
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (failures.length > 0) {
    await Promise.allSettled(started.map((peer) => peer.stop()));
    throw new Error(
      `Integration test peers failed to start:\n\n${failures.map((error) => (error instanceof Error ? error.message : String(error))).join('\n\n')}`,
    );
  }
  const [moto, gremlinServer] = started;

  project.provide('ssmEndpoint', moto.endpoint);
  project.provide('gremlinEndpoint', gremlinServer.endpoint);
  process.env.KARMA_TEST_SSM_ENDPOINT = moto.endpoint;
  process.env.KARMA_TEST_GREMLIN_ENDPOINT = gremlinServer.endpoint;

  return async function teardown() {
    const stopped = await Promise.allSettled([moto.stop(), gremlinServer.stop()]);
    const errors = stopped.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (errors.length > 0) throw new AggregateError(errors, 'Could not stop the integration test peers');
  };
}
