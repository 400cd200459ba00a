import 'server-only';
import { ChangeRequestService } from '@/lib/workflow/change-request-service';
import { RolloutService } from '@/lib/workflow/rollout-service';
import { RolloutDriver } from '@/lib/workflow/rollout-driver';
import { simulatedDeployer, webhookDeployer } from '@/lib/workflow/deployers';
import { BUILT_IN_FIELD_MIRRORS, mergeFieldMirrors } from '@/lib/drift/field-mirrors';
import type { ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { openConfigRepo } from '@/lib/gitconfig/create-config-repo';
import { createParameterSources, type ParameterSources } from '@/lib/params/create-parameter-sources';
import { createGraphStore } from '@/lib/store/create-graph-store';
import type { GraphStore } from '@/lib/store/graph-store';
import { GraphService } from './graph-service';
import { HistoryService } from './history-service';
import { HistoryWorker } from '@/lib/workflow/history-worker';
import { watchHeap } from './heap-budget';
import { getSettings, type Settings } from './settings';
import { startIntervalSyncs, type IntervalSyncs } from './sync-interval';

/**
 * The composition root: settings → adapters → services, built once per
 * process and kept on globalThis so Next's dev reloads reuse one Gremlin
 * connection and one SSM client instead of opening one per reload.
 */
export type Services = {
  settings: Settings;
  sources: ParameterSources;
  graphStore: GraphStore;
  /** The config repo: Git (read and written by apply), a folder (read only), or none. */
  configRepo: ConfigRepoReader | null;
  graph: GraphService;
  /** Infrastructure memory: what each sync recorded, and the estate as of any moment. */
  history: HistoryService;
  changes: ChangeRequestService;
  rollouts: RolloutService;
  /** Drives running rollouts (portals with rollouts on); null in the CLI. */
  rolloutDriver: RolloutDriver | null;
  /** Reads SSM's history of what a sync left pending (the backfill), paced; portals only, null in the CLI or with history.backfill off. */
  historyWorker: HistoryWorker | null;
  /** Background syncs (settings.sync.intervalSeconds), null when off. */
  background: IntervalSyncs | null;
};

/**
 * The portal syncs at start and on an interval; the CLI asks for neither. In
 * serverless mode (serverless-mode.ts) the portal starts no background work
 * either, and reads look at the store's generation themselves.
 */
export async function createServices(
  settings: Settings,
  { syncOnStart = settings.sync.onStart, syncInterval: isPortal = true }: { syncOnStart?: boolean; syncInterval?: boolean } = {},
): Promise<Services> {
  const syncInterval = isPortal && !settings.serverless;
  const sources = await createParameterSources(settings);
  const graphStore = createGraphStore(settings.graphStore);
  const configRepo = await openConfigRepo(settings.configRepo);
  // The history compares with the current graph lazily, so it can be made before the graph service that records into it.
  let graph: GraphService | null = null;
  // Portals read what syncs leave pending in the background (one instance at a time, by the store's lease); the CLI has `karma history backfill`.
  const historyWorker = syncInterval && settings.history.backfill ? new HistoryWorker({ store: graphStore, sources, callsPerSecond: settings.history.callsPerSecond }) : null;
  const history = new HistoryService({
    onPending: () => historyWorker?.kick(),
    store: graphStore,
    sources,
    file: settings.file,
    backfill: settings.history.backfill,
    current: async () => (await graph!.current()).snapshot.graph,
  });
  graph = new GraphService({ sources, store: graphStore, file: settings.file, configRepo, history });
  // The portal serves reads from memory and follows the store's generation (another instance's sync, within about a second).
  if (syncInterval) {
    graph.follow();
    watchHeap((warning) => console.warn(`[karma] ${warning}`));
  } else if (isPortal) {
    graph.followOnRead();
  }
  if (syncOnStart) {
    const report = await graph.sync('start');
    if (!report.ok) console.error(`[karma] start-up sync failed: ${report.error}`);
  }
  const background =
    syncInterval && settings.sync.intervalSeconds > 0
      ? startIntervalSyncs({
          intervalSeconds: settings.sync.intervalSeconds,
          parameters: sources.kind,
          sync: () => graph.sync('interval'),
          lastPages: () => graph.syncProgress.lastPages,
        })
      : null;
  // Rollouts are driven by portals (any instance, one at a time per rollout), not by the CLI, which only starts and operates them.
  const mirrors = mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, settings.file.fieldMirrors);
  let driver: RolloutDriver | null = null;
  if (syncInterval && settings.rollouts.enabled) {
    const { simulator } = settings.rollouts;
    const deployer = simulator ? simulatedDeployer({ delayMs: simulator.delayMs, mirrors, onWritten: () => driver?.wake() }) : webhookDeployer(settings.rollouts);
    driver = new RolloutDriver({ store: graphStore, sources, settings: settings.rollouts, mirrors, deployer, sync: () => graph.sync('rollout') });
  }
  const rollouts = new RolloutService({ store: graphStore, settings: settings.rollouts, driver });
  const changes = new ChangeRequestService({ graph, store: graphStore, sources, settings, configRepo, rollouts: settings.rollouts.enabled ? rollouts : null });
  driver?.start();
  historyWorker?.start();
  return { settings, sources, graphStore, configRepo, graph, history, historyWorker, changes, rollouts, rolloutDriver: driver, background };
}

const cache = globalThis as unknown as { karmaServices?: Promise<Services> };

/** The portal's services; the Gremlin connection is closed when the server is told to stop. */
export function getServices(): Promise<Services> {
  if (!cache.karmaServices) {
    cache.karmaServices = createServices(getSettings()).then(
      (services) => {
        process.once('SIGTERM', () => void Promise.all([services.rolloutDriver?.stop(), services.historyWorker?.stop()]).finally(() => services.graphStore.close()));
        return services;
      },
      (error: unknown) => {
        // Let the next request try again (e.g. after fixing a settings file).
        cache.karmaServices = undefined;
        throw error;
      },
    );
  }
  return cache.karmaServices;
}
