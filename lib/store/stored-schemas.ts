/**
 * zod schemas for what a graph store reads back (the memory store's file,
 * the JSON documents kept as string properties in Gremlin): data from disk or
 * from a server is checked before the domain trusts it.
 */
import { z } from 'zod';
import { CHANGE_KINDS, CHANGE_STATUSES, EVENT_KINDS, MEMBER_ACTIONS, type ChangeMember } from '@/lib/model/change-request';
import { DRIFT_STATUSES } from '@/lib/model/graph';
import { HISTORY_DOCUMENTS, VERSION_SOURCES, type DocumentVersion, type DriftTransition, type HistoryHead, type VersionKey } from '@/lib/model/history';
import { MEMBER_STATES, ROLLOUT_STATUSES, type Rollout } from '@/lib/model/rollout';

export const jsonValueSchema = z.json();

export const problemSchema = z.object({ code: z.string(), message: z.string(), path: z.string().optional() });
export const problemsSchema = z.array(problemSchema);

export const driftSchema = z.object({
  status: z.enum(DRIFT_STATUSES),
  reasons: z.array(z.string()),
  deployedConfigVersion: z.number().nullable(),
  since: z.string().nullable().optional(),
  changedBy: z.string().nullable().optional(),
});

export const metaSchema = z.record(z.string(), z.string());

export const componentSchema = z.object({
  id: z.string(),
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  config: jsonValueSchema.nullable(),
  configRaw: z.string().nullable(),
  configVersion: z.number().nullable(),
  configModifiedAt: z.string().nullable(),
  configModifiedBy: z.string().nullable(),
  runtime: jsonValueSchema.nullable(),
  runtimeRaw: z.string().nullable(),
  runtimeVersion: z.number().nullable(),
  runtimeModifiedAt: z.string().nullable(),
  meta: metaSchema,
  ownedBy: z.string().nullable(),
  gitConfigRaw: z.string().nullable().optional(),
  problems: problemsSchema,
  drift: driftSchema.optional(),
});

export const edgeSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  path: z.string(),
  rule: z.string(),
  dangling: z.boolean(),
});

export const cyclesSchema = z.array(z.array(z.string()));
export const ignoredParametersSchema = z.array(z.object({ env: z.string(), name: z.string() }));

export const graphSchema = z.object({
  components: z.array(componentSchema),
  edges: z.array(edgeSchema),
  cycles: cyclesSchema,
  ignoredParameters: ignoredParametersSchema,
});

const person = z.object({ name: z.string(), email: z.string() });
export const gitBaseSchema = z.object({
  remote: z.string(),
  branch: z.string(),
  file: z.string(),
  commit: z.string(),
  blob: z.string().nullable(),
  baseText: z.string().nullable(),
  text: z.string(),
  author: person,
  from: z.object({ ref: z.string(), commit: z.string() }).nullable(),
});

export const approvalsSchema = z.array(z.string());
/** Requests stored before approvals by ownership have none: their approvers count as in no group. */
export const approverGroupsSchema = z.record(z.string(), z.array(z.string()));

export const gitFileSchema = z.object({ file: z.string(), blob: z.string().nullable(), baseText: z.string().nullable(), text: z.string().nullable() });

export const changeMemberSchema = z.object({
  componentId: z.string(),
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  action: z.enum(MEMBER_ACTIONS),
  baseVersion: z.int().nullable(),
  proposedConfig: z.string().nullable(),
  git: gitFileSchema.nullable(),
  appliedVersion: z.int().nullable(),
  isApplied: z.boolean(),
});
export const membersSchema = z.array(changeMemberSchema).min(1);

const changeRequestFields = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(CHANGE_STATUSES),
  revision: z.int(),
  author: z.string(),
  componentId: z.string(),
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  baseVersion: z.int().nullable(),
  proposedConfig: z.string(),
  impact: jsonValueSchema,
  approvals: approvalsSchema,
  approverGroups: approverGroupsSchema.default({}),
  createdAt: z.string(),
  updatedAt: z.string(),
  appliedVersion: z.int().nullable(),
  error: z.string().nullable(),
  // Requests stored before Git support have none of these.
  kind: z.enum(CHANGE_KINDS).default('change'),
  git: gitBaseSchema.nullable().default(null),
  gitCommit: z.string().nullable().default(null),
  // Requests stored before change sets have one member, described by the top-level fields.
  members: membersSchema.optional(),
});

export const changeRequestSchema = changeRequestFields.transform(({ members, ...request }) => ({ ...request, members: members ?? [onlyMember(request)] }));

/** The one member of a request stored before change sets, from its top-level fields. */
export function onlyMember(request: Omit<z.infer<typeof changeRequestFields>, 'members'>): ChangeMember {
  const { componentId, env, type, nickname, baseVersion, proposedConfig, git, appliedVersion, status } = request;
  return {
    componentId,
    env,
    type,
    nickname,
    action: baseVersion === null ? 'create' : 'update',
    baseVersion,
    proposedConfig,
    git: git && { file: git.file, blob: git.blob, baseText: git.baseText, text: git.text },
    appliedVersion,
    isApplied: status === 'applied',
  };
}

export const auditEventSchema = z.object({
  id: z.string(),
  kind: z.enum(EVENT_KINDS),
  actor: z.string(),
  at: z.string(),
  note: z.string(),
  data: jsonValueSchema,
  changeRequestId: z.string().nullable(),
  componentId: z.string().nullable(),
});

export const rolloutMemberSchema = z.object({
  componentId: z.string(),
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  reason: z.enum(['changed', 'must_redeploy']),
  action: z.enum(MEMBER_ACTIONS).nullable(),
  waitsFor: z.array(z.string()),
  inCycle: z.boolean(),
  wave: z.int(),
  state: z.enum(MEMBER_STATES),
  configVersion: z.int().nullable(),
  configPublishedAt: z.string().nullable(),
  runtimeBefore: z.int().nullable(),
  requestedAt: z.string().nullable(),
  deadline: z.string().nullable(),
  observedRuntimeVersion: z.int().nullable(),
  observedAt: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.int().nonnegative(),
  delivery: z.string().nullable(),
  hook: z.string().nullable(),
  report: z.object({ status: z.enum(['succeeded', 'failed']), message: z.string(), at: z.string() }).nullable(),
  skipped: z.object({ by: z.string(), comment: z.string(), at: z.string() }).nullable(),
});

export const rolloutSchema = z.object({
  id: z.string(),
  changeRequestId: z.string(),
  title: z.string(),
  author: z.string(),
  status: z.enum(ROLLOUT_STATUSES),
  revision: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  currentWave: z.int(),
  waves: z.int(),
  members: z.array(rolloutMemberSchema),
  cycles: cyclesSchema,
  reason: z.string().nullable(),
  startedBy: z.string(),
});

/** The schemas read back exactly the model's types (Rollout, and the history's below): a field added to one and not the other fails to compile. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type IsTrue<T extends true> = T;
export type RolloutSchemaMatchesModel = IsTrue<Same<z.infer<typeof rolloutSchema>, Rollout>>;

const driftStatusOrNull = z.enum(DRIFT_STATUSES).nullable();

export const documentVersionSchema = z.object({
  id: z.string(),
  componentId: z.string(),
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  document: z.enum(HISTORY_DOCUMENTS),
  version: z.int(),
  raw: z.string().nullable(),
  hash: z.string(),
  modifiedAt: z.string(),
  modifiedBy: z.string().nullable(),
  description: z.string().nullable(),
  changeRequestId: z.string().nullable(),
  gitCommit: z.string().nullable(),
  source: z.enum(VERSION_SOURCES),
  recordedAt: z.string(),
});

export const versionKeySchema = documentVersionSchema
  .pick({ id: true, componentId: true, document: true, version: true, modifiedAt: true, hash: true })
  .extend({ removed: z.boolean() });

export const driftTransitionSchema = z.object({
  id: z.string(),
  componentId: z.string(),
  from: driftStatusOrNull,
  to: driftStatusOrNull,
  at: z.string(),
  observedAt: z.string(),
  reason: z.string().nullable(),
});

const slotHeadSchema = z.object({ id: z.string(), version: z.int(), modifiedAt: z.string(), hash: z.string(), removed: z.boolean() });

export const historyHeadSchema = z.object({
  componentId: z.string(),
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  config: slotHeadSchema.nullable(),
  runtime: slotHeadSchema.nullable(),
  drift: driftStatusOrNull,
  pending: z.array(z.enum(HISTORY_DOCUMENTS)),
});

export type HistorySchemasMatchModel = [
  IsTrue<Same<z.infer<typeof documentVersionSchema>, DocumentVersion>>,
  IsTrue<Same<z.infer<typeof versionKeySchema>, VersionKey>>,
  IsTrue<Same<z.infer<typeof driftTransitionSchema>, DriftTransition>>,
  IsTrue<Same<z.infer<typeof historyHeadSchema>, HistoryHead>>,
];
