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
};

export type PutParameterResult = { version: number; modifiedAt: string };

export type ParameterStore = {
  readonly kind: 'ssm' | 'local';
  readonly env: string;
  readonly prefix: string;
  /** Every parameter under the prefix, recursively. */
  readAll(): Promise<Parameter[]>;
  /** One parameter's current version; null when it does not exist. */
  get(name: string): Promise<Parameter | null>;
  /** Every stored version, oldest first; empty when the parameter does not exist. */
  history(name: string): Promise<ParameterVersion[]>;
  /**
   * Writes a new version only if the current version is `expectedVersion`
   * (re-read, compare, write). A mismatch throws StaleVersionError and writes
   * nothing; a value over the size limit throws `payload_too_large`.
   */
  put(input: PutParameterInput): Promise<PutParameterResult>;
  /** Resolves when the store answers; throws an `unavailable` AppError otherwise. */
  ping(): Promise<void>;
};

export type ParameterStoreKind = ParameterStore['kind'];
