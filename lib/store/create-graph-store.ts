import 'server-only';
import type { GraphStore } from './graph-store';
import { GremlinGraphStore } from './gremlin/gremlin-graph-store';
import { MemoryGraphStore } from './memory/memory-graph-store';

export type GraphStoreSettings = { kind: 'memory'; dataDir: string } | { kind: 'gremlin'; endpoint: string; iam: boolean; region?: string; timeoutMs: number };

/**
 * Picks the adapter from settings. Cheap and lazy (the Gremlin connection
 * opens on first use); keeping one store per process is the composition
 * root's job (lib/server/services.ts).
 */
export function createGraphStore(settings: GraphStoreSettings): GraphStore {
  if (settings.kind === 'memory') return new MemoryGraphStore({ dataDir: settings.dataDir });
  const { endpoint, iam, region, timeoutMs } = settings;
  return new GremlinGraphStore({ endpoint, iam, region, timeoutMs });
}
