import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { forgeCommitUrl, remoteKind } from '@/lib/gitconfig/remote-address';
import {
  DEFAULT_GIT_COMMITTER,
  environmentSettingsSchema,
  settingsFileSchema,
  type ConfigRepoSettings,
  type EnvironmentSettings,
  type Settings,
  type SettingsFile,
} from '@/lib/model/settings';
import { demoReachProblem } from './demo-guard';
import { isServerless, SERVERLESS_DATA_DIR, serverlessProblem } from './serverless-mode';
import { defaultSyncIntervalSeconds, syncIntervalProblem } from './sync-interval';

/**
 * Settings from environment variables (validated with zod at start-up) and
 * the optional settings file they point to. Read once per process. Every
 * variable is documented in README.md ("Configuration").
 */

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  KARMA_DEMO: flag,
  // Unset: `.karma`, or /tmp/karma in serverless mode.
  KARMA_DATA_DIR: z.string().min(1).optional(),
  KARMA_SETTINGS: z.string().min(1).optional(),
  KARMA_FIXTURES: z.string().min(1).default('fixtures/demo'),
  KARMA_PARAMETERS: z.enum(['local', 'ssm']).default('local'),
  KARMA_ENVIRONMENTS: z.string().optional(),
  KARMA_ALLOW_ADVANCED_TIER: flag,
  KARMA_CONFIG_REPO: z.string().min(1).optional(),
  KARMA_CONFIG_REMOTE: z.string().min(1).optional(),
  KARMA_CONFIG_BRANCH: z
    .string()
    .regex(/^(?!-)[A-Za-z0-9._/-]+$/, 'a branch name')
    .optional(),
  KARMA_GIT_TOKEN: z.string().min(1).optional(),
  KARMA_GIT_COMMIT_URL: z.string().includes('{commit}', { message: 'a URL template with {commit}' }).optional(),
  KARMA_GIT_COMMITTER: z
    .string()
    .regex(/^[^<>]+ <[^<>\s]+@[^<>\s]+>$/, '"Name <email>"')
    .optional(),
  KARMA_GRAPH_STORE: z.enum(['memory', 'gremlin']).optional(),
  NEPTUNE_ENDPOINT: z
    .string()
    .regex(/^wss?:\/\/[^\s]+$/, 'ws(s)://host:8182/gremlin')
    .optional(),
  NEPTUNE_IAM: flag,
  NEPTUNE_REGION: z.string().optional(),
  KARMA_GREMLIN_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  // Unset: lib/server/sync-interval.ts's default for the mode (off in the demo, 300 s elsewhere); 0: off.
  KARMA_SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(0).optional(),
  // Unset: on, but off in serverless mode (lib/server/serverless-mode.ts).
  KARMA_SYNC_ON_START: flag.optional(),
  KARMA_SERVERLESS: z.enum(['1', '0', 'true', 'false', 'yes', 'no']).optional(),
  KARMA_WEBHOOK_URL: z.url().optional(),
  KARMA_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  KARMA_ROLLOUTS: z.enum(['1', '0', 'true', 'false', 'yes', 'no']).optional(),
  KARMA_ROLLOUT_TICK_MS: z.coerce.number().int().min(50).max(60_000).optional(),
  KARMA_HISTORY_BACKFILL: z.enum(['1', '0', 'true', 'false', 'yes', 'no']).optional(),
  KARMA_HISTORY_CALLS_PER_SECOND: z.coerce.number().positive().max(100).optional(),
  KARMA_DEMO_DEPLOY_SECONDS: z.coerce.number().min(0).max(3_600).default(4),
  NEXTAUTH_SECRET: z.string().min(1).optional(),
  NEXTAUTH_URL: z.url().optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default('Single sign-on'),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  OIDC_SCOPE: z
    .string()
    .regex(/(^|\s)openid(\s|$)/, 'a space-separated list of scopes that includes openid')
    .default('openid email profile'),
  OIDC_GROUPS_REFRESH_SECONDS: z.coerce.number().int().min(0).max(3_600).default(0),
  NODE_ENV: z.string().optional(),
});

/** Session cookies are signed and encrypted with a key derived from NEXTAUTH_SECRET: at least 256 bits of it. */
const MIN_SECRET_BYTES = 32;

export type { Settings } from '@/lib/model/settings';

export class SettingsError extends Error {
  constructor(message: string) {
    super(`Karma settings: ${message}`);
    this.name = 'SettingsError';
  }
}

function readSettingsFile(file: string): SettingsFile {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SettingsError(`cannot read the settings file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new SettingsError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = settingsFileSchema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new SettingsError(`${file}: ${issues}`);
  }
  return result.data;
}

function parseEnvironments(raw: string): EnvironmentSettings[] {
  // Either JSON (the settings file's `environments` shape) or `dev,prod` / `dev=/iac,prod=/iac/prod`.
  if (raw.trim().startsWith('[')) {
    const result = z.array(environmentSettingsSchema).safeParse(JSON.parse(raw));
    if (!result.success) throw new SettingsError(`KARMA_ENVIRONMENTS: ${result.error.issues[0]?.message}`);
    return result.data;
  }
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, prefix] = part.split('=');
      const result = environmentSettingsSchema.safeParse({ name, ...(prefix ? { prefix } : {}) });
      if (!result.success) throw new SettingsError(`KARMA_ENVIRONMENTS: "${part}": ${result.error.issues[0]?.message}`);
      return result.data;
    });
}

type EnvVars = z.infer<typeof envSchema>;

function hasGit(): boolean {
  return spawnSync('git', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The config repo: KARMA_CONFIG_REMOTE or the file's `configRepo.remote` (Git,
 * read and written), else KARMA_CONFIG_REPO or the file's `configRepo` folder
 * (read only). The demo's folder becomes a real repository in the data
 * folder, created from the fixtures on first start, so its applies commit.
 */
function resolveConfigRepo(
  vars: EnvVars,
  file: SettingsFile,
  settingsFile: string | null,
  { cwd, dataDir, isDemo }: { cwd: string; dataDir: string; isDemo: boolean },
): ConfigRepoSettings | null {
  if (vars.KARMA_CONFIG_REPO && vars.KARMA_CONFIG_REMOTE) {
    throw new SettingsError('KARMA_CONFIG_REPO (a folder, read only) and KARMA_CONFIG_REMOTE (a Git remote Karma reads and writes) are alternatives: set one');
  }
  const fromFile = settingsFile ? path.dirname(settingsFile) : cwd;
  const fileRemote = typeof file.configRepo === 'object' ? file.configRepo : null;
  const remoteRaw = vars.KARMA_CONFIG_REMOTE ?? (vars.KARMA_CONFIG_REPO ? undefined : fileRemote?.remote);
  const committer = vars.KARMA_GIT_COMMITTER
    ? { name: vars.KARMA_GIT_COMMITTER.replace(/ <.*$/, ''), email: /<([^>]+)>/.exec(vars.KARMA_GIT_COMMITTER)![1] }
    : DEFAULT_GIT_COMMITTER;
  const git = (remote: string, seedFrom: string | null): ConfigRepoSettings => ({
    kind: 'git',
    remote,
    branch: vars.KARMA_CONFIG_BRANCH ?? fileRemote?.branch ?? 'main',
    // One clone per remote, so pointing an instance at another remote never mixes their objects.
    cloneDir: path.join(dataDir, 'git', createHash('sha256').update(remote).digest('hex').slice(0, 16)),
    commitUrl: vars.KARMA_GIT_COMMIT_URL ?? fileRemote?.commitUrl ?? forgeCommitUrl(remote),
    token: vars.KARMA_GIT_TOKEN ?? null,
    committer,
    seedFrom,
  });
  if (remoteRaw) {
    const remote = remoteKind(remoteRaw) !== 'path' ? remoteRaw : path.resolve(vars.KARMA_CONFIG_REMOTE ? cwd : fromFile, remoteRaw);
    return git(remote, null);
  }
  const folder = vars.KARMA_CONFIG_REPO ? path.resolve(cwd, vars.KARMA_CONFIG_REPO) : typeof file.configRepo === 'string' ? path.resolve(fromFile, file.configRepo) : null;
  if (!folder) return null;
  if (isDemo && !vars.KARMA_CONFIG_REPO && hasGit()) return git(path.join(dataDir, 'config-repo'), folder);
  return { kind: 'folder', path: folder };
}

function resolveRollouts(vars: EnvVars, file: SettingsFile, { isDemo, serverless }: { isDemo: boolean; serverless: boolean }): Settings['rollouts'] {
  const fromEnv = vars.KARMA_ROLLOUTS === undefined ? undefined : ['1', 'true', 'yes'].includes(vars.KARMA_ROLLOUTS);
  // The demo's own rollouts are on by default, but not in a function: nothing there would drive them.
  const enabled = fromEnv ?? file.rollouts.enabled ?? (isDemo && !serverless);
  if (enabled && file.rollouts.hooks.length > 0 && !vars.KARMA_WEBHOOK_SECRET) {
    throw new SettingsError('rollouts.hooks are signed with KARMA_WEBHOOK_SECRET: set it (at least 16 characters)');
  }
  return {
    enabled,
    tickMs: vars.KARMA_ROLLOUT_TICK_MS ?? (isDemo ? 1_000 : 5_000),
    timeoutMinutes: file.rollouts.timeoutMinutes,
    hooks: file.rollouts.hooks,
    secret: vars.KARMA_WEBHOOK_SECRET ?? null,
    defaultHook: vars.KARMA_WEBHOOK_URL ?? null,
    authorMayOperate: file.rollouts.authorMayOperate,
    // The demo has no pipeline of its own: a simulated one deploys (writes runtimes), unless a real hook is configured.
    simulator: isDemo && !vars.KARMA_WEBHOOK_URL && file.rollouts.hooks.length === 0 ? { delayMs: Math.round(vars.KARMA_DEMO_DEPLOY_SECONDS * 1000) } : null,
    callbackBase: vars.NEXTAUTH_URL ? vars.NEXTAUTH_URL.replace(/\/+$/, '') : null,
  };
}

export function loadSettings(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Settings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new SettingsError(issues);
  }
  const vars = parsed.data;
  const isDemo = vars.KARMA_DEMO;
  const serverless = isServerless(env);
  const fixturesDir = path.resolve(cwd, vars.KARMA_FIXTURES);
  // The demo's settings grant roles by e-mail: they load in demo mode only, never by default elsewhere.
  const settingsFile = vars.KARMA_SETTINGS ? path.resolve(cwd, vars.KARMA_SETTINGS) : isDemo ? path.join(fixturesDir, 'settings.json') : null;
  const file = settingsFile ? readSettingsFile(settingsFile) : settingsFileSchema.parse({});

  const environments = vars.KARMA_ENVIRONMENTS ? parseEnvironments(vars.KARMA_ENVIRONMENTS) : file.environments;
  if (vars.KARMA_PARAMETERS === 'ssm' && environments.length === 0) {
    throw new SettingsError('KARMA_PARAMETERS=ssm needs environments: set KARMA_ENVIRONMENTS (e.g. "dev,prod") or `environments` in the settings file');
  }
  const storeKind = vars.KARMA_GRAPH_STORE ?? (vars.NEPTUNE_ENDPOINT ? 'gremlin' : 'memory');
  if (storeKind === 'gremlin' && !vars.NEPTUNE_ENDPOINT) {
    throw new SettingsError('KARMA_GRAPH_STORE=gremlin needs NEPTUNE_ENDPOINT (wss://host:8182/gremlin)');
  }
  const dataDir = path.resolve(cwd, vars.KARMA_DATA_DIR ?? (serverless ? SERVERLESS_DATA_DIR : '.karma'));
  const configRepo = resolveConfigRepo(vars, file, settingsFile, { cwd, dataDir, isDemo });

  if (vars.NODE_ENV === 'production' && !isDemo && !vars.NEXTAUTH_SECRET) {
    throw new SettingsError('NEXTAUTH_SECRET must be set outside demo mode (e.g. `openssl rand -base64 32`); it signs session cookies');
  }
  if (!isDemo && vars.NEXTAUTH_SECRET !== undefined && Buffer.byteLength(vars.NEXTAUTH_SECRET) < MIN_SECRET_BYTES) {
    throw new SettingsError(
      `NEXTAUTH_SECRET is ${Buffer.byteLength(vars.NEXTAUTH_SECRET)} bytes; it signs and encrypts session cookies, so it must be at least ${MIN_SECRET_BYTES} (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  // The AWS SDK reads these itself; Karma only needs to know where SSM is (demo isolation, admins' health).
  const sdkEndpoint = env.AWS_ENDPOINT_URL_SSM
    ? { name: 'AWS_ENDPOINT_URL_SSM', value: env.AWS_ENDPOINT_URL_SSM }
    : env.AWS_ENDPOINT_URL
      ? { name: 'AWS_ENDPOINT_URL', value: env.AWS_ENDPOINT_URL }
      : null;
  if (isDemo) {
    const problem = demoReachProblem({
      parameters: vars.KARMA_PARAMETERS,
      environments,
      sdkEndpoint,
      neptuneEndpoint: storeKind === 'gremlin' ? vars.NEPTUNE_ENDPOINT! : null,
      webhookUrl: vars.KARMA_WEBHOOK_URL ?? null,
      gitRemote: configRepo?.kind === 'git' ? configRepo.remote : null,
    });
    if (problem) throw new SettingsError(problem);
  }
  if ((vars.GITHUB_ID === undefined) !== (vars.GITHUB_SECRET === undefined)) {
    throw new SettingsError('GITHUB_ID and GITHUB_SECRET go together');
  }
  const oidcParts = [vars.OIDC_ISSUER, vars.OIDC_CLIENT_ID, vars.OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new SettingsError('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together');
  }
  if ((vars.KARMA_WEBHOOK_URL === undefined) !== (vars.KARMA_WEBHOOK_SECRET === undefined)) {
    throw new SettingsError('KARMA_WEBHOOK_URL and KARMA_WEBHOOK_SECRET go together');
  }
  const syncIntervalSeconds = vars.KARMA_SYNC_INTERVAL_SECONDS ?? (serverless ? 0 : defaultSyncIntervalSeconds({ isDemo }));
  const intervalProblem = syncIntervalProblem(syncIntervalSeconds, vars.KARMA_PARAMETERS);
  if (intervalProblem) throw new SettingsError(intervalProblem);
  const rollouts = resolveRollouts(vars, file, { isDemo, serverless });
  if (serverless) {
    const problem = serverlessProblem({
      parameters: vars.KARMA_PARAMETERS,
      graphStore: storeKind,
      syncIntervalSeconds: vars.KARMA_SYNC_INTERVAL_SECONDS,
      isRolloutsEnabled: rollouts.enabled,
    });
    if (problem) throw new SettingsError(problem);
  }

  return {
    isDemo,
    serverless,
    dataDir,
    settingsFile,
    file,
    fixturesDir,
    parameters: { kind: vars.KARMA_PARAMETERS },
    environments,
    ssmEndpoint: sdkEndpoint?.value ?? null,
    allowAdvancedTier: vars.KARMA_ALLOW_ADVANCED_TIER,
    configRepo,
    graphStore:
      storeKind === 'gremlin'
        ? { kind: 'gremlin', endpoint: vars.NEPTUNE_ENDPOINT!, iam: vars.NEPTUNE_IAM, region: vars.NEPTUNE_REGION, timeoutMs: vars.KARMA_GREMLIN_TIMEOUT_MS }
        : { kind: 'memory', dataDir },
    sync: { onStart: vars.KARMA_SYNC_ON_START ?? !serverless, intervalSeconds: syncIntervalSeconds },
    webhook: vars.KARMA_WEBHOOK_URL && vars.KARMA_WEBHOOK_SECRET ? { url: vars.KARMA_WEBHOOK_URL, secret: vars.KARMA_WEBHOOK_SECRET } : null,
    rollouts,
    history: {
      backfill: vars.KARMA_HISTORY_BACKFILL === undefined ? file.history.backfill : ['1', 'true', 'yes'].includes(vars.KARMA_HISTORY_BACKFILL),
      callsPerSecond: vars.KARMA_PARAMETERS === 'ssm' ? (vars.KARMA_HISTORY_CALLS_PER_SECOND ?? file.history.callsPerSecond) : null,
    },
    auth: {
      secret: vars.NEXTAUTH_SECRET ?? null,
      publicUrl: vars.NEXTAUTH_URL ?? null,
      github: vars.GITHUB_ID && vars.GITHUB_SECRET ? { clientId: vars.GITHUB_ID, clientSecret: vars.GITHUB_SECRET } : null,
      oidc:
        vars.OIDC_ISSUER && vars.OIDC_CLIENT_ID && vars.OIDC_CLIENT_SECRET
          ? {
              issuer: vars.OIDC_ISSUER,
              clientId: vars.OIDC_CLIENT_ID,
              clientSecret: vars.OIDC_CLIENT_SECRET,
              name: vars.OIDC_NAME,
              groupsClaim: vars.OIDC_GROUPS_CLAIM,
              scope: vars.OIDC_SCOPE,
              groupsRefreshSeconds: vars.OIDC_GROUPS_REFRESH_SECONDS,
            }
          : null,
    },
  };
}

const cache = globalThis as unknown as { karmaSettings?: Settings };

export function getSettings(): Settings {
  cache.karmaSettings ??= loadSettings();
  return cache.karmaSettings;
}
