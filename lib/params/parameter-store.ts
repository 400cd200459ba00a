/**
 * The ParameterStore port: one environment's parameters under its prefix.
 * Adapters: `ssm` (AWS SSM Parameter Store) and `local` (embedded, file-backed).
 * Both pass lib/params/parameter-store.contract.ts.
 */
import type { Parameter, ParameterVersion } from '@/lib/model/parameters';

export type PutParameterInput = {
  name: string;
  value: string;
  /** The version the caller based its change on; null means "must not exist yet". */
  expectedVersion: number | null;
  /** Who asked for the write (recorded in the version's description). */
  user: string;
  /** Free text stored with the version, e.g. the change request it applies. */
  description?: string;
  /**
   * Recognises this write in the history (by its description). With it, a
   * write whose outcome is unknown (the connection broke after SSM received
   * it) is looked up instead of reported as failed, or sent again.
   */
  isOwnWrite?: (version: ParameterVersion) => boolean;
};

export type PutParameterResult = {
  version: number;
  modifiedAt: string;
  /** The answer was lost and the history showed the write had landed. */
  isConfirmedFromHistory?: boolean;
  /** Versions someone else wrote between the guard's read and this write (SSM has no conditional put). */
  interleaved?: number;
};

export type HistoryReadOptions = {
  /**
   * Awaited before each page of the history is asked for (SSM: a
   * GetParameterHistory call per 50 versions; the embedded store counts
   * the same pages): the history worker paces every page of every read
   * through one token bucket with it.
   */
  beforePage?: () => Promise<void>;
};

export type ParameterStore = {
  readonly kind: 'ssm' | 'local';
  readonly env: string;
  readonly prefix: string;
  /** Every parameter under the prefix, recursively. */
  readAll(): Promise<Parameter[]>;
  /** One parameter's current version; null when it does not exist. */
  get(name: string): Promise<Parameter | null>;
  /**
   * The current versions of several parameters, by name; absent ones are
   * left out. SSM: one GetParameters call per 10 names (what a rollout's
   * watch of its members' runtimes costs per tick).
   */
  getMany(names: readonly string[]): Promise<Map<string, Parameter>>;
  /** Every stored version, oldest first; empty when the parameter does not exist. */
  history(name: string, options?: HistoryReadOptions): Promise<ParameterVersion[]>;
  /**
   * Writes a new version only if the current version is `expectedVersion`
   * (re-read, compare, write). A mismatch throws StaleVersionError and writes
   * nothing; a value over the size limit throws `payload_too_large`. A write
   * is sent at most once: never retried blindly, since a retry of a write
   * that landed writes it twice.
   */
  put(input: PutParameterInput): Promise<PutParameterResult>;
  /**
   * Deletes the parameter (every version) if its current version is
   * `expectedVersion`; a mismatch throws StaleVersionError. Already absent:
   * `removed: false` and nothing happens, so a removal whose answer was lost
   * is simply asked again.
   */
  remove(input: { name: string; expectedVersion: number }): Promise<{ removed: boolean }>;
  /** Resolves when the store answers; throws an `unavailable` AppError otherwise. */
  ping(): Promise<void>;
};

export type ParameterStoreKind = ParameterStore['kind'];
