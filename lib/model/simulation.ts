/**
 * What a simulated change proposal answers (ARCHITECTURE.md §6), and the zod
 * schemas of the bodies that ask for one: POST /api/simulate and
 * POST /api/changes. The result is computed by lib/changes/simulate-change.ts
 * and stored as the change request's `impact` at submission.
 */
import { z } from 'zod';
import { isJsonObject, type JsonValue } from './json';
import type { FieldChange } from '@/lib/json/diff-json';
import { CHANGE_STATUSES, type ChangeRequest, type ChangeStatus } from './change-request';

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
  isNew: boolean;
  /** The config version the proposal replaces; null for a new component (or one without a config). */
  baseVersion: number | null;
  simulatedAt: string;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  /** The value as it would be written (compact JSON); null when the text is not JSON. */
  proposedConfig: string | null;
  size: { bytes: number; limit: number; tier: 'Standard' | 'Advanced' | null };
};

/**
 * The simulation of a proposal that is a config document (a JSON object):
 * its diff, references, blast radius, conflicts and risk. A request's
 * stored `impact` is one of these (only a valid proposal is submitted).
 */
export type SimulationResult = ProposalFacts & {
  isDocument: true;
  /** No errors: the proposal may be submitted. */
  isValid: boolean;
  schema: 'valid' | 'invalid' | 'unusable' | 'none';
  diff: FieldChange[];
  references: { added: ReferenceEdge[]; removed: ReferenceEdge[]; unchanged: ReferenceEdge[]; broken: BrokenReference[] };
  blastRadius: {
    total: number;
    /** Counts per env and type, largest first. */
    groups: Array<{ env: string; type: string; count: number }>;
    /** Nearest first; at most BLAST_RADIUS_LISTED entries (see `truncated`). */
    components: BlastRadiusEntry[];
    isTruncated: boolean;
  };
  conflicts: Conflict[];
  risk: { level: RiskLevel; reasons: RiskReason[] };
};

/**
 * A proposal that is no config document (not JSON, or JSON but not an
 * object): its errors say why, and nothing is worked out from it: no field
 * changes, no blast radius, no risk verdict.
 */
export type UnreadableProposal = ProposalFacts & {
  isDocument: false;
  isValid: false;
  /** Not checked: there is no document to check. */
  schema: null;
  diff: null;
  references: null;
  blastRadius: null;
  conflicts: null;
  risk: null;
};

/** What POST /api/simulate answers. */
export type ProposalSimulation = SimulationResult | UnreadableProposal;

/** A config is at most 8 KB; the text as typed may be pretty-printed, so allow room. */
const PROPOSED_TEXT_MAX = 64 * 1024;

const proposalFields = {
  componentId: z.string().min(1).max(400).optional(),
  env: z.string().min(1).max(128).optional(),
  type: z.string().min(1).max(128).optional(),
  nickname: z.string().min(1).max(128).optional(),
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

export const simulateBodySchema = z
  .strictObject(proposalFields)
  .superRefine(checkTarget)
  .transform((body) => ({ target: toTarget(body), proposedConfig: body.proposedConfig }));
export type SimulateBody = z.infer<typeof simulateBodySchema>;

export const createChangeBodySchema = z
  .strictObject({
    ...proposalFields,
    title: z.string().trim().min(1, 'a title is required').max(200),
    description: z.string().max(10_000).default(''),
    /** The config version the author edited; null for a new component. */
    baseVersion: z.int().min(1).nullable(),
  })
  .superRefine(checkTarget)
  .transform(({ title, description, baseVersion, proposedConfig, ...target }) => ({
    target: toTarget(target),
    proposedConfig,
    title,
    description,
    baseVersion,
  }));
export type CreateChangeBody = z.infer<typeof createChangeBodySchema>;

const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item)).optional();

/** GET /api/changes?status=open,approved&env=prod&component=prod:vpc/main&author=alice@example.com */
export const changesQuerySchema = z.strictObject({
  status: list(z.enum(CHANGE_STATUSES)),
  env: z.string().min(1).optional(),
  component: z.string().min(1).optional(),
  author: z.string().min(1).optional(),
});
export type ChangesQuery = z.infer<typeof changesQuerySchema>;

/** A change request as lists show it: the impact reduced to its risk and blast radius. */
export type ChangeSummary = Omit<ChangeRequest, 'impact' | 'proposedConfig'> & { risk: RiskLevel | null; blastRadius: number | null };
export type ChangesListResponse = { changes: ChangeSummary[] };

/**
 * A request's stored impact read back as the SimulationResult of its day:
 * only valid proposals are submitted, so it is always of a config document
 * (older ones carry no `isDocument`). Anything without the core fields is
 * not one (null): callers show it raw.
 */
export function storedImpact(impact: JsonValue): SimulationResult | null {
  const isComplete = isJsonObject(impact) && isJsonObject(impact.risk) && isJsonObject(impact.blastRadius) && Array.isArray(impact.diff);
  return isComplete ? ({ ...impact, isDocument: true } as unknown as SimulationResult) : null;
}
