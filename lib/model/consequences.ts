/**
 * What a change does to the rest of the estate, dependent by dependent
 * (ARCHITECTURE.md §6): computed by lib/changes/consequences.ts from the
 * proposed configs, the current graph and its value index, and returned in
 * every simulation as `consequences`.
 *
 * - `must_redeploy`: consumes an output of a changed component that changes
 *   (or may: its type has no `derivedOutputs` map).
 * - `stale_copy`: its config holds the old value of a changed field (exact
 *   for values that identify things; for CIDRs also a range inside or
 *   overlapping the old one). Copies are found estate-wide, dependents or not.
 * - `unaffected`: depends on a changed component, but on nothing that changes.
 */
export const VERDICTS = ['must_redeploy', 'stale_copy', 'unaffected'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How a changed output was found. */
export type ChangedOutputSource =
  /** A field mirror (built in or `fieldMirrors` in settings) maps the config field to it. */
  | 'mirror'
  /** The runtime has an output of the same name as the changed top-level config key. */
  | 'same-name'
  /** The type's `derivedOutputs` map in settings. */
  | 'derived'
  /** The type has no `derivedOutputs` map: any of its outputs may change (`output` is null). */
  | 'unmapped'
  /** A component new in this change: everything it will output is new. */
  | 'new';

/** An output of a changed component that changes (or may). */
export type ChangedOutput = {
  componentId: string;
  /** The runtime output's key; null: unknown which, any may change. */
  output: string | null;
  /** The config field whose change changes it. */
  field: string;
  source: ChangedOutputSource;
};

export type StaleCopyMatch =
  /** The same identifying value. */
  | 'exact'
  /** A CIDR range inside the old one (10.40.3.0/24 inside 10.40.0.0/16). */
  | 'inside'
  /** A CIDR range holding the old one, or overlapping it. */
  | 'overlaps';

/** A config or runtime somewhere in the estate holding the old value of a changed field. */
export type StaleCopy = {
  componentId: string;
  env: string;
  type: string;
  nickname: string;
  document: 'config' | 'runtime';
  /** JSON path of the value in that document (`allowed_cidrs[0]`). */
  path: string;
  /** The value found, as text. */
  value: string;
  /** The changed field whose old value it holds. */
  of: { componentId: string; path: string; oldValue: string; newValue: string | null };
  match: StaleCopyMatch;
};

export type DependentConsequence = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  /** 1 = refers to a changed component directly. */
  depth: number;
  /** The references walked from a changed component to this one, nearest first. */
  via: Array<{ from: string; to: string; path: string }>;
  /** stale_copy when its config holds a copy; else must_redeploy when it consumes a changed output; else unaffected. */
  verdict: Verdict;
  /** Why, in words, most important first. */
  reasons: string[];
  /** Consumes a changed output (also when its verdict is stale_copy). */
  mustRedeploy: boolean;
  /** The changed outputs it consumes (output null: one that may change). */
  consumes: ChangedOutput[];
  /** The stale copies in its own config and runtime. */
  copies: StaleCopy[];
  /** A member of the same change set: its proposed config is what was checked. */
  isInSet: boolean;
};

export type Consequences = {
  /**
   * must_redeploy and unaffected count dependents by verdict; stale_copy
   * counts every component holding a copy in its config, dependent or not.
   */
  counts: Record<Verdict, number>;
  /** What changes in the changed components' outputs. */
  changedOutputs: ChangedOutput[];
  /** Every transitive dependent, by verdict (must_redeploy, stale_copy, unaffected), then depth, then id; at most CONSEQUENCES_LISTED. */
  dependents: DependentConsequence[];
  /** Every stale copy in the estate, by component and path; at most CONSEQUENCES_LISTED. */
  staleCopies: StaleCopy[];
  /** The lists were cut; the counts cover everything. */
  isTruncated: boolean;
};

/** The lists are for people; counts cover everything. */
export const CONSEQUENCES_LISTED = 500;
