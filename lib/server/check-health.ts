import 'server-only';
import type { HealthResponse } from '@/lib/model/api';
import type { Services } from './services';

const PING_TIMEOUT_MS = 5_000;

async function probe(ping: () => Promise<void>): Promise<{ reachable: boolean; error: string | null }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS / 1000} s`)), PING_TIMEOUT_MS);
      }),
    ]);
    return { reachable: true, error: null };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Pings every adapter in parallel, each bounded by a timeout, and reports the last sync. */
export async function checkHealth({ settings, sources, graphStore, graph }: Services): Promise<HealthResponse> {
  const [environments, store] = await Promise.all([
    Promise.all(sources.stores.map(async (s) => ({ env: s.env, prefix: s.prefix, ...(await probe(() => s.ping())) }))),
    probe(() => graphStore.ping()),
  ]);
  const last = graph.lastSyncReport;
  return {
    ok: store.reachable && environments.every((e) => e.reachable),
    mode: settings.isDemo ? 'demo' : 'real',
    parameters: { kind: sources.kind, environments },
    graphStore: { kind: graphStore.kind, ...store },
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
  };
}
