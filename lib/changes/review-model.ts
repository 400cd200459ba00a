/**
 * What the review API answers and accepts (GET/POST /api/changes/[id]/…),
 * shared by the server, the client hooks and the CLI. Types and zod schemas
 * only.
 */
import { z } from 'zod';
import type { ConfigRepoInfo } from '@/lib/gitconfig/config-repo';
import type { FieldChange } from '@/lib/json/diff-json';
import type { AuditEvent, ChangeRequest, MemberAction } from '@/lib/model/change-request';
import type { Verdict } from '@/lib/model/consequences';
import type { RiskLevel, SimulationResult, ValidationIssue } from '@/lib/model/simulation';
import type { AllowedActions, ApplyInProgress } from './policy';
import type { OwnerRequirement } from './ownership';

const COMMENT_MAX = 5_000;

/** POST /api/changes/[id]/approve, /withdraw, /apply: an optional note for the audit trail. */
export const decisionBodySchema = z.strictObject({ comment: z.string().trim().max(COMMENT_MAX).default('') });
/** POST /api/changes/[id]/reject: the author deserves to know why. */
export const rejectBodySchema = z.strictObject({ comment: z.string().trim().min(1, 'say why the change is rejected').max(COMMENT_MAX) });
/** POST /api/changes/[id]/comments */
export const commentBodySchema = z.strictObject({ text: z.string().trim().min(1, 'a comment needs some text').max(COMMENT_MAX) });

export type DecisionBody = z.infer<typeof decisionBodySchema>;

/** One version of the component's config as SSM holds it. */
export type ConfigSnapshot = { version: number; text: string; modifiedAt: string; modifiedBy: string | null };

export type ConfigComparison = {
  /** The version the request was based on; null for a new component, or when SSM no longer keeps that version. */
  base: ConfigSnapshot | null;
  /** The config now; null when the component has none. */
  current: ConfigSnapshot | null;
  /** The current version is not the base version: the request no longer applies as proposed. */
  isMoved: boolean;
  /** Proposed against base (what the author meant to change). */
  againstBase: FieldChange[] | null;
  /** Proposed against the current config, when it moved (what applying would really change). */
  againstCurrent: FieldChange[] | null;
  /** Why the configs could not be read (SSM down); everything else on the page still shows. */
  readError: string | null;
};

/** One member of a request with its configs compared (a removal's proposal is nothing: againstBase lists every field removed). */
export type MemberConfig = { componentId: string; action: MemberAction; config: ConfigComparison };

/**
 * The owner approvals a request needs (settings `owners`, lib/changes/ownership.ts),
 * each with what it owns of the change and why, and who met it.
 */
export type OwnerApprovalsView = {
  requirements: OwnerRequirement[];
  /** The groups of each requirement still missing an approval (any one group of a list will do). */
  missing: string[][];
  /** Every requirement is met (also when there are none). */
  isMet: boolean;
};

/** GET /api/changes/[id]: the request with everything a reviewer needs around it. */
export type ChangeView = ChangeRequest & {
  /** What the request's environment needs; it is approved with these and every owner approval. */
  requiredApprovals: number;
  ownerApprovals: OwnerApprovalsView;
  /** What the signed-in user may do now, and why not: the same decision the server enforces. */
  allowedActions: AllowedActions;
  /** The audit trail, oldest first: transitions, comments, webhook results. */
  events: AuditEvent[];
  applyInProgress: ApplyInProgress | null;
  /** The first member's configs compared (what `config` showed before change sets). */
  config: ConfigComparison;
  /** Every member's base and current configs compared with its proposal, in the request's order. */
  memberConfigs: MemberConfig[];
  /** The config repo this instance writes to (null: none, SSM only); the request's own `git` says where it stood. */
  repo: ConfigRepoInfo | null;
};

/** POST /api/changes/publish: publish a component's config repo file to SSM through a request. */
export const publishBodySchema = z.strictObject({
  componentId: z.string().min(1).max(400),
  title: z.string().trim().max(200).optional(),
  description: z.string().max(10_000).optional(),
});

export type ImpactDifference =
  | { kind: 'risk'; before: RiskLevel; after: RiskLevel; message: string }
  | { kind: 'blast_radius'; before: number; after: number; added: string[]; removed: string[]; message: string }
  | { kind: 'errors'; errors: ValidationIssue[]; message: string }
  | { kind: 'base_version'; before: number | null; after: number | null; message: string }
  | { kind: 'conflicts'; added: string[]; message: string }
  | { kind: 'consequences'; before: Record<Verdict, number>; after: Record<Verdict, number>; message: string }
  /** The rollout plan approvers approved is no longer the plan: components joined or left it, or moved to another wave. */
  | { kind: 'rollout'; before: number; after: number; added: string[]; removed: string[]; moved: string[]; message: string };

/** GET /api/changes/[id]/impact: the proposal simulated again against today's graph. */
export type ImpactView = { status: 'current'; impact: SimulationResult; differences: ImpactDifference[]; isChanged: boolean } | { status: 'unavailable'; reason: string };

/** What a decision answers: the request as it is now, and what else happened because of it. */
export type DecisionResult = {
  change: ChangeRequest;
  /** Set when the decision applied the request (apply, or the last approval with autoApply). */
  apply: ApplyReport | null;
};

/** One member's write in an apply, in the order written (providers first). */
export type MemberWrite = {
  componentId: string;
  action: MemberAction;
  /** The config version written; null for a removal. */
  version: number | null;
  /** Found already written by an earlier apply of this request (nothing written again). */
  isRecovered: boolean;
};

export type ApplyReport = {
  ok: boolean;
  /** The first member's config version written (or found written by an interrupted apply). */
  version: number | null;
  /** Every member's write, providers first. */
  members: MemberWrite[];
  isRecovered: boolean;
  /** Other open requests on its components that the apply made stale. */
  staled: string[];
  sync: { ok: boolean; error: string | null } | null;
  /** `rollout`: no plain webhook; the rollout asks the pipeline to deploy each member (its id in `rollout`). */
  webhook: 'sent' | 'failed' | 'off' | 'rollout';
  /** The rollout the apply started (rollouts on); null otherwise. */
  rollout: string | null;
  /** Members the rollout writes at their wave (they depend on another member), not this apply. */
  atWave?: string[];
  /** Why the apply failed, when it did (the request is then apply_failed or stale). */
  error: string | null;
};

/** GET /api/components/[id]/events */
export type ComponentEventsResponse = { id: string; events: AuditEvent[] };
