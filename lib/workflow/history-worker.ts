import 'server-only';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isThrottled, newestOf, pendingHeads, settleHead, throttleBackoffMs, versionsFromHistory, type NewestRead } from '@/lib/history/read-history';
import { TokenBucket } from '@/lib/history/token-bucket';
import { AppError } from '@/lib/model/errors';
import type { DocumentVersion, HistoryDocument, HistoryHead } from '@/lib/model/history';
import { componentParameterName, type ParameterVersion } from '@/lib/model/parameters';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { GraphStore, LeaseOutcome, LeaseRequest, SyncGuard } from '@/lib/store/graph-store';

/**
 * The history worker (ARCHITECTURE.md §6c): empties the heads' `pending`
 * lists by reading each slot's SSM history (GetParameterHistory, pages of
 * 50) and writing every version it holds, so the store learns what came
 * before Karma (the backfill of a component first seen) and who wrote a
 * version a sync only saw listed, with its Description.
 *
 * - Paced: one token bucket at `callsPerSecond` before every page of every
 *   slot, so a 10,000-component backfill never throttles the account; a
 *   ThrottlingException that outlasts the SDK's retries is read again after
 *   a backoff.
 * - One at a time: across instances by the store's `history` lease (renewed
 *   while it runs; lost, the run stops), in a process by one run at a time.
 * - Resumable by construction: the only state is the heads' pending lists,
 *   written per batch of components, so a kill loses at most one batch and
 *   the next run reads the rest. Versions are upserted by id (the ids a sync
 *   gives them), and an existing record only gains fields it lacked, so
 *   reading a slot twice writes nothing the second time.
 */

export type HistoryWorkReport = {
  ok: boolean;
  /** Components whose pending list this run emptied. */
  components: number;
  /** Slots whose history was read. */
  slots: number;
  /** Versions read and handed to the store. */
  versions: number;
  /** What the store says it wrote (new or filled version records, heads). */
  written: number;
  /** GetParameterHistory requests Karma sent (a throttled read that is tried again counts again). */
  calls: number;
  /** Pages of the reads that succeeded. */
  pages: number;
  /** Reads tried again after SSM throttled them. */
  retries: number;
  /** Slots whose read failed; they stay pending for the next run. */
  failed: number;
  durationMs: number;
  /** Components still pending when the run ended. */
  remaining: number;
  /** Another instance holds the `history` lease: this run read nothing. */
  heldBy: string | null;
  /** Why the run ended before every pending head was read. */
  stopped: 'stopped' | 'lease_lost' | 'failing' | null;
  error: string | null;
};

export type HistoryWorkerDeps = {
  store: GraphStore;
  sources: ParameterSources;
  /** GetParameterHistory calls per second at most (settings.history.callsPerSecond); null: not paced (the embedded store). */
  callsPerSecond: number | null;
  now?: () => Date;
  /** Names this process in the lease (`host:pid` by default). */
  instanceId?: string;
  /** Components read between two writes: a kill loses at most this many components' reads. */
  batchComponents?: number;
  /** Slots read at once; every page still waits for the bucket. */
  concurrency?: number;
  leaseMs?: number;
  /** How often a started worker looks for pending heads without being kicked. */
  intervalMs?: number;
  /** After each batch is written, with the run's figures so far. */
  onBatch?: (progress: HistoryWorkReport) => void;
  /** The pace's and the throttling backoff's clock (tests run them on a fake one). */
  clock?: { now(): number; sleep(ms: number): Promise<void> };
  /** Whether a process of this host runs (a lease left by a killed process of this host is taken over at once). */
  isProcessAlive?: (pid: number) => boolean;
};

const LEASE = 'history';
const DEFAULT_BATCH = 25;
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_INTERVAL_MS = 5 * 60_000;
/** A throttled read is tried this many times in all (each after the SDK's own retries). */
const THROTTLE_ATTEMPTS = 5;
/** This many failed reads in a row: SSM is down or refusing, the run ends and the next one tries again. */
const FAILING_IN_A_ROW = 5;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Killed but not yet reaped (a zombie: state Z after the command's closing parenthesis) is dead too; gone meanwhile, dead; no /proc, alive.
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Slot = { head: HistoryHead; document: HistoryDocument };
/** What reading one batch gave: the versions to write, and per component the newest version each read slot holds. */
type BatchRead = { versions: DocumentVersion[]; reads: Map<string, Map<HistoryDocument, NewestRead | null>> };

export class HistoryWorker {
  readonly instanceId: string;
  /** This worker's lease holder: unique per worker, so two workers in one process exclude each other too. */
  readonly holder: string;
  private readonly now: () => Date;
  private readonly bucket: TokenBucket | null;
  private readonly sleep: (ms: number) => Promise<void>;
  private running: Promise<HistoryWorkReport> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private again = false;
  private isStopping = false;
  private last: HistoryWorkReport | null = null;

  /** Change request id → the commit its apply pushed (null: none, or not known). */
  private readonly commits = new Map<string, string | null>();

  constructor(private readonly deps: HistoryWorkerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.instanceId = deps.instanceId ?? `${hostname()}:${process.pid}`;
    this.holder = `${this.instanceId}/${randomUUID().slice(0, 8)}`;
    const clock = deps.clock ?? { now: Date.now, sleep: realSleep };
    this.bucket = deps.callsPerSecond === null ? null : new TokenBucket({ ratePerSecond: deps.callsPerSecond, now: clock.now, sleep: clock.sleep });
    this.sleep = clock.sleep;
  }

  /** The last run's report (null before the first). */
  get lastReport(): HistoryWorkReport | null {
    return this.last;
  }

  /** Runs in the background: now, after every kick(), and on a slow interval. */
  start(): void {
    if (this.timer) return;
    this.isStopping = false;
    this.timer = setInterval(() => this.kick(), this.deps.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Stops after the slots being read (what they read is written), lets go of the lease, and resolves when the run is over. */
  async stop(): Promise<void> {
    this.isStopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running?.catch(() => {});
  }

  /** A sync left components pending: read them soon (once the run under way, if any, is over). */
  kick(): void {
    if (this.isStopping || !this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runOnce().then(
      (report) => {
        // Progress with some left (a sync added more meanwhile): go on rather than wait for the interval.
        if (report.remaining > 0 && report.components > 0 && report.heldBy === null) this.again = true;
      },
      (error: unknown) => console.error('[karma] history worker run failed:', error),
    );
  }

  /**
   * Reads every head pending when it starts, batch by batch, then returns.
   * Called while a run is under way, it answers that run's report: never
   * two at once in a process.
   */
  runOnce(): Promise<HistoryWorkReport> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
    }
    return this.running;
  }

  private lease(): LeaseRequest {
    return { name: LEASE, holder: this.holder, ttlMs: this.deps.leaseMs ?? DEFAULT_LEASE_MS };
  }

  /**
   * Takes the lease; one left by a process of this host that no longer
   * runs (a killed `karma history backfill`) is taken over at once rather
   * than after it expires.
   */
  private async take(lease: LeaseRequest): Promise<LeaseOutcome> {
    const taken = await this.deps.store.acquireLease(lease);
    if (taken.acquired) return taken;
    const match = /^(.*):(\d+)\/[0-9a-f]{8}$/.exec(taken.holder);
    const pid = match ? Number(match[2]) : NaN;
    const isDeadHere = match?.[1] === hostname() && pid !== process.pid && !(this.deps.isProcessAlive ?? processAlive)(pid);
    return isDeadHere ? this.deps.store.acquireLease({ ...lease, takeOverPrefix: taken.holder }) : taken;
  }

  private async run(): Promise<HistoryWorkReport> {
    const started = performance.now();
    const { store } = this.deps;
    const report: HistoryWorkReport = {
      ok: true,
      components: 0,
      slots: 0,
      versions: 0,
      written: 0,
      calls: 0,
      pages: 0,
      retries: 0,
      failed: 0,
      durationMs: 0,
      remaining: 0,
      heldBy: null,
      stopped: null,
      error: null,
    };
    const finish = async () => {
      report.remaining = await store.readHistoryState().then(
        (state) => state.pendingComponents,
        () => report.remaining,
      );
      report.durationMs = Math.round(performance.now() - started);
      this.last = report;
      return report;
    };
    if (this.isStopping) {
      report.stopped = 'stopped';
      return finish();
    }
    const lease = this.lease();
    let taken: LeaseOutcome;
    try {
      taken = await this.take(lease);
    } catch (error) {
      Object.assign(report, { ok: false, error: message(error) });
      return finish();
    }
    if (!taken.acquired) {
      report.heldBy = taken.holder;
      return finish();
    }
    const held = { isLost: false };
    const renewal = setInterval(() => {
      store.acquireLease(lease).then(
        (outcome) => (held.isLost ||= !outcome.acquired),
        () => (held.isLost = true),
      );
    }, lease.ttlMs / 3);
    renewal.unref();
    const guard: SyncGuard = {
      assertHeld: () => {
        if (held.isLost) throw new AppError('conflict', 'The history worker lost the history lease to another instance and stopped; that one reads the rest');
      },
    };
    try {
      const heads = pendingHeads(await store.readHistoryHeads());
      report.remaining = heads.length;
      const size = Math.max(1, this.deps.batchComponents ?? DEFAULT_BATCH);
      const failing = { inARow: 0, last: '' };
      const halt = () => (this.isStopping ? 'stopped' : held.isLost ? 'lease_lost' : failing.inARow >= FAILING_IN_A_ROW ? 'failing' : null);
      for (let start = 0; start < heads.length && report.stopped === null; start += size) {
        const batch = heads.slice(start, start + size);
        const read = await this.readBatch(batch, report, held, failing);
        // Renewed before each write too, so a worker that lost the lease writes nothing, however slow its reads were.
        held.isLost ||= !(await store.acquireLease(lease)).acquired;
        if (!held.isLost) {
          // What the batch read is written even when the run stops here (the slots not read stay pending).
          await this.writeBatch(batch, read, report, guard);
          report.remaining = Math.max(0, report.remaining - batch.length);
          this.deps.onBatch?.({ ...report, durationMs: Math.round(performance.now() - started) });
        }
        const stop = halt();
        // Asked to stop once the last batch is written: nothing was left undone.
        report.stopped = stop === 'stopped' && start + size >= heads.length ? null : stop;
      }
      if (report.stopped === 'failing') Object.assign(report, { ok: false, error: `${FAILING_IN_A_ROW} reads failed in a row, the last: ${failing.last}` });
    } catch (error) {
      Object.assign(report, { ok: false, error: message(error), stopped: held.isLost ? 'lease_lost' : report.stopped });
    } finally {
      clearInterval(renewal);
      if (!held.isLost) await store.releaseLease(lease).catch(() => {});
    }
    return finish();
  }

  /** Reads the batch's pending slots, a few at a time; a slot whose read fails is left out (it stays pending). */
  private async readBatch(batch: readonly HistoryHead[], report: HistoryWorkReport, held: { isLost: boolean }, failing: { inARow: number; last: string }): Promise<BatchRead> {
    const slots: Slot[] = batch.flatMap((head) => head.pending.map((document) => ({ head, document })));
    const result: BatchRead = { versions: [], reads: new Map() };
    const recordedAt = this.now().toISOString();
    let next = 0;
    const reader = async () => {
      while (next < slots.length && !this.isStopping && !held.isLost && failing.inARow < FAILING_IN_A_ROW) {
        const { head, document } = slots[next++];
        let history: ParameterVersion[];
        try {
          history = await this.readSlot(head, document, report);
        } catch (error) {
          report.failed++;
          failing.inARow++;
          failing.last = message(error);
          console.error(`[karma] history of ${head.componentId} (${document}) not read; it stays pending: ${failing.last}`);
          continue;
        }
        failing.inARow = 0;
        report.slots++;
        report.versions += history.length;
        result.versions.push(...versionsFromHistory(head, document, history, recordedAt));
        const reads = result.reads.get(head.componentId) ?? new Map<HistoryDocument, NewestRead | null>();
        reads.set(document, newestOf(history));
        result.reads.set(head.componentId, reads);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency ?? DEFAULT_CONCURRENCY, slots.length) }, reader));
    return result;
  }

  /** One slot's whole history, every page paced; a throttled read is tried again after a backoff. An environment no longer configured reads as empty. */
  private async readSlot(head: HistoryHead, document: HistoryDocument, report: HistoryWorkReport): Promise<ParameterVersion[]> {
    const source = this.deps.sources.forEnv(head.env);
    if (!source) return [];
    const name = componentParameterName(source.prefix, head, document);
    for (let attempt = 1; ; attempt++) {
      let calls = 0;
      const beforePage = async () => {
        await this.bucket?.take();
        calls++;
        report.calls++;
      };
      try {
        const history = await source.history(name, { beforePage });
        report.pages += calls;
        return history;
      } catch (error) {
        if (!isThrottled(error) || attempt >= THROTTLE_ATTEMPTS) throw error;
        report.retries++;
        await this.sleep(throttleBackoffMs(attempt));
      }
    }
  }

  /**
   * Writes the batch's versions and, from the heads re-read just before,
   * takes out of `pending` the slots the reads settled (a sync may have
   * recorded a newer version meanwhile: that slot stays pending).
   */
  /** A version a Karma apply wrote carries the commit that apply pushed, from its change request (read once per request per run). */
  private async withCommits(versions: DocumentVersion[]): Promise<DocumentVersion[]> {
    const ids = [...new Set(versions.map((v) => v.changeRequestId).filter((id): id is string => id !== null && !this.commits.has(id)))];
    await Promise.all(
      ids.map(async (id) => {
        const request = await this.deps.store.getChangeRequest(id).catch(() => null);
        this.commits.set(id, request?.gitCommit ?? null);
      }),
    );
    return versions.map((v) => (v.changeRequestId && v.gitCommit === null ? { ...v, gitCommit: this.commits.get(v.changeRequestId) ?? null } : v));
  }

  private async writeBatch(batch: readonly HistoryHead[], { versions, reads }: BatchRead, report: HistoryWorkReport, guard: SyncGuard): Promise<void> {
    if (reads.size === 0) return;
    const fresh = await this.deps.store.readHistoryHeads(batch.map((h) => h.componentId).filter((id) => reads.has(id)));
    const heads = fresh.flatMap((head) => {
      const settled = settleHead(head, reads.get(head.componentId) ?? new Map());
      return settled ? [settled] : [];
    });
    if (versions.length === 0 && heads.length === 0) return;
    guard.assertHeld();
    const result = await this.deps.store.writeHistory({ versions: await this.withCommits(versions), transitions: [], heads }, guard);
    report.written += result.written;
    report.components += heads.filter((h) => h.pending.length === 0).length;
  }
}
