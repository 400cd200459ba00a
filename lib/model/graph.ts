/**
 * The infrastructure graph: component instances and the `depends_on` edges
 * between them (consumer → provider). Built by lib/graph, annotated by
 * lib/drift, stored by lib/store, drawn by components/graph.
 */
import type { JsonValue } from './json';

export const DRIFT_STATUSES = ['in_sync', 'pending', 'mismatch', 'not_deployed', 'orphaned', 'invalid', 'unpublished'] as const;
export type DriftStatus = (typeof DRIFT_STATUSES)[number];

export type Problem = {
  /** Stable machine code, e.g. `config_not_json`, `dangling_reference`. */
  code: string;
  message: string;
  /** JSON path inside the document the problem is about, when there is one. */
  path?: string;
};

export type DriftSummary = {
  status: DriftStatus;
  reasons: string[];
  /** Newest config version not modified after the runtime: what is live. */
  deployedConfigVersion: number | null;
  /** When the change behind the status happened, and who made it (absent in graphs stored before these existed). */
  since?: string | null;
  changedBy?: string | null;
};

export type Component = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  /** Parsed desired config; null when absent or not JSON. */
  config: JsonValue | null;
  /** The published value exactly as stored; null when there is no config parameter. */
  configRaw: string | null;
  configVersion: number | null;
  configModifiedAt: string | null;
  configModifiedBy: string | null;
  runtime: JsonValue | null;
  runtimeRaw: string | null;
  runtimeVersion: number | null;
  runtimeModifiedAt: string | null;
  /** Leaves under the component other than config/runtime (e.g. `ami/base`). */
  meta: Record<string, string>;
  /** For runtime-only components: the component whose config owns this runtime. */
  ownedBy: string | null;
  /** The config in the Git config repo, when one is configured; undefined otherwise. */
  gitConfigRaw?: string | null;
  problems: Problem[];
  drift?: DriftSummary;
};

export type Edge = {
  id: string;
  /** Consumer: the component whose config holds the reference. */
  from: string;
  /** Provider: the referenced component (may not exist when dangling). */
  to: string;
  /** JSON path of the referencing field in the consumer's config. */
  path: string;
  /** Which rule produced the edge: `nickname`, `src-pair`, `param-path`, `owner` or a configured rule's name. */
  rule: string;
  dangling: boolean;
};

export type Graph = {
  components: Component[];
  edges: Edge[];
  /** Each cycle as the list of component ids around it, smallest id first. */
  cycles: string[][];
  /** Parameters under a prefix that belong to no component (e.g. `/iac/clickhouse/ami/base`). */
  ignoredParameters: Array<{ env: string; name: string }>;
};

export function isInvalid(component: Component): boolean {
  return component.problems.some((p) => p.code.endsWith('_not_json') || p.code === 'schema_violation');
}
