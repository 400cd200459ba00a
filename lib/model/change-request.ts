/**
 * Change requests and audit events (ARCHITECTURE.md §6). The proposal's
 * impact (a SimulationResult from lib/changes) is kept as JSON, as it was at
 * submission time.
 */
import { z } from 'zod';
import type { JsonValue } from './json';

export const CHANGE_STATUSES = ['open', 'approved', 'applied', 'apply_failed', 'rejected', 'withdrawn', 'stale'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export const CHANGE_KINDS = ['change', 'publish'] as const;
/** `change`: a proposal, committed to the config repo then published; `publish`: the config repo's file, published as it is. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * Where a request stands in the config repo (ARCHITECTURE.md §6a), recorded
 * when it is opened: the branch tip and the file's blob then (apply commits
 * only while the branch still has that blob), and the exact text apply
 * commits (the proposal in the repository's own style).
 */
export type GitBase = {
  /** The remote as shown to people (no credentials). */
  remote: string;
  branch: string;
  /** `iac/<env>/<type>/<nickname>/config.json` */
  file: string;
  /** The branch tip when the request was opened. */
  commit: string;
  /** The file's blob at that commit; null when it had no such file. */
  blob: string | null;
  /** The file's text at that commit; null when it had none. */
  baseText: string | null;
  /** What apply commits (equal to baseText: nothing to commit, publish only). */
  text: string;
  /** The proposer, as the commit's author. */
  author: { name: string; email: string };
  /** `karma propose-change --from-git REF`: the ref and the commit it named. */
  from: { ref: string; commit: string } | null;
};

/**
 * What a change set does to one of its components: `update` an existing
 * config, `create` a new component's config, `remove` a component's config
 * (only when nothing else depends on it).
 */
export const MEMBER_ACTIONS = ['update', 'create', 'remove'] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

/** One member's file in the config repo when the request was opened (the request's `git` says which branch and commit). */
export type GitFile = {
  /** `iac/<env>/<type>/<nickname>/config.json` */
  file: string;
  /** Its blob then; null when there was no such file. */
  blob: string | null;
  baseText: string | null;
  /** What apply commits; null: apply deletes the file (a removal). */
  text: string | null;
};

/**
 * One component change of a request. A request holds one or more (a change
 * set), applied all or nothing at the guard and providers first at the write
 * (lib/workflow/apply-change.ts).
 */
export type ChangeMember = {
  componentId: string;
  env: string;
  type: string;
  nickname: string;
  action: MemberAction;
  /** The config version it was based on; null for a new component. */
  baseVersion: number | null;
  /** The config exactly as it will be written; null for a removal. */
  proposedConfig: string | null;
  /** Its file in the config repo; null when the request was opened without a writable one. */
  git: GitFile | null;
  /** Set once its write is recorded: the config version written (null for a removal, which leaves none). */
  appliedVersion: number | null;
  isApplied: boolean;
};

export const OPEN_STATUSES: readonly ChangeStatus[] = ['open', 'approved'];

/** Still open to decisions (apply_failed can be applied again): the states where the live config is worth a look. */
export const UNDECIDED: ReadonlySet<ChangeStatus> = new Set(['open', 'approved', 'apply_failed']);

/**
 * A change request. `members` lists every component it changes, in the order
 * the author gave them; the top-level componentId, env, type, nickname,
 * baseVersion, proposedConfig and appliedVersion are those of the first
 * member (what lists, filters and older readers show), and `git` says where
 * the request stood in the config repo, with the first member's file.
 */
export type ChangeRequest = {
  /** `cr:<uuid>` */
  id: string;
  title: string;
  description: string;
  status: ChangeStatus;
  /** Incremented by every transition; the compare-and-set guard. */
  revision: number;
  author: string;
  componentId: string;
  env: string;
  type: string;
  nickname: string;
  /** The config version the proposal was based on; null for a new component. */
  baseVersion: number | null;
  /** The proposed config exactly as it will be written. */
  proposedConfig: string;
  /** The SimulationResult at submission. */
  impact: JsonValue;
  /** Distinct approvers so far. */
  approvals: string[];
  /**
   * The groups each approver was in when they approved, by approver id (for
   * approvals by ownership, lib/changes/ownership.ts): recorded with the
   * approval, never re-derived from anyone's groups now. An approver missing
   * here (an approval recorded before ownership) was in no group.
   */
  approverGroups: Record<string, string[]>;
  createdAt: string;
  updatedAt: string;
  /** Set once applied: the config version written. */
  appliedVersion: number | null;
  /** The last error (apply_failed) or why it went stale. */
  error: string | null;
  kind: ChangeKind;
  /** Null: opened without a writable config repo, so apply writes SSM only. */
  git: GitBase | null;
  /** The commit apply pushed (or found already pushed); set from the push on, even when publishing then failed. */
  gitCommit: string | null;
  /** At least one; the first is the one the top-level fields describe. */
  members: ChangeMember[];
};

export const EVENT_KINDS = [
  'proposed',
  'approved',
  'rejected',
  'withdrawn',
  'commented',
  'apply_started',
  'git_committed',
  'applied',
  'apply_failed',
  'stale',
  'webhook_failed',
  'webhook_sent',
  'config_changed',
  // A rollout's (data.rolloutId names it; lib/model/rollout.ts).
  'rollout_started',
  'rollout_wave_started',
  'rollout_deploy_requested',
  'rollout_member_deployed',
  'rollout_member_failed',
  'rollout_reported',
  'rollout_paused',
  'rollout_resumed',
  'rollout_member_retried',
  'rollout_member_skipped',
  'rollout_aborted',
  'rollout_completed',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The status a kind of event leaves a request in, when its data does not say (an approval may leave it open or approved). */
export const STATUS_AFTER_EVENT: Partial<Record<EventKind, ChangeStatus>> = {
  proposed: 'open',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  applied: 'applied',
  apply_failed: 'apply_failed',
  stale: 'stale',
};

export type AuditEvent = {
  /** `ev:<uuid>` */
  id: string;
  kind: EventKind;
  actor: string;
  at: string;
  note: string;
  data: JsonValue;
  changeRequestId: string | null;
  componentId: string | null;
};

export const changeRequestFilterSchema = z.object({
  status: z.array(z.enum(CHANGE_STATUSES)).optional(),
  env: z.string().optional(),
  componentId: z.string().optional(),
  author: z.string().optional(),
});
export type ChangeRequestFilter = z.infer<typeof changeRequestFilterSchema>;
