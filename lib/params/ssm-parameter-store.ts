import 'server-only';
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterAlreadyExists,
  DeleteParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  type SSMClientConfig,
} from '@aws-sdk/client-ssm';
import { AppError, isAppError, StaleVersionError } from '@/lib/model/errors';
import type { Parameter, ParameterVersion } from '@/lib/model/parameters';
import { isOwnParameter, outsideMessage } from './nested-prefixes';
import type { HistoryReadOptions, ParameterStore, PutParameterInput, PutParameterResult } from './parameter-store';
import { tierFor } from '@/lib/model/parameter-size';

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
  /** Other environments' prefixes nested inside this one's on the same endpoint: left out of reads, refused for writes. */
  excludedPrefixes?: readonly string[];
  /** Supplied by tests and benchmarks that count calls; otherwise built from the options. */
  client?: SSMClient;
};

/** GetParametersByPath refuses more than 10 per page. */
const PAGE_SIZE = 10;
/** GetParameters takes at most 10 names a call. */
const NAMES_PER_CALL = 10;
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

/** Refusals worth another try: SSM did nothing and says to come back later. */
const BUSY = new Set(['ThrottlingException', 'TooManyUpdates']);

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'TimeoutError', 'EAI_AGAIN']);

type SdkError = { name?: string; code?: string; message?: string; $fault?: 'client' | 'server'; $metadata?: { httpStatusCode?: number } };

/**
 * Network failures and refusals become a 503 naming the environment and
 * what was asked; the SDK's own text (addresses, request ids) goes to
 * `internal`, for the log.
 */
function translate(env: string, action: string, error: unknown): never {
  if (isAppError(error)) throw error;
  const err = error as SdkError;
  const code = err.code ?? err.name ?? '';
  const internal = `${code}: ${err.message ?? ''}`;
  if (UNREACHABLE.has(code) || /ECONNREFUSED|socket hang up|timed? ?out/i.test(err.message ?? '')) {
    throw new AppError('unavailable', `SSM for environment "${env}" is unreachable (${action})`, { cause: error, internal });
  }
  if (BUSY.has(code)) {
    // Still busy after the SDK's own retries: the caller may come back later (the history worker does, paced).
    throw new AppError('unavailable', `SSM for environment "${env}" is throttling Karma (${action}): ${code}`, { cause: error, internal, details: { isThrottled: true } });
  }
  if (code === 'AccessDeniedException' || code === 'UnrecognizedClientException' || code === 'ExpiredTokenException') {
    throw new AppError('unavailable', `SSM for environment "${env}" refused Karma's credentials (${action}): ${code}`, { cause: error, internal });
  }
  throw new AppError('unavailable', `SSM for environment "${env}" failed (${action}): ${code}`, { cause: error, internal });
}

/**
 * Sends a command exactly once, whatever the client's retry settings: the
 * SDK retries a PutParameter whose answer was lost after SSM committed it,
 * writing the value twice. This middleware runs inside the retry loop and
 * turns each failure into an error the loop does not retry; put() unwraps it.
 */
class SentOnce extends Error {
  constructor(readonly original: unknown) {
    super('sent once');
    this.name = 'KarmaSentOnce';
  }
}

function sentOnce<C extends PutParameterCommand>(command: C): C {
  let isSent = false;
  command.middlewareStack.add(
    (next) => async (args) => {
      if (isSent) throw new SentOnce(new Error('Karma never sends a write twice'));
      isSent = true;
      try {
        return await next(args);
      } catch (error) {
        throw new SentOnce(error);
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'karmaSentOnce' },
  );
  return command;
}

/** SSM answered and refused: nothing was written, whatever the refusal. */
function isRefusal(error: unknown): boolean {
  const err = error as SdkError;
  return err.$fault === 'client' && typeof err.$metadata?.httpStatusCode === 'number' && err.$metadata.httpStatusCode < 500;
}

const WRITE_ATTEMPTS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isoTime(date: Date | undefined): string {
  return (date ?? new Date(0)).toISOString();
}

export class SsmParameterStore implements ParameterStore {
  readonly kind = 'ssm' as const;
  readonly env: string;
  readonly prefix: string;
  private readonly client: SSMClient;
  private readonly allowAdvancedTier: boolean;
  private readonly excludedPrefixes: readonly string[];

  constructor(options: SsmEnvironmentOptions) {
    this.env = options.env;
    this.prefix = options.prefix;
    this.excludedPrefixes = options.excludedPrefixes ?? [];
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
          // SSM cannot leave a sub-path out of a recursive read: another environment's nested prefix is dropped here.
          if (!isOwnParameter(p.Name, this.prefix, this.excludedPrefixes)) continue;
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

  /**
   * One GetParameters call per 10 names, one after another (a rollout asks
   * every tick; SSM's throughput is shared with every other read). Names
   * SSM does not know come back as InvalidParameters: simply absent.
   */
  async getMany(names: readonly string[]): Promise<Map<string, Parameter>> {
    const found = new Map<string, Parameter>();
    const unique = [...new Set(names)];
    for (let start = 0; start < unique.length; start += NAMES_PER_CALL) {
      const chunk = unique.slice(start, start + NAMES_PER_CALL);
      try {
        const { Parameters } = await this.client.send(new GetParametersCommand({ Names: chunk, WithDecryption: true }));
        for (const p of Parameters ?? []) {
          if (!p.Name || p.Value === undefined || p.Version === undefined) continue;
          found.set(p.Name, { name: p.Name, value: p.Value, version: p.Version, modifiedAt: isoTime(p.LastModifiedDate) });
        }
      } catch (error) {
        translate(this.env, `reading ${chunk.length === 1 ? chunk[0] : `${chunk.length} parameters from ${chunk[0]}`}`, error);
      }
    }
    return found;
  }

  /** One GetParameterHistory call per 50 versions, each after `beforePage` (the history worker's pace). */
  async history(name: string, { beforePage }: HistoryReadOptions = {}): Promise<ParameterVersion[]> {
    const versions: ParameterVersion[] = [];
    let nextToken: string | undefined;
    try {
      do {
        await beforePage?.();
        const page = await this.client.send(new GetParameterHistoryCommand({ Name: name, WithDecryption: true, MaxResults: HISTORY_PAGE_SIZE, NextToken: nextToken }));
        for (const p of page.Parameters ?? []) {
          if (p.Value === undefined || p.Version === undefined) continue;
          versions.push({
            version: p.Version,
            value: p.Value,
            modifiedAt: isoTime(p.LastModifiedDate),
            modifiedBy: p.LastModifiedUser ?? 'unknown',
            ...(p.Description === undefined ? {} : { description: p.Description }),
          });
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
   * component's apply lease in the graph store; a writer outside Karma
   * racing into it is reported as `interleaved`. The write is sent once
   * (see SentOnce); SSM refusing because it is busy is tried again, as
   * nothing was written. When the answer is lost, the history says whether
   * the write landed (`isOwnWrite`): then it is confirmed, never repeated.
   */
  async put({ name, value, expectedVersion, user, description, isOwnWrite }: PutParameterInput): Promise<PutParameterResult> {
    if (!isOwnParameter(name, this.prefix, this.excludedPrefixes)) {
      throw new AppError('bad_request', outsideMessage(name, this.env, this.prefix, this.excludedPrefixes));
    }
    const tier = tierFor(name, value, this.allowAdvancedTier);
    const current = await this.get(name);
    const currentVersion = current?.version ?? null;
    if (currentVersion !== expectedVersion) throw new StaleVersionError(name, expectedVersion, currentVersion);
    const note = `${description ?? 'Written by Karma'} (by ${user})`.slice(0, 1024);
    for (let attempt = 1; ; attempt++) {
      let version: number;
      try {
        const command = sentOnce(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Tier: tier, Overwrite: current !== null, Description: note }));
        version = (await this.client.send(command)).Version ?? (currentVersion ?? 0) + 1;
      } catch (sent) {
        const error = sent instanceof SentOnce ? sent.original : sent;
        if (error instanceof ParameterAlreadyExists) {
          throw new StaleVersionError(name, expectedVersion, (await this.get(name))?.version ?? null);
        }
        if (isRefusal(error)) {
          if (BUSY.has((error as SdkError).name ?? '') && attempt < WRITE_ATTEMPTS) {
            await sleep(200 * 2 ** attempt * (0.5 + Math.random()));
            continue;
          }
          translate(this.env, `writing ${name}`, error);
        }
        return this.confirmFromHistory({ name, expectedVersion, isOwnWrite, error });
      }
      const modifiedAt = await this.get(name).then(
        (written) => (written?.version === version ? written.modifiedAt : new Date().toISOString()),
        () => new Date().toISOString(),
      );
      return { version, modifiedAt, interleaved: version - (currentVersion ?? 0) - 1 };
    }
  }

  /** A write whose answer was lost: it landed if the history holds it. */
  private async confirmFromHistory({
    name,
    expectedVersion,
    isOwnWrite,
    error,
  }: Pick<PutParameterInput, 'name' | 'expectedVersion' | 'isOwnWrite'> & { error: unknown }): Promise<PutParameterResult> {
    const internal = `${(error as SdkError).name ?? ''}: ${(error as SdkError).message ?? String(error)}`;
    const unconfirmed = (why: string) =>
      new AppError('unavailable', `SSM for environment "${this.env}" did not confirm the write of ${name}: ${why}`, {
        cause: error,
        internal,
        details: { name, isWriteUnconfirmed: true },
      });
    if (!isOwnWrite) throw unconfirmed('whether it landed is unknown; check its history before writing again');
    let versions: ParameterVersion[];
    try {
      versions = await this.history(name);
    } catch {
      throw unconfirmed('its history cannot be read either, so whether it landed is unknown; the next apply checks the history first');
    }
    const landed = versions.find((v) => v.version > (expectedVersion ?? 0) && isOwnWrite(v));
    if (!landed) throw unconfirmed('its history shows no such write, so nothing was written; the next apply checks the history again first');
    return { version: landed.version, modifiedAt: landed.modifiedAt, isConfirmedFromHistory: true, interleaved: landed.version - (expectedVersion ?? 0) - 1 };
  }

  async remove({ name, expectedVersion }: { name: string; expectedVersion: number }): Promise<{ removed: boolean }> {
    if (!isOwnParameter(name, this.prefix, this.excludedPrefixes)) {
      throw new AppError('bad_request', outsideMessage(name, this.env, this.prefix, this.excludedPrefixes));
    }
    const current = await this.get(name);
    if (current === null) return { removed: false };
    if (current.version !== expectedVersion) throw new StaleVersionError(name, expectedVersion, current.version);
    try {
      // Deleting is idempotent: a retry after a lost answer finds it gone.
      await this.client.send(new DeleteParameterCommand({ Name: name }));
      return { removed: true };
    } catch (error) {
      if (error instanceof ParameterNotFound) return { removed: false };
      translate(this.env, `deleting ${name}`, error);
      throw error;
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
