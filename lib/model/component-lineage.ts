/**
 * The lineage of one component (issue 16, point 2): how it got to where it
 * is. A timeline merges everything recorded about it, newest first: config
 * versions, runtime writes, Git commits, change requests and their events,
 * rollouts and drift transitions; and a chain explains the live runtime:
 * runtime version ← the config version it was deployed from ← the commit ←
 * the change request ← its approvers. A link that cannot be known is shown
 * as unknown with the reason, never guessed. Built by
 * lib/history/component-lineage.ts; served by GET /api/components/<id>/lineage.
 */
import { z } from 'zod';
import type { EventKind } from './change-request';
import type { DriftStatus } from './graph';

export const TIMELINE_KINDS = ['config', 'runtime', 'commit', 'change', 'rollout', 'drift'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_KIND_LABEL: Record<TimelineKind, string> = {
  config: 'Config versions',
  runtime: 'Runtime writes',
  commit: 'Git commits',
  change: 'Change requests',
  rollout: 'Rollouts',
  drift: 'Drift',
};

/** Where an entry leads: a page of the portal, or the config repo's commit on its forge. */
export type TimelineLink = { href: string; label: string; isExternal: boolean };

export type TimelineEntry = {
  /** Unique in the timeline (the record's id, prefixed by its kind). */
  id: string;
  kind: TimelineKind;
  /** ISO 8601. */
  at: string;
  title: string;
  /** Who did it, as recorded (an e-mail, an SSM writer's ARN, `karma`); null when nobody is recorded. */
  actor: string | null;
  detail: string | null;
  link: TimelineLink | null;
  /** The config or runtime version it is about, when it is about one. */
  version: number | null;
  /** The change request it belongs to, when it belongs to one. */
  changeRequestId: string | null;
  /** For change and rollout entries: the audit event's kind. */
  eventKind: EventKind | null;
};

/** A link of the chain: what it is, or why it cannot be told. */
export type ChainLink<T> = { status: 'known'; value: T } | { status: 'unknown'; reason: string };

export type ChainRuntime = { version: number; modifiedAt: string | null; modifiedBy: string | null };
export type ChainConfig = {
  version: number;
  modifiedAt: string | null;
  modifiedBy: string | null;
  /** Whether it is the current config version too (else newer ones wait to be deployed). */
  isCurrent: boolean;
  /** Config versions published after it, not deployed yet. */
  pending: number[];
};
export type ChainCommit = {
  sha: string;
  /** The forge's page for it (the config repo's commitUrl template); null when none is configured. */
  url: string | null;
  branch: string | null;
  /** `committed`: the change's apply pushed it; `published_from`: a publish request published the file as this commit had it. */
  role: 'committed' | 'published_from';
};
export type ChainChange = { id: string; title: string; author: string; status: string; appliedAt: string | null };
export type ChainApprover = { actor: string; at: string | null; comment: string };

/** The live runtime's lineage, read right to left: runtime ← config ← commit ← change ← approvers. */
export type LineageChain = {
  runtime: ChainLink<ChainRuntime>;
  config: ChainLink<ChainConfig>;
  commit: ChainLink<ChainCommit>;
  change: ChainLink<ChainChange>;
  approvers: ChainLink<ChainApprover[]>;
};

/** Whether "Revert to version N" is on offer, and why not. */
export type RevertAvailability = { allowed: true } | { allowed: false; reason: string };

/** One recorded config version of the component's current life, as the history section lists it. */
export type LineageConfigVersion = {
  version: number;
  modifiedAt: string;
  modifiedBy: string | null;
  hash: string;
  isJson: boolean;
  isCurrent: boolean;
  /** As drift's lineage says: `deployed` is live, `pending` waits, `superseded` was replaced, `unknown` cannot be told. */
  state: 'superseded' | 'deployed' | 'pending' | 'unknown';
  changeRequestId: string | null;
  gitCommit: string | null;
  revert: RevertAvailability;
};

/** GET /api/components/<id>/lineage */
export type ComponentLineage = {
  id: string;
  /** In the graph now; a component that is gone keeps its past. */
  exists: boolean;
  /** Newest first. */
  timeline: TimelineEntry[];
  chain: LineageChain;
  /** Newest first. */
  configVersions: LineageConfigVersion[];
  /** The drift status last recorded (null: gone, or never computed). */
  drift: DriftStatus | null;
  /** SSM's history of it is still being read (the backfill): older versions may still appear. */
  isBackfilling: boolean;
  /** Odd clocks, gaps and earlier lives, in sentences. */
  notes: string[];
};

/** POST /api/components/<id>/revert: the config version to put back. */
export const revertVersionBodySchema = z.strictObject({ version: z.int().min(1) });
export type RevertVersionBody = z.infer<typeof revertVersionBodySchema>;

/** POST /api/changes/<id>/revert takes nothing (an empty body or `{}`). */
export const revertChangeBodySchema = z.strictObject({});
