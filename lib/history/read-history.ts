/**
 * The pure half of the history worker (lib/workflow/history-worker.ts):
 * what one read of a parameter's SSM history becomes in the store, and
 * when a pending slot is settled. A sync records a version from the
 * listing, which says neither who wrote it nor its Description, and marks
 * the slot pending; the worker reads the history and writes every version
 * it holds under the same ids, so the store only fills in what it lacked.
 */
import { requestIdOf } from '@/lib/changes/write-tag';
import { historyVersionId, type DocumentVersion, type HistoryDocument, type HistoryHead, type SlotHead } from '@/lib/model/history';
import { isAppError } from '@/lib/model/errors';
import type { ParameterVersion } from '@/lib/model/parameters';
import { contentHash } from './content-hash';

/** SSM's GetParameterHistory returns at most 50 versions a page, and keeps the last 100. */
export const HISTORY_PAGE_SIZE = 50;
export const SSM_KEPT_VERSIONS = 100;

/** The newest version a read found: what a pending slot is settled against. */
export type NewestRead = Pick<SlotHead, 'version' | 'modifiedAt'>;

/** Every version of one slot's history as version records, oldest first; `recordedAt` is when the worker read them. */
export function versionsFromHistory(
  head: Pick<HistoryHead, 'componentId' | 'env' | 'type' | 'nickname'>,
  document: HistoryDocument,
  history: readonly ParameterVersion[],
  recordedAt: string,
): DocumentVersion[] {
  return history.map((v) => ({
    id: historyVersionId(head.componentId, document, v.version, v.modifiedAt),
    componentId: head.componentId,
    env: head.env,
    type: head.type,
    nickname: head.nickname,
    document,
    version: v.version,
    raw: v.value,
    hash: contentHash(v.value),
    modifiedAt: v.modifiedAt,
    modifiedBy: v.modifiedBy,
    description: v.description ?? null,
    changeRequestId: v.description === undefined ? null : requestIdOf(v.description),
    gitCommit: null,
    source: 'history',
    recordedAt,
  }));
}

/** The newest of a history by time, then number (a parameter deleted and created again numbers from 1); null for none. */
export function newestOf(history: readonly Pick<ParameterVersion, 'version' | 'modifiedAt'>[]): NewestRead | null {
  let newest: NewestRead | null = null;
  for (const v of history) if (newest === null || isLater(v, newest)) newest = { version: v.version, modifiedAt: v.modifiedAt };
  return newest;
}

function isLater(a: NewestRead, b: NewestRead): boolean {
  const [ta, tb] = [Date.parse(a.modifiedAt), Date.parse(b.modifiedAt)];
  return ta !== tb ? ta > tb : a.version > b.version;
}

/**
 * Whether a read settles a pending slot: the head records nothing newer
 * than what the read found. A sync may have recorded a newer version
 * meanwhile (its author is unknown again): then the slot stays pending. An
 * empty history (the parameter is gone) settles it: there is nothing to read.
 */
export function isSettled(slot: SlotHead | null, newest: NewestRead | null): boolean {
  if (newest === null || slot === null) return true;
  return !isLater(slot, newest);
}

/**
 * The head as re-read just before the write, with the slots the reads
 * settled taken out of `pending`; null when nothing changes (no slot was
 * settled, or none was pending any more).
 */
export function settleHead(fresh: HistoryHead, reads: ReadonlyMap<HistoryDocument, NewestRead | null>): HistoryHead | null {
  const pending = fresh.pending.filter((document) => !reads.has(document) || !isSettled(fresh[document], reads.get(document)!));
  return pending.length === fresh.pending.length ? null : { ...fresh, pending };
}

/** The heads with something left to read, in a stable order (a restart resumes with the same rest). */
export function pendingHeads(heads: readonly HistoryHead[]): HistoryHead[] {
  return heads.filter((h) => h.pending.length > 0).sort((a, b) => (a.componentId < b.componentId ? -1 : a.componentId > b.componentId ? 1 : 0));
}

/** SSM said it is busy (the adapter's `unavailable` AppError carries `isThrottled`): wait and read again. */
export function isThrottled(error: unknown): boolean {
  if (!isAppError(error)) return false;
  const details = error.details as { isThrottled?: unknown } | undefined;
  return details?.isThrottled === true;
}

/** Pause before the `attempt`th retry of a throttled read (1-based): doubling from 1 s, at most 30 s, with ±25 % jitter. */
export function throttleBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(1_000 * 2 ** (attempt - 1), 30_000);
  return Math.round(base * (0.75 + random() * 0.5));
}

/** GetParameterHistory calls one slot's read costs: a page per 50 versions SSM keeps (an empty history is one call too). */
export function callsForSlot(versions: number): number {
  return Math.max(1, Math.ceil(Math.min(versions, SSM_KEPT_VERSIONS) / HISTORY_PAGE_SIZE));
}

/**
 * How long a backfill takes at a pace: every component's pending slots,
 * one call per page, all calls `1 / callsPerSecond` apart. The bounds are a
 * component whose slots hold at most 50 versions each (one page) and one
 * whose slots hold SSM's full 100 (two pages).
 */
export function backfillEstimate({ components, slotsPerComponent = 2, callsPerSecond }: { components: number; slotsPerComponent?: number; callsPerSecond: number }): {
  calls: { least: number; most: number };
  seconds: { least: number; most: number };
} {
  const least = components * slotsPerComponent * callsForSlot(1);
  const most = components * slotsPerComponent * callsForSlot(SSM_KEPT_VERSIONS);
  return { calls: { least, most }, seconds: { least: least / callsPerSecond, most: most / callsPerSecond } };
}
