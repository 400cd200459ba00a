import 'server-only';
import type { HealthDetails, HealthResponse } from '@/lib/model/api';
import { isAppError } from '@/lib/model/errors';
import { readHeap } from './heap-budget';
import type { Services } from './services';

const PING_TIMEOUT_MS = 5_000;

type Probe = { reachable: boolean; error: string | null; internal: string | null };

async function probe(ping: () => Promise<void>): Promise<Probe> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS / 1000} s`)), PING_TIMEOUT_MS);
      }),
    ]);
    return { reachable: true, error: null, internal: null };
  } catch (error) {
    // AppError messages name the dependency, not its address; anything else is shown only to admins.
    const message = isAppError(error) ? error.message : 'it did not answer';
    const internal = isAppError(error) ? (error.internal ?? null) : error instanceof Error ? error.message : String(error);
    return { reachable: false, error: message, internal };
  } finally {
    clearTimeout(timer);
  }
}

export type HealthAudience = 'anyone' | 'signed-in' | 'admin';

/**
 * Pings every adapter in parallel, each bounded by a timeout, and checks
 * that the store still holds a graph (re-syncing at once when it lost it).
 * How much is said depends on who asks: strangers learn up or down per
 * adapter, signed-in users what is down and the last sync, admins the
 * endpoints and raw errors the log has.
 */
export async function checkHealth(services: Services, audience: HealthAudience): Promise<HealthResponse> {
  const { settings, sources, graphStore, graph } = services;
  // All at once: the answer is the state when it was asked for, not after the slowest ping (a recovery may finish meanwhile).
  const [environments, store, storeState] = await Promise.all([
    Promise.all(sources.stores.map(async (s) => ({ env: s.env, prefix: s.prefix, ...(await probe(() => s.ping())) }))),
    probe(() => graphStore.ping()),
    graph.checkStore().catch(() => 'ok' as const),
  ]);
  const isRecovering = store.reachable && storeState === 'recovering';
  const parametersUp = environments.every((e) => e.reachable);
  const summary: HealthResponse = {
    ok: store.reachable && !isRecovering && parametersUp,
    graphStore: !store.reachable ? 'down' : isRecovering ? 'recovering' : 'up',
    parameters: parametersUp ? 'up' : 'down',
  };
  if (audience === 'anyone') return summary;

  const last = graph.lastSyncReport;
  const heap = readHeap();
  const details: HealthDetails = {
    mode: settings.isDemo ? 'demo' : 'real',
    parameters: { kind: sources.kind, environments: environments.map(({ env, prefix, reachable, error }) => ({ env, prefix, reachable, error })) },
    graphStore: { kind: graphStore.kind, reachable: store.reachable, isRecovering, error: store.error },
    lastSync: last && {
      trigger: last.trigger,
      ok: last.ok,
      at: last.startedAt,
      durationMs: last.durationMs,
      components: last.components,
      edges: last.edges,
      written: last.written,
      removed: last.removed,
      error: last.error,
    },
    memory: { heapUsedMb: heap.usedMb, heapLimitMb: heap.limitMb, warning: heap.warning },
  };
  if (audience === 'admin') {
    const endpointOf = (env: string) => settings.environments.find((e) => e.name === env)?.endpoint ?? settings.ssmEndpoint;
    details.diagnostics = {
      instance: graph.instanceId,
      graphStore: { endpoint: settings.graphStore.kind === 'gremlin' ? settings.graphStore.endpoint : settings.graphStore.dataDir, error: store.internal },
      parameters: environments.map((e) => ({ env: e.env, endpoint: sources.kind === 'ssm' ? endpointOf(e.env) : null, error: e.internal })),
      lastSyncError: last?.errorDetail ?? null,
    };
  }
  return { ...summary, details };
}
