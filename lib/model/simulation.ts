/**
 * What a simulated change proposal answers (ARCHITECTURE.md §6), and the zod
 * schemas of the bodies that ask for one: POST /api/simulate and
 * POST /api/changes. The result is computed by lib/changes/simulate-change.ts
 * and stored as the change request's `impact` at submission.
 */
import { z } from 'zod';
import { isJsonObject, type JsonValue } from './json';
import type { FieldChange } from '@/lib/json/diff-json';
import { CHANGE_STATUSES, type ChangeRequest, type ChangeStatus, type MemberAction } from './change-request';
import type { Consequences } from './consequences';
import type { RolloutPlan } from './rollout';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** An existing component, or a new one named by env, type and nickname. */
export type ProposalTarget = { componentId: string } | { env: string; type: string; nickname: string };

export const ISSUE_CODES = [
  'json_syntax',
  'not_an_object',
  'schema',
  'dangling_reference',
  'self_reference',
  'cycle',
  'size_limit',
  'invalid_name',
  'unknown_environment',
  'already_exists',
  'no_change',
  'has_dependents',
  'not_found',
  'duplicate_member',
  // warnings only
  'no_schema',
  'schema_problem',
  'existing_dangling_reference',
  'existing_self_reference',
  'existing_cycle',
  'breaks_references',
  'advanced_tier',
  'nickname_mismatch',
  'current_not_json',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export type ValidationIssue = {
  code: IssueCode;
  message: string;
  /** JSON path in the proposed config the issue is about (`subnets[2].cidr`), when there is one. */
  path: string | null;
  /** 1-based line and column in the text as typed (JSON syntax errors). */
  line: number | null;
  column: number | null;
  /** In a change set: the member it is about. */
  componentId?: string;
};

/** One reference of a config: where it is written and what it resolves to. */
export type ReferenceEdge = { path: string; to: string; rule: string; dangling: boolean };

/** A reference of another component that the proposal breaks (e.g. a zone renamed under a by-name rule). */
export type BrokenReference = { from: string; path: string; rule: string };

export type BlastRadiusEntry = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  /** 1 = refers to the changed component directly. */
  depth: number;
  /** The references walked from the changed component to this one, nearest first. */
  via: Array<{ from: string; to: string; path: string }>;
};

export type Conflict = {
  id: string;
  title: string;
  status: ChangeStatus;
  author: string;
  /** The component the two requests collide on (a member of the other request). */
  componentId: string;
  relation: 'same_component' | 'in_blast_radius';
};

export type RiskReason = { level: RiskLevel; code: string; message: string };

/** What every simulation says about the proposal's target and text. */
type ProposalFacts = {
  componentId: string;
  env: string;
  type: string;
  nickname: string;
  action: MemberAction;
  isNew: boolean;
  /** The config version the proposal replaces; null for a new component (or one without a config). */
  baseVersion: number | null;
  simulatedAt: string;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  /** The value as it would be written (compact JSON); null when the text is not JSON, or for a removal. */
  proposedConfig: string | null;
  size: { bytes: number; limit: number; tier: 'Standard' | 'Advanced' | null };
};

export type SimulatedReferences = { added: ReferenceEdge[]; removed: ReferenceEdge[]; unchanged: ReferenceEdge[]; broken: BrokenReference[] };

/** One member of a change set as simulated: its own validation, diff and references (the set's consequences are the result's). */
export type MemberSimulation = ProposalFacts & {
  /** Its text is a config document (a removal is: there is nothing to read). */
  isDocument: boolean;
  schema: 'valid' | 'invalid' | 'unusable' | 'none' | null;
  /** Null when its text is no document. */
  diff: FieldChange[] | null;
  references: SimulatedReferences | null;
};

/**
 * The simulation of a proposal whose every member is a config document (a
 * JSON object) or a removal: each member's diff and references, and the
 * set's combined blast radius, consequences, conflicts and risk. The
 * top-level facts, diff and references are the first member's (a proposal
 * of one component is a set of one). A request's stored `impact` is one of
 * these (only a valid proposal is submitted).
 */
export type SimulationResult = ProposalFacts & {
  isDocument: true;
  /** No errors in any member: the proposal may be submitted. */
  isValid: boolean;
  schema: 'valid' | 'invalid' | 'unusable' | 'none';
  diff: FieldChange[];
  references: SimulatedReferences;
  members: MemberSimulation[];
  /** Every component that depends on a member, transitively (members themselves only when another member reaches them). */
  blastRadius: {
    total: number;
    /** Counts per env and type, largest first. */
    groups: Array<{ env: string; type: string; count: number }>;
    /** Nearest first; at most BLAST_RADIUS_LISTED entries (see `truncated`). */
    components: BlastRadiusEntry[];
    isTruncated: boolean;
  };
  /** Per dependent: must redeploy, holds a stale copy, or unaffected (lib/model/consequences.ts). */
  consequences: Consequences;
  conflicts: Conflict[];
  risk: { level: RiskLevel; reasons: RiskReason[] };
  /** The waves a rollout would deploy after apply (lib/changes/plan-rollout.ts); null in impacts stored before rollouts. */
  rollout: RolloutPlan | null;
};

/**
 * A proposal with a member that is no config document (not JSON, or JSON
 * but not an object): its errors say why, and nothing is worked out from
 * it: no field changes, no blast radius, no consequences, no risk verdict.
 */
export type UnreadableProposal = ProposalFacts & {
  isDocument: false;
  isValid: false;
  /** Not checked: there is no document to check. */
  schema: null;
  diff: null;
  references: null;
  /** Each member's own facts and errors (no diff for any: a set is judged whole or not at all). */
  members: MemberSimulation[];
  blastRadius: null;
  consequences: null;
  conflicts: null;
  risk: null;
  rollout: null;
};

/** What POST /api/simulate answers. */
export type ProposalSimulation = SimulationResult | UnreadableProposal;

/** A config is at most 8 KB; the text as typed may be pretty-printed, so allow room. */
const PROPOSED_TEXT_MAX = 64 * 1024;

const targetFields = {
  componentId: z.string().min(1).max(400).optional(),
  env: z.string().min(1).max(128).optional(),
  type: z.string().min(1).max(128).optional(),
  nickname: z.string().min(1).max(128).optional(),
};

const proposalFields = {
  ...targetFields,
  /** The raw text as typed in the editor. */
  proposedConfig: z.string().max(PROPOSED_TEXT_MAX, `at most ${PROPOSED_TEXT_MAX / 1024} KB of text`),
};

type ProposalFields = { componentId?: string; env?: string; type?: string; nickname?: string };

function checkTarget(body: ProposalFields, ctx: z.RefinementCtx): void {
  const named = [body.env, body.type, body.nickname].filter((v) => v !== undefined).length;
  if (body.componentId !== undefined && named > 0) {
    ctx.addIssue({ code: 'custom', message: 'give either componentId or env, type and nickname, not both', path: ['componentId'] });
  } else if (body.componentId === undefined && named < 3) {
    ctx.addIssue({ code: 'custom', message: 'give componentId (an existing component) or env, type and nickname (a new one)', path: ['componentId'] });
  }
}

function toTarget(body: ProposalFields): ProposalTarget {
  return body.componentId !== undefined ? { componentId: body.componentId } : { env: body.env!, type: body.type!, nickname: body.nickname! };
}

/** At most this many components in one change set. */
export const MAX_MEMBERS = 50;

/** One member as proposed: its target, and the text as typed, or null to remove the component. */
export type ProposedMember = { target: ProposalTarget; proposedConfig: string | null };

/** One member of a set: an edit or new component (`proposedConfig`), or the removal of an existing one (`remove: true`). */
const memberSchema = z
  .strictObject({ ...proposalFields, proposedConfig: proposalFields.proposedConfig.optional(), remove: z.literal(true).optional() })
  .superRefine((member, ctx) => {
    checkTarget(member, ctx);
    if (member.remove && member.proposedConfig !== undefined) ctx.addIssue({ code: 'custom', message: 'a removal has no proposedConfig', path: ['proposedConfig'] });
    if (member.remove && member.componentId === undefined) ctx.addIssue({ code: 'custom', message: 'a removal names an existing componentId', path: ['componentId'] });
    if (!member.remove && member.proposedConfig === undefined) ctx.addIssue({ code: 'custom', message: 'give proposedConfig, or remove: true', path: ['proposedConfig'] });
  })
  .transform((member): ProposedMember => ({ target: toTarget(member), proposedConfig: member.remove ? null : (member.proposedConfig ?? '') }));

const membersField = z.array(memberSchema).min(1, 'a change set needs at least one member').max(MAX_MEMBERS, `at most ${MAX_MEMBERS} members`);

const singleMember = ({ componentId, env, type, nickname, proposedConfig }: ProposalFields & { proposedConfig: string }): ProposedMember[] => [
  { target: toTarget({ componentId, env, type, nickname }), proposedConfig },
];

/** POST /api/simulate: one component (`componentId` or env/type/nickname, and `proposedConfig`), or `members`. */
export const simulateBodySchema = z.union([
  z.strictObject({ members: membersField }),
  z
    .strictObject(proposalFields)
    .superRefine(checkTarget)
    .transform((body) => ({ members: singleMember(body) })),
]);
export type SimulateBody = z.infer<typeof simulateBodySchema>;
/** What a client sends to POST /api/simulate. */
export type SimulateRequest = z.input<typeof simulateBodySchema>;

const requestFields = {
  title: z.string().trim().min(1, 'a title is required').max(200),
  description: z.string().max(10_000).default(''),
};
/** The config version the author edited (null for a new component). */
const baseVersion = z.int().min(1).nullable();

/** POST /api/changes: the proposal (one component, or `members` with one base version each in `baseVersions`), its title and description. */
export const createChangeBodySchema = z.union([
  z.strictObject({ members: membersField, baseVersions: z.array(baseVersion).max(MAX_MEMBERS), ...requestFields }).superRefine((body, ctx) => {
    if (body.baseVersions.length !== body.members.length) {
      ctx.addIssue({ code: 'custom', message: `give one base version per member (${body.members.length}), in the same order`, path: ['baseVersions'] });
    }
  }),
  z
    .strictObject({ ...proposalFields, ...requestFields, baseVersion })
    .superRefine(checkTarget)
    .transform(({ title, description, baseVersion: base, ...member }) => ({ members: singleMember(member), baseVersions: [base], title, description })),
]);
export type CreateChangeBody = z.infer<typeof createChangeBodySchema>;
/** What a client sends to POST /api/changes. */
export type CreateChangeRequest = z.input<typeof createChangeBodySchema>;

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item)).optional();

/** GET /api/changes?status=open,approved&env=prod&component=prod:vpc/main&author=alice@example.com */
export const changesQuerySchema = z.strictObject({
  status: list(z.enum(CHANGE_STATUSES)),
  env: z.string().min(1).optional(),
  component: z.string().min(1).optional(),
  author: z.string().min(1).optional(),
});
export type ChangesQuery = z.infer<typeof changesQuerySchema>;

/** A change request as lists show it: the impact reduced to its risk and blast radius, the members to what they change. */
export type ChangeSummary = Omit<ChangeRequest, 'impact' | 'proposedConfig' | 'members'> & {
  risk: RiskLevel | null;
  blastRadius: number | null;
  members: Array<{ componentId: string; action: MemberAction; isApplied: boolean }>;
};
export type ChangesListResponse = { changes: ChangeSummary[] };

/**
 * A request's stored impact read back as the SimulationResult of its day:
 * only valid proposals are submitted, so it is always of a config document
 * (older ones carry no `isDocument`). Anything without the core fields is
 * not one (null): callers show it raw.
 */
export function storedImpact(impact: JsonValue): SimulationResult | null {
  const isComplete = isJsonObject(impact) && isJsonObject(impact.risk) && isJsonObject(impact.blastRadius) && Array.isArray(impact.diff);
  if (!isComplete) return null;
  // Older impacts predate actions, members and consequences: a set of one, whose consequences were not worked out.
  const action = typeof impact.action === 'string' ? impact.action : impact.isNew === true ? 'create' : 'update';
  const { blastRadius: _b, conflicts: _c, risk: _r, consequences: _q, members: _m, ...facts } = impact;
  const members = Array.isArray(impact.members) ? impact.members : [{ ...facts, action, isDocument: true }];
  return { ...impact, action, members, consequences: impact.consequences ?? null, rollout: impact.rollout ?? null, isDocument: true } as unknown as SimulationResult;
}
