/**
 * Drift (ARCHITECTURE.md §5): what the engine in lib/drift works out for one
 * component, and the shapes GET /api/drift and GET /api/drift/[id] answer
 * with. Shared by the engine, the server, the CLI and the client.
 */
import { z } from 'zod';
import type { FieldChange } from '@/lib/json/diff-json';
import { DRIFT_STATUSES, type DriftStatus } from './graph';
import type { JsonValue } from './json';

/**
 * When several conditions hold at once, the status shown is the first of
 * them in this order; every condition found is still listed in `reasons`.
 * A config Karma cannot read makes every other judgement moot, then come the
 * states where one side is missing, then disagreements with what is live,
 * then changes on their way.
 */
export const DRIFT_PRECEDENCE: readonly DriftStatus[] = ['invalid', 'orphaned', 'not_deployed', 'mismatch', 'pending', 'unpublished', 'in_sync'];

export type DriftCondition = { status: DriftStatus; reason: string };

/** One config version in the lineage, relative to what is deployed. */
export type LineageVersion = {
  version: number;
  modifiedAt: string;
  /** The SSM LastModifiedUser as recorded; null when the history does not say. */
  modifiedBy: string | null;
  /**
   * `superseded`: older than the deployed one; `deployed`: live; `pending`:
   * not deployed yet; `unknown`: the times cannot tell.
   */
  state: 'superseded' | 'deployed' | 'pending' | 'unknown';
  isJson: boolean;
};

/** One runtime write, and the config version that was current when it happened. */
export type RuntimeWrite = {
  version: number;
  modifiedAt: string;
  modifiedBy: string | null;
  /** Newest config version not modified after this write; null when none was. */
  fromConfigVersion: number | null;
};

export type Lineage = {
  /** Newest config version not modified after the runtime: what is live. */
  deployedConfigVersion: number | null;
  deployedConfigModifiedAt: string | null;
  currentConfigVersion: number | null;
  runtimeVersion: number | null;
  runtimeModifiedAt: string | null;
  /** Config versions after the deployed one, up to the current one, oldest first. */
  between: LineageVersion[];
  /** Every config version in the history (as far as it was loaded), oldest first. */
  configVersions: LineageVersion[];
  /** Every runtime write in the history, when it was loaded, oldest first. */
  runtimeWrites: RuntimeWrite[];
  /** Whether the config history was available; without it only the current version is known. */
  hasConfigHistory: boolean;
  /** Odd clocks and gaps, in sentences (equal timestamps, out-of-order history, …). */
  notes: string[];
};

/** A config field and its mirror in the runtime, compared. */
export type MirroredField = {
  configPath: string;
  runtimePath: string;
  /** `same-key`: the runtime has an output of the same name; `mapping`: a per-type mapping says so. */
  source: 'same-key' | 'mapping';
  /** The value in the deployed config version. */
  desired: JsonValue;
  /** The runtime's value; absent when the runtime has no such output. */
  actual?: JsonValue;
  /** null: cannot tell, the runtime has no such output. */
  agrees: boolean | null;
};

/** One leaf where the deployed config and the runtime disagree. */
export type FieldDifference = {
  path: string;
  runtimePath: string;
  desired?: JsonValue;
  actual?: JsonValue;
};

export type DocumentDiff =
  /** Both sides are JSON: field by field. */
  | { mode: 'fields'; changes: FieldChange[] }
  /** One side is not JSON: compared as text. */
  | { mode: 'text'; equal: boolean };

/** The Git config against the published one (when a config repo is configured). */
export type GitComparison =
  | { state: 'not_configured' }
  | { state: 'same' }
  /** Neither the repo nor SSM has a config (a runtime-only component). */
  | { state: 'absent' }
  /** Published, but the repo has no (readable) file for it. */
  | { state: 'missing_in_git' }
  /** In the repo, never published. */
  | { state: 'not_published' }
  | { state: 'differs'; diff: DocumentDiff };

/** Everything the engine works out for one component. */
export type DriftAssessment = {
  status: DriftStatus;
  /** Every condition found, by precedence; the first decides the status. */
  conditions: DriftCondition[];
  /** The conditions' sentences followed by the lineage notes. */
  reasons: string[];
  lineage: Lineage;
  mirroredFields: MirroredField[];
  differences: FieldDifference[];
  git: GitComparison;
  /** When the current state began, as far as the timestamps tell. */
  since: string | null;
  /** Who caused the current state (SSM user), when known. */
  changedBy: string | null;
};

// ---- API ----------------------------------------------------------------

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item)).optional();

export const driftQuerySchema = z.strictObject({
  env: list(z.string().min(1)),
  type: list(z.string().min(1)),
  status: list(z.enum(DRIFT_STATUSES)),
});
export type DriftQuery = z.infer<typeof driftQuerySchema>;

export type DriftRow = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  status: DriftStatus;
  since: string | null;
  changedBy: string | null;
  /** The first reason: the one that decided the status. */
  reason: string;
  /** How many reasons there are in all (the detail lists them). */
  reasonCount: number;
  deployedConfigVersion: number | null;
  configVersion: number | null;
  runtimeVersion: number | null;
};

export type StatusCounts = Record<DriftStatus, number>;

export type DriftListResponse = {
  rows: DriftRow[];
  /**
   * Facet counts: per status with the env and type filters applied, per env
   * with the type and status filters applied, so each number says what
   * choosing it would show.
   */
  counts: { byStatus: StatusCounts; byEnv: Record<string, number>; total: number };
  /** Every environment and type in the graph, for the filter controls. */
  environments: string[];
  types: string[];
  stale: boolean;
  syncedAt: string | null;
};

export type DriftDetailResponse = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  ownedBy: string | null;
  status: DriftStatus;
  reasons: string[];
  since: string | null;
  changedBy: string | null;
  lineage: Lineage;
  mirroredFields: MirroredField[];
  differences: FieldDifference[];
  /** The deployed config version against the current one; null when there is nothing to compare. */
  configChange: {
    fromVersion: number | null;
    toVersion: number;
    /** The documents as published, pretty-printed when JSON. */
    fromText: string | null;
    toText: string;
    /** null when the deployed version is not known (or there is none). */
    diff: DocumentDiff | null;
  } | null;
  git: GitComparison & { text?: string | null };
  runtimeText: string | null;
  /** Config versions published after the last sync (the detail reads the history live). */
  newerConfigVersions: number[];
  stale: boolean;
  syncedAt: string | null;
};

export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(DRIFT_STATUSES.map((s) => [s, 0])) as StatusCounts;
}
