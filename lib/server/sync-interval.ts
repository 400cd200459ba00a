/**
 * How often service mode syncs in the background, and why.
 *
 * A sync reads every parameter of every environment with GetParametersByPath,
 * at most 10 parameters a page, every environment in parallel. An estate of
 * N components has about 2N parameters (config and runtime), so one sync is
 * about N / 5 calls. SSM's default throughput is 40 transactions per second
 * per account and region, shared by GetParameter, GetParameters and
 * GetParametersByPath (AWS "Systems Manager endpoints and quotas"; 100/s for
 * GetParametersByPath once "higher throughput" is turned on, at a charge), and
 * everything else in the account shares it too: deploy pipelines, Terraform
 * plans, applications and ECS tasks reading their configuration at start-up.
 *
 * Background syncs should take at most a quarter of that on average (10
 * calls/s), leaving the rest to the others and to Karma's own applies and
 * drift reads. Every 300 s this holds up to 3,000 calls a sync, an estate of
 * ~15,000 components: the 5,000 is 1,000 calls (3.3/s on average,
 * 8 % of the default rate; at least 25 s even with the whole rate, so a sync
 * never overlaps the next). Larger estates get their wait stretched to keep
 * the quarter. Five minutes is also fresh enough for what the interval is for:
 * changes made outside Karma (console, Terraform); Karma's own applies sync at
 * once, and admins can sync now from the portal.
 */

/** SSM's default throughput, per account and region, shared by GetParameter, GetParameters and GetParametersByPath. */
export const SSM_DEFAULT_TPS = 40;
/** GetParametersByPath answers at most 10 parameters a page. */
export const SSM_PAGE_SIZE = 10;
/** The share of SSM_DEFAULT_TPS background syncs may take on average. */
export const BACKGROUND_SHARE = 0.25;
/** Outside the demo; 0 turns background syncs off. */
export const DEFAULT_SYNC_INTERVAL_SECONDS = 300;
/**
 * With SSM, shorter intervals are refused: a sync of 3,000 components (600
 * calls) every minute already takes the quarter, and a value under a minute is
 * more often seconds taken for minutes than a need.
 */
export const MIN_SSM_SYNC_INTERVAL_SECONDS = 60;
/** Each wait is the interval ± 10 %, so instances started together do not all reach for the lease at once. */
export const SYNC_JITTER = 0.1;

/** The demo's estate changes only when someone edits it through Karma (which syncs): no background syncs there. */
export function defaultSyncIntervalSeconds({ isDemo }: { isDemo: boolean }): number {
  return isDemo ? 0 : DEFAULT_SYNC_INTERVAL_SECONDS;
}

/** Why an interval cannot be used, or null. */
export function syncIntervalProblem(seconds: number, parameters: 'local' | 'ssm'): string | null {
  if (seconds === 0 || parameters !== 'ssm' || seconds >= MIN_SSM_SYNC_INTERVAL_SECONDS) return null;
  return (
    `KARMA_SYNC_INTERVAL_SECONDS=${seconds} is too short for SSM: each sync reads every parameter, 10 a page, from a rate of ${SSM_DEFAULT_TPS} calls/s ` +
    `the whole account shares; use at least ${MIN_SSM_SYNC_INTERVAL_SECONDS} (the default is ${DEFAULT_SYNC_INTERVAL_SECONDS}), or 0 to turn background syncs off`
  );
}

/** GetParametersByPath calls a read of these environments took: 10 parameters a page, at least one page each. */
export function pagesFor(parameterCounts: readonly number[]): number {
  return parameterCounts.reduce((sum, count) => sum + Math.max(1, Math.ceil(count / SSM_PAGE_SIZE)), 0);
}

/** The shortest interval at which syncs of `pages` calls stay within the background share of SSM's default rate. */
export function floorSecondsFor(pages: number): number {
  return Math.ceil(pages / (SSM_DEFAULT_TPS * BACKGROUND_SHARE));
}

export type IntervalWait = {
  waitMs: number;
  /** The interval the wait is jittered around: the configured one, or the floor the last sync's size needs when that is longer. */
  baseSeconds: number;
  isStretched: boolean;
};

/**
 * The wait before the next background sync: the interval, stretched for SSM
 * when the last sync's calls need longer to stay within the share, jittered
 * by ± SYNC_JITTER (`random` in [0, 1); 0.5 is no jitter).
 */
export function nextIntervalWait({
  intervalSeconds,
  parameters,
  lastPages,
  random,
}: {
  intervalSeconds: number;
  parameters: 'local' | 'ssm';
  lastPages: number | null;
  random: number;
}): IntervalWait {
  const floor = parameters === 'ssm' && lastPages !== null ? floorSecondsFor(lastPages) : 0;
  const baseSeconds = Math.max(intervalSeconds, floor);
  const factor = 1 + SYNC_JITTER * (2 * random - 1);
  return { waitMs: Math.round(baseSeconds * 1000 * factor), baseSeconds, isStretched: baseSeconds > intervalSeconds };
}

export type IntervalSyncs = {
  /** When the next background sync is due (null while one runs, or once stopped). */
  nextAt(): Date | null;
  stop(): void;
};

/**
 * Runs `sync` every interval, each wait counted from the end of the last
 * sync (so background syncs never overlap on one instance) and computed
 * afresh from its size. Says once in the log when the wait is stretched.
 */
export function startIntervalSyncs({
  intervalSeconds,
  parameters,
  sync,
  lastPages,
  random = Math.random,
  now = () => new Date(),
  log = (line: string) => console.warn(line),
}: {
  intervalSeconds: number;
  parameters: 'local' | 'ssm';
  sync: () => Promise<unknown>;
  /** GetParametersByPath calls of the last sync that read the parameters, null before the first. */
  lastPages: () => number | null;
  random?: () => number;
  now?: () => Date;
  log?: (line: string) => void;
}): IntervalSyncs {
  let timer: NodeJS.Timeout | undefined;
  let dueAt: Date | null = null;
  let isStopped = false;
  let wasStretched = false;
  const schedule = () => {
    if (isStopped) return;
    const pages = lastPages();
    const wait = nextIntervalWait({ intervalSeconds, parameters, lastPages: pages, random: random() });
    if (wait.isStretched !== wasStretched && pages !== null) {
      log(
        wait.isStretched
          ? `[karma] background syncs every ${wait.baseSeconds} s instead of ${intervalSeconds} s: a sync reads ${pages} pages of parameters, and every ${intervalSeconds} s that would take more than ${BACKGROUND_SHARE * 100} % of SSM's ${SSM_DEFAULT_TPS} calls/s`
          : `[karma] background syncs every ${intervalSeconds} s again`,
      );
      wasStretched = wait.isStretched;
    }
    dueAt = new Date(now().getTime() + wait.waitMs);
    timer = setTimeout(() => {
      dueAt = null;
      // A failed sync is reported by the sync itself; the schedule goes on.
      void sync()
        .catch(() => {})
        .finally(schedule);
    }, wait.waitMs);
    timer.unref();
  };
  schedule();
  return {
    nextAt: () => dueAt,
    stop: () => {
      isStopped = true;
      dueAt = null;
      clearTimeout(timer);
    },
  };
}
