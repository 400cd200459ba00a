import 'server-only';
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  type SSMClientConfig,
} from '@aws-sdk/client-ssm';
import { AppError, isAppError, StaleVersionError } from '@/lib/model/errors';
import type { Parameter, ParameterVersion } from '@/lib/model/parameters';
import type { ParameterStore, PutParameterInput, PutParameterResult } from './parameter-store';
import { tierFor } from './size-limit';

/**
 * AWS SSM Parameter Store adapter. Credentials, region and endpoint come from
 * the SDK's standard chain (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_SSM, …)
 * unless the environment's settings name them; throttling is retried by the
 * SDK's adaptive retry mode.
 */

export type SsmEnvironmentOptions = {
  env: string;
  prefix: string;
  region?: string;
  profile?: string;
  endpoint?: string;
  /** Values over 4 KB go to the advanced tier (charged) instead of being refused. */
  allowAdvancedTier?: boolean;
  /** Supplied by tests and benchmarks that count calls; otherwise built from the options. */
  client?: SSMClient;
};

/** GetParametersByPath refuses more than 10 per page. */
const PAGE_SIZE = 10;
/** GetParameterHistory allows at most 50 per page. */
const HISTORY_PAGE_SIZE = 50;

export function createSsmClient({ region, profile, endpoint }: Pick<SsmEnvironmentOptions, 'region' | 'profile' | 'endpoint'>): SSMClient {
  const config: SSMClientConfig = {
    retryMode: 'adaptive',
    maxAttempts: 6,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000 },
  };
  if (region) config.region = region;
  if (profile) config.profile = profile;
  if (endpoint) config.endpoint = endpoint;
  return new SSMClient(config);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'TimeoutError', 'EAI_AGAIN']);

/** Network failures become a 503 naming the environment; AWS errors pass through with their message. */
function translate(env: string, action: string, error: unknown): never {
  if (isAppError(error)) throw error;
  const err = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = err.code ?? err.name ?? '';
  if (UNREACHABLE.has(code) || /ECONNREFUSED|socket hang up|timed? ?out/i.test(err.message ?? '')) {
    throw new AppError('unavailable', `SSM for environment "${env}" is unreachable (${action}): ${err.message ?? code}`, { cause: error });
  }
  if (code === 'AccessDeniedException' || code === 'UnrecognizedClientException' || code === 'ExpiredTokenException') {
    throw new AppError('unavailable', `SSM for environment "${env}" refused Karma's credentials (${action}): ${err.message}`, { cause: error });
  }
  throw new AppError('unavailable', `SSM for environment "${env}" failed (${action}): ${code}: ${err.message}`, { cause: error });
}

function isoTime(date: Date | undefined): string {
  return (date ?? new Date(0)).toISOString();
}

export class SsmParameterStore implements ParameterStore {
  readonly kind = 'ssm' as const;
  readonly env: string;
  readonly prefix: string;
  private readonly client: SSMClient;
  private readonly allowAdvancedTier: boolean;

  constructor(options: SsmEnvironmentOptions) {
    this.env = options.env;
    this.prefix = options.prefix;
    this.allowAdvancedTier = options.allowAdvancedTier ?? false;
    this.client = options.client ?? createSsmClient(options);
  }

  async readAll(): Promise<Parameter[]> {
    const parameters: Parameter[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new GetParametersByPathCommand({ Path: this.prefix, Recursive: true, WithDecryption: true, MaxResults: PAGE_SIZE, NextToken: nextToken }),
        );
        for (const p of page.Parameters ?? []) {
          if (!p.Name || p.Value === undefined || p.Version === undefined) continue;
          parameters.push({ name: p.Name, value: p.Value, version: p.Version, modifiedAt: isoTime(p.LastModifiedDate) });
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      translate(this.env, `reading ${this.prefix}`, error);
    }
    return parameters.sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<Parameter | null> {
    try {
      const { Parameter: p } = await this.client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      if (!p?.Name || p.Value === undefined || p.Version === undefined) return null;
      return { name: p.Name, value: p.Value, version: p.Version, modifiedAt: isoTime(p.LastModifiedDate) };
    } catch (error) {
      if (error instanceof ParameterNotFound) return null;
      translate(this.env, `reading ${name}`, error);
    }
  }

  async history(name: string): Promise<ParameterVersion[]> {
    const versions: ParameterVersion[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new GetParameterHistoryCommand({ Name: name, WithDecryption: true, MaxResults: HISTORY_PAGE_SIZE, NextToken: nextToken }),
        );
        for (const p of page.Parameters ?? []) {
          if (p.Value === undefined || p.Version === undefined) continue;
          versions.push({ version: p.Version, value: p.Value, modifiedAt: isoTime(p.LastModifiedDate), modifiedBy: p.LastModifiedUser ?? 'unknown' });
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      if (error instanceof ParameterNotFound) return [];
      translate(this.env, `reading the history of ${name}`, error);
    }
    return versions.sort((a, b) => a.version - b.version);
  }

  /**
   * SSM has no conditional put, so the guard is re-read, compare, write.
   * The window between the read and the write is closed in Karma by the
   * change request's compare-and-set in the graph store; the returned version
   * is checked so an outside writer racing into that window is reported.
   */
  async put({ name, value, expectedVersion, user, description }: PutParameterInput): Promise<PutParameterResult> {
    if (!name.startsWith(`${this.prefix}/`)) {
      throw new AppError('bad_request', `${name} is outside the ${this.env} prefix ${this.prefix}`);
    }
    const tier = tierFor(name, value, this.allowAdvancedTier);
    const current = await this.get(name);
    const currentVersion = current?.version ?? null;
    if (currentVersion !== expectedVersion) throw new StaleVersionError(name, expectedVersion, currentVersion);
    const note = `${description ?? 'Written by Karma'} (by ${user})`.slice(0, 1024);
    try {
      const result = await this.client.send(
        new PutParameterCommand({ Name: name, Value: value, Type: 'String', Tier: tier, Overwrite: current !== null, Description: note }),
      );
      const version = result.Version ?? (currentVersion ?? 0) + 1;
      if (version !== (currentVersion ?? 0) + 1) {
        throw new AppError('conflict', `${name}: another writer changed it while Karma wrote version ${version}; check its history`, {
          details: { name, expectedVersion, writtenVersion: version },
        });
      }
      const written = await this.get(name);
      return { version, modifiedAt: written?.modifiedAt ?? new Date().toISOString() };
    } catch (error) {
      if (error instanceof ParameterAlreadyExists) {
        throw new StaleVersionError(name, expectedVersion, (await this.get(name))?.version ?? null);
      }
      translate(this.env, `writing ${name}`, error);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.client.send(new GetParametersByPathCommand({ Path: this.prefix, Recursive: false, MaxResults: 1 }));
    } catch (error) {
      translate(this.env, 'health check', error);
    }
  }
}
