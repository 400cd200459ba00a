/**
 * The Karma settings file (JSON, path in KARMA_SETTINGS): what cannot be
 * said comfortably in environment variables — several SSM environments,
 * extra reference rules, runtime ownership, roles, approval policy.
 * Environment variables (lib/server/settings.ts) override where both exist.
 */
import { z } from 'zod';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');

export const environmentSettingsSchema = z.strictObject({
  name,
  /** Parameter prefix of this environment; `/iac` by default. */
  prefix: z
    .string()
    .regex(/^\/[^\s]*[^/\s]$|^\/$/, 'an absolute parameter path without trailing slash')
    .default('/iac'),
  region: z.string().optional(),
  /** Named profile from the shared AWS config (credentials come from the SDK's chain). */
  profile: z.string().optional(),
  /** Endpoint override (e.g. a VPC endpoint or a local SSM stand-in). */
  endpoint: z.url().optional(),
});
export type EnvironmentSettings = z.infer<typeof environmentSettingsSchema>;

export const normalisationSchema = z.enum(['lowercase', 'trailing-dot']);
export type Normalisation = z.infer<typeof normalisationSchema>;

/**
 * An extra way configs refer to each other. `field` matches key names at any
 * depth: an exact name (`cluster_nickname`) or a glob with `*` (`*_zone_name`).
 */
export const referenceRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('field'),
    name,
    /** Only configs of this type are scanned; all types when absent. */
    sourceType: name.optional(),
    field: z.string().min(1),
    targetType: name,
    /** Dot path of the target's config field to compare with; the target's nickname when absent. */
    targetField: z.string().min(1).optional(),
    normalize: z.array(normalisationSchema).default([]),
    /** false: same environment only; true: any environment (same one first); a name: that environment. */
    crossEnv: z.union([z.boolean(), name]).default(false),
  }),
  z.strictObject({
    kind: z.literal('same-nickname'),
    name,
    sourceType: name,
    targetType: name,
    /** When the target is missing: true keeps a dangling edge, false adds no edge. */
    required: z.boolean().default(false),
  }),
]);
export type ReferenceRule = z.infer<typeof referenceRuleSchema>;

/**
 * Who owns a runtime that has no config of its own, so it is not reported as
 * orphaned: `same-nickname` (an OpenAPI document uploaded for the API of the
 * same nickname) or `map-key` (a per-function lambda runtime whose nickname is
 * a key of the owner's `functions` map).
 */
export const runtimeOwnerRuleSchema = z.discriminatedUnion('match', [
  z.strictObject({ match: z.literal('same-nickname'), type: name, ownerType: name }),
  z.strictObject({ match: z.literal('map-key'), type: name, ownerType: name, field: z.string().min(1) }),
]);
export type RuntimeOwnerRule = z.infer<typeof runtimeOwnerRuleSchema>;

/**
 * An owner pattern: `[<env>:]<type>/<nickname>`. Each part is a name or a
 * glob where `*` stands for any run of characters (`aurora-*`, `*-events`,
 * `*`); without `<env>:` the pattern matches every environment. Examples:
 * `prod:aurora-postgres/*` (every production Aurora database),
 * `aurora-postgres/orders` (the orders database in any environment),
 * `*:sqs-queue/*-events` (the same as `sqs-queue/*-events`); type and
 * nickname both `*` in env `prod` match everything in production.
 */
export const OWNER_MATCH = /^(?:([A-Za-z0-9._*-]+):)?([A-Za-z0-9._*-]+)\/([A-Za-z0-9._*-]+)$/;

/**
 * Approvals by ownership (README "Change requests"): a change whose members
 * or blast radius reach a component that `match` names needs, besides its
 * environment's count, one approval from someone who was in one of `groups`
 * (any one of them) when they approved. Groups are OIDC groups (the demo's
 * users have their own, lib/auth/roles.ts).
 */
export const ownerRuleSchema = z.strictObject({
  match: z.string().regex(OWNER_MATCH, 'an owner pattern [<env>:]<type>/<nickname>, each part a name or a glob with * (e.g. "prod:aurora-postgres/*" or "aurora-postgres/orders")'),
  groups: z.array(z.string().trim().min(1, 'a group name cannot be empty')).min(1, 'name at least one group whose approval the owned components need'),
});
export type OwnerRule = z.infer<typeof ownerRuleSchema>;

export const ROLES = ['viewer', 'proposer', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const settingsFileSchema = z.strictObject({
  $schema: z.string().optional(),
  environments: z.array(environmentSettingsSchema).default([]),
  referenceRules: z.array(referenceRuleSchema).default([]),
  runtimeOwners: z.array(runtimeOwnerRuleSchema).default([]),
  /** Extra config field → runtime field mirrors per type, for drift (and for the consequences of a change: the output a field's change changes). */
  fieldMirrors: z.record(name, z.record(z.string(), z.string())).default({}),
  /**
   * Per component type, the runtime outputs a config field changes, for the
   * consequences of a change (`{ "vpc": { "cidr": ["vpc_cidr", "private_subnet_cidrs"] } }`).
   * A type with a map changes no output through a field that is in none of
   * the field mirrors, the runtime's same-name outputs and this map; for a
   * type without one, such a field may change any output, so everything
   * that reads the component must redeploy.
   */
  derivedOutputs: z.record(name, z.record(z.string(), z.array(z.string()))).default({}),
  /**
   * Per consumer type, per provider type, the outputs a consumer reads of
   * what it refers to (`{ "ecs-service": { "vpc": ["private_subnet_ids", "vpc_id"] } }`);
   * without an entry it reads every output. A consumer whose outputs all
   * stay the same is unaffected by a change.
   */
  consumes: z.record(name, z.record(name, z.array(z.string()))).default({}),
  /** Role grants by e-mail address or OIDC group; everyone else is a viewer. */
  roles: z
    .array(
      z.strictObject({
        role: z.enum(ROLES),
        emails: z.array(z.string()).default([]),
        groups: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  /**
   * Who may sign in at all through GitHub or OIDC: e-mail domains
   * (`example.com`). Empty: anyone the provider accepts (as a viewer unless a
   * grant says more) — with GitHub that is every GitHub account.
   */
  allowedEmailDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain such as example.com')).default([]),
  /** Distinct approvals a request needs before it can be applied, per environment. */
  approvals: z.strictObject({ default: z.int().min(1).max(10).default(1), perEnv: z.record(name, z.int().min(1).max(10)).default({}) }).default({ default: 1, perEnv: {} }),
  /**
   * Who owns what, for approvals by ownership (ownerRuleSchema): a change
   * reaching an owned component needs an approval from its owners as well
   * as its environment's count. `[{ "match": "prod:aurora-postgres/*", "groups": ["data-team"] }]`.
   */
  owners: z.array(ownerRuleSchema).default([]),
  /** Apply automatically when the last required approval arrives. */
  autoApply: z.boolean().default(false),
  /**
   * The config repo (iac/<env>/<type>/<nickname>/config.json): a checkout
   * folder, read only; or a Git remote, read at its branch tip and written
   * by apply (README "Config repo").
   */
  configRepo: z
    .union([
      z.string().min(1),
      z.strictObject({
        /** URL (https://, ssh://, git://, user@host:path) or path of the remote; a relative path is from this file. */
        remote: z.string().min(1),
        branch: z
          .string()
          .regex(/^(?!-)[A-Za-z0-9._/-]+$/, 'a branch name')
          .default('main'),
        /** Where a commit can be seen: a URL with `{commit}`; derived for github.com and gitlab.com remotes. */
        commitUrl: z.string().includes('{commit}', { message: 'a URL template with {commit}' }).optional(),
      }),
    ])
    .optional(),
  /**
   * Rollouts (README "Rollouts"): after apply, carry the change through the
   * dependents that must redeploy, wave by wave, asking the deploy pipeline
   * and observing SSM. Off unless enabled here or by KARMA_ROLLOUTS (on in
   * the demo, with its simulated pipeline).
   */
  rollouts: z
    .strictObject({
      enabled: z.boolean().optional(),
      /** Minutes a member may take from its deploy request to its runtime write before the rollout pauses. */
      timeoutMinutes: z
        .strictObject({ default: z.number().positive().max(1_440).default(30), perType: z.record(name, z.number().positive().max(1_440)).default({}) })
        .default({ default: 30, perType: {} }),
      /**
       * Deploy hooks other than KARMA_WEBHOOK_URL, first match wins: `match` is a
       * component type (`vpc`) or a component id pattern with `*` (`prod:ecs-service/*`).
       * Signed with KARMA_WEBHOOK_SECRET.
       */
      hooks: z.array(z.strictObject({ match: z.string().min(1), url: z.url() })).default([]),
      /** May the author of a change operate its rollout (resume, retry, skip, abort)? Pause is open to every approver. */
      authorMayOperate: z.boolean().default(false),
    })
    .default({ timeoutMinutes: { default: 30, perType: {} }, hooks: [], authorMayOperate: false }),
  /**
   * Infrastructure memory (README "History and time travel"): each sync
   * records the versions it sees for the first time; SSM's older history is
   * read in the background, paced so the account is never throttled.
   */
  history: z
    .strictObject({
      /** Read SSM's history of components Karma sees for the first time (the backfill), and of versions a listing cannot describe. */
      backfill: z.boolean().default(true),
      /** GetParameterHistory calls per second the history worker makes at most (SSM only; the embedded store is not paced). */
      callsPerSecond: z.number().positive().max(100).default(5),
    })
    .default({ backfill: true, callsPerSecond: 5 }),
  /** Identity the CLI acts as for propose/apply. */
  operator: z.strictObject({ name: z.string().min(1), role: z.enum(ROLES) }).optional(),
});
export type SettingsFile = z.infer<typeof settingsFileSchema>;

/** Karma as the committer of its commits, unless KARMA_GIT_COMMITTER says otherwise. */
export const DEFAULT_GIT_COMMITTER = { name: 'Karma', email: 'karma@karma.invalid' };

/** The config repo as resolved from the settings file and environment (lib/server/settings.ts). */
export type ConfigRepoSettings =
  | { kind: 'folder'; path: string }
  | {
      kind: 'git';
      remote: string;
      branch: string;
      /** This instance's own bare clone of the remote. */
      cloneDir: string;
      commitUrl: string | null;
      token: string | null;
      committer: { name: string; email: string };
      /** Demo only: a folder to create the repository from when it does not exist yet. */
      seedFrom: string | null;
    };

/** Rollouts as resolved from the settings file and environment (KARMA_ROLLOUTS, KARMA_ROLLOUT_TICK_MS, KARMA_DEMO_DEPLOY_SECONDS). */
export type RolloutSettings = {
  enabled: boolean;
  /** How often the driver looks at running rollouts and their members' runtimes. */
  tickMs: number;
  timeoutMinutes: { default: number; perType: Record<string, number> };
  hooks: Array<{ match: string; url: string }>;
  /** Signs deploy requests and checks callbacks (KARMA_WEBHOOK_SECRET); null: no hook can be asked, members are only observed. */
  secret: string | null;
  /** The fallback hook (KARMA_WEBHOOK_URL). */
  defaultHook: string | null;
  authorMayOperate: boolean;
  /** The demo's simulated pipeline: writes each member's runtime this long after its deploy request; null outside the demo. */
  simulator: { delayMs: number } | null;
  /** Where the pipeline reports back: NEXTAUTH_URL + /api/rollouts/<id>/callback; null without a public URL. */
  callbackBase: string | null;
};

/** Everything a running Karma is configured with: the environment variables (lib/server/settings.ts reads and checks them) and the settings file they name. */
export type Settings = {
  isDemo: boolean;
  /** Serverless mode (lib/server/serverless-mode.ts): no work that outlives a request. */
  serverless: boolean;
  dataDir: string;
  /** The settings file in use, if any (absolute). */
  settingsFile: string | null;
  file: SettingsFile;
  fixturesDir: string;
  parameters: { kind: 'local' } | { kind: 'ssm' };
  environments: EnvironmentSettings[];
  /** Where the SDK sends SSM calls when an environment names no endpoint (AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL); null: AWS. */
  ssmEndpoint: string | null;
  allowAdvancedTier: boolean;
  configRepo: ConfigRepoSettings | null;
  graphStore: { kind: 'memory'; dataDir: string } | { kind: 'gremlin'; endpoint: string; iam: boolean; region?: string; timeoutMs: number };
  sync: { onStart: boolean; intervalSeconds: number };
  webhook: { url: string; secret: string } | null;
  rollouts: RolloutSettings;
  /** settings.history with KARMA_HISTORY_BACKFILL / KARMA_HISTORY_CALLS_PER_SECOND; `callsPerSecond` null: not paced (the embedded store). */
  history: { backfill: boolean; callsPerSecond: number | null };
  auth: {
    secret: string | null;
    /** NEXTAUTH_URL: the portal's public URL, when it is set. */
    publicUrl: string | null;
    github: { clientId: string; clientSecret: string } | null;
    oidc: {
      issuer: string;
      clientId: string;
      clientSecret: string;
      name: string;
      groupsClaim: string;
      /** Scopes asked for at sign-in (space-separated); `openid email profile` unless OIDC_SCOPE says more (Okta's `groups`, `offline_access`). */
      scope: string;
      /** How long the provider's answer about someone's groups is trusted (seconds); 0: asked again on every request. */
      groupsRefreshSeconds: number;
    } | null;
  };
};
