/**
 * What `GET /api/graph/sync` says about syncs: the one under way on the
 * instance that answers (or the last it ran) and its background schedule.
 * Shared by the server (lib/server/sync-progress.ts) and the portal's sync
 * button. The trigger names match lib/server/graph-service.ts's SyncTrigger.
 */

export type SyncTriggerName = 'start' | 'manual' | 'interval' | 'apply' | 'cli' | 'recover' | 'rollout' | 'schedule';

/**
 * `waiting`: for the sync lease (held by another instance, when it names
 * one); `reading`: the parameters of every environment (in parallel) and the
 * config repo; `building`: the graph and its drift; `writing`: the diff to
 * the graph store. A sync asked to run again under the lease goes back to
 * `reading` with `run` + 1.
 */
export type SyncPhase = 'waiting' | 'reading' | 'building' | 'writing' | 'done' | 'failed';

export type SyncProgress = {
  phase: SyncPhase;
  trigger: SyncTriggerName;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** 1, or more when other instances asked this one to sync again before it let go of the lease. */
  run: number;
  /** Environments whose parameters are read, of all of them. */
  environments: { read: number; total: number };
  /** Parameters read so far in this run. */
  parameters: number;
  /** Known once the graph is built. */
  components: number | null;
  edges: number | null;
  /** Known once the graph is written (summed over the runs). */
  written: number | null;
  removed: number | null;
  /** `done` without reading anything: the instance that was syncing was asked to run once more, which covers this sync (admins see its name). */
  isDelegated: boolean;
  /** Admins only: the instance holding the sync lease while this one waits, or the one it delegated to. */
  leaseHolder?: string | null;
  /** What went wrong, in words fit for any signed-in user. */
  error: string | null;
};

/** One sync's report: what the server logs, POST /api/graph/sync answers, and admins see of the last one. */
/** What one sync recorded in the history (lib/server/history-service.ts). */
export type HistorySyncCounts = {
  /** New version records (first sightings and removals). */
  versions: number;
  transitions: number;
  /** Records the store wrote: 0 when the sync saw nothing new. */
  written: number;
  roundTrips: number;
  /** Components whose SSM history is still to be read by the history worker. */
  pending: number;
};

export type SyncReportDetails = {
  trigger: SyncTriggerName;
  ok: boolean;
  startedAt: string;
  durationMs: number;
  components: number;
  edges: number;
  written: number;
  removed: number;
  unchanged: number;
  roundTrips: number;
  warnings: string[];
  /** How many times the graph was read and written: more than one when another instance asked for a sync meanwhile. */
  runs: number;
  /** What the sync recorded in the history (null when it failed before, or another instance synced). */
  history: HistorySyncCounts | null;
  /** Another instance was syncing: it was asked to sync once more, which covers this request (nothing was read here). */
  delegatedTo: string | null;
  /** What went wrong, fit for any reader (no addresses, no driver errors). */
  error: string | null;
  /** The rest, for the server log and signed-in admins. */
  errorDetail: string | null;
};

/** GET /api/graph/sync. */
export type SyncStatusResponse = {
  /** The sync under way on this instance, or the last one it ran or was asked for; null before the first. */
  progress: SyncProgress | null;
  /** Background syncs on this instance: every `intervalSeconds` (0: off), jittered, stretched when the estate is too large for SSM's rate. */
  background: { intervalSeconds: number; nextAt: string | null };
  /** Admins only: the last report of a sync this instance ran (null for others and before the first). */
  lastReport: SyncReportDetails | null;
};
