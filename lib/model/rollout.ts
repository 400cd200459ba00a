/**
 * Rollouts (ARCHITECTURE.md §6b): an applied change carried through the
 * dependents that must follow it, wave by wave. Planned at simulation time
 * (lib/changes/plan-rollout.ts, stored in the impact as `rollout`), run
 * after apply by the rollout driver (lib/workflow/rollout-driver.ts), which
 * asks the deploy pipeline to deploy each member and observes SSM for the
 * runtime it writes.
 */
import { z } from 'zod';
import type { AuditEvent, MemberAction } from './change-request';

/** Why a component is in a rollout: a member of the change, or a dependent whose verdict is must_redeploy. */
export type RolloutReason = 'changed' | 'must_redeploy';

export type PlannedMember = {
  componentId: string;
  env: string;
  type: string;
  nickname: string;
  reason: RolloutReason;
  /** What the change does to it (null for a dependent, whose config stays the same). */
  action: MemberAction | null;
  /** The rollout's components it waits for (its providers in the rollout, or for a removal what referred to it), sorted. */
  waitsFor: string[];
  /** It is on a dependency cycle among the rollout's components: the cycle's members share a wave. */
  inCycle: boolean;
};

export type PlannedWave = {
  /** 1-based. */
  wave: number;
  /** By env, then component id. */
  members: PlannedMember[];
  /** The environments the wave touches, sorted. */
  envs: string[];
};

export type RolloutPlan = {
  waves: PlannedWave[];
  /** Components in all waves. */
  total: number;
  /** Dependency cycles among the rollout's components, each as a sorted list of ids; they break nothing (one wave each). */
  cycles: string[][];
};

export const ROLLOUT_STATUSES = ['running', 'paused', 'completed', 'aborted'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

export const MEMBER_STATES = ['waiting', 'deploying', 'deployed', 'failed', 'skipped'] as const;
export type RolloutMemberState = (typeof MEMBER_STATES)[number];

/** What the pipeline said on the callback (POST /api/rollouts/<id>/callback). */
export type PipelineReport = { status: 'succeeded' | 'failed'; message: string; at: string };

export type RolloutMember = PlannedMember & {
  wave: number;
  state: RolloutMemberState;
  /** The config version it is asked to deploy; set when its wave starts (null before, and for a removal). */
  configVersion: number | null;
  /** When that config version was published (SSM's time). */
  configPublishedAt: string | null;
  /** The runtime version when its deploy was requested; null: it had none. */
  runtimeBefore: number | null;
  /** When Karma asked for the deploy; null while waiting. */
  requestedAt: string | null;
  /** No runtime write by then: failed (timed out). */
  deadline: string | null;
  /** The runtime version that counted as deployed, and when SSM says it was written. */
  observedRuntimeVersion: number | null;
  observedAt: string | null;
  error: string | null;
  /** Deploy requests sent (1 + retries). */
  attempts: number;
  /** The webhook delivery id of the last request; null when no hook was asked (only observed). */
  delivery: string | null;
  /** Where the request went (no query or credentials); null: no hook for it, `simulator` in the demo. */
  hook: string | null;
  /** The last thing the pipeline reported on the callback. */
  report: PipelineReport | null;
  /** Who skipped it and why. */
  skipped: { by: string; comment: string; at: string } | null;
};

export type Rollout = {
  /** `ro:<uuid of the change request>`: one rollout per request. */
  id: string;
  changeRequestId: string;
  title: string;
  /** The request's author (the policy's "own change"). */
  author: string;
  status: RolloutStatus;
  /** Incremented by every transition; the compare-and-set guard. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** The wave being deployed (1-based); waves + 1 once every wave is done. */
  currentWave: number;
  waves: number;
  members: RolloutMember[];
  cycles: string[][];
  /** Why it is paused (or was aborted); null while running. */
  reason: string | null;
  startedBy: string;
};

export type RolloutFilter = {
  status?: RolloutStatus[];
  changeRequestId?: string;
  /** Any member's. */
  componentId?: string;
};

/** The rollout of a change request: derived from the request's id, so a request has at most one. */
export function rolloutIdOf(changeRequestId: string): string {
  return `ro:${changeRequestId.replace(/^cr:/, '')}`;
}

export const ROLLOUT_ACTIONS = ['pause', 'resume', 'retry', 'skip', 'abort'] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

/** POST /api/rollouts/<id>/<action>: retry and skip name a member; skip needs a comment. */
export const rolloutActionBodySchema = z.strictObject({
  componentId: z.string().min(1).max(400).optional(),
  comment: z.string().trim().max(2_000).default(''),
});
export type RolloutActionBody = z.infer<typeof rolloutActionBodySchema>;

/** What the pipeline posts to the callback URL, signed like the webhook (X-Karma-Signature over the raw body). */
export const rolloutCallbackSchema = z.strictObject({
  rolloutId: z.string().min(1).max(200),
  componentId: z.string().min(1).max(400),
  wave: z.int().min(1),
  status: z.enum(['succeeded', 'failed']),
  message: z.string().max(2_000).default(''),
  /** The pipeline's clock; refused when further than 5 minutes from Karma's. */
  sentAt: z.string().min(1).max(64),
});
export type RolloutCallback = z.infer<typeof rolloutCallbackSchema>;

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? v.split(',') : v), z.array(item)).optional();

/** GET /api/rollouts?status=running,paused&change=cr:…&component=prod:vpc/main */
export const rolloutsQuerySchema = z.strictObject({
  status: list(z.enum(ROLLOUT_STATUSES)),
  change: z.string().min(1).optional(),
  component: z.string().min(1).optional(),
});
export type RolloutsQuery = z.infer<typeof rolloutsQuerySchema>;

/** A rollout as lists show it: members reduced to counts by state. */
export type RolloutSummary = Omit<Rollout, 'members'> & { counts: Record<RolloutMemberState, number>; total: number };
export type RolloutsListResponse = { rollouts: RolloutSummary[] };

export type RolloutDecision = { allowed: true } | { allowed: false; code: 'forbidden' | 'invalid_transition' | 'bad_request'; reason: string };

/** GET /api/rollouts/<id> and every action's answer. */
export type RolloutView = {
  rollout: Rollout;
  change: { id: string; title: string; status: string; author: string };
  /** What this user may do now (retry and skip: whether they may for some member). */
  allowed: Record<RolloutAction, RolloutDecision>;
  /** The rollout's audit events, oldest first. */
  events: AuditEvent[];
};

export function summariseRollout(rollout: Rollout): RolloutSummary {
  const { members, ...rest } = rollout;
  const counts = Object.fromEntries(MEMBER_STATES.map((s) => [s, 0])) as Record<RolloutMemberState, number>;
  for (const m of members) counts[m.state]++;
  return { ...rest, counts, total: members.length };
}
