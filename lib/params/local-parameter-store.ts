import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { AppError, StaleVersionError } from '@/lib/model/errors';
import type { Parameter, ParameterVersion } from '@/lib/model/parameters';
import { readFileIfExists, withFileLock, writeFileAtomic } from '@/lib/fs/atomic-file';
import { isOwnParameter, outsideMessage } from './nested-prefixes';
import type { HistoryReadOptions, ParameterStore, PutParameterInput, PutParameterResult } from './parameter-store';
import { tierFor } from '@/lib/model/parameter-size';

/**
 * The embedded parameter store: SSM's behaviour (versions, history with time
 * and user, guarded puts, size limits) in one JSON file under the data
 * folder. Every write re-reads the file under a lock, so the portal and the
 * CLI can share it.
 */

const versionSchema = z.object({
  version: z.int().positive(),
  value: z.string(),
  modifiedAt: z.string(),
  modifiedBy: z.string(),
  description: z.string().optional(),
});

const fileSchema = z.object({
  format: z.literal(1),
  environments: z.record(z.string(), z.object({ prefix: z.string(), parameters: z.record(z.string(), z.array(versionSchema)) })),
});

export type LocalParameterData = z.infer<typeof fileSchema>;
type StoredVersion = z.infer<typeof versionSchema>;

/** SSM keeps the last 100 versions of a parameter. */
const HISTORY_LIMIT = 100;
/** SSM's GetParameterHistory page. */
const HISTORY_PAGE_SIZE = 50;

export class LocalParameterFile {
  readonly file: string;
  private readonly now: () => Date;
  private data: LocalParameterData | null = null;
  private raw: string | null = null;

  constructor(options: { file: string; now?: () => Date }) {
    this.file = options.file;
    this.now = options.now ?? (() => new Date());
  }

  static inDataDir(dataDir: string, now?: () => Date): LocalParameterFile {
    return new LocalParameterFile({ file: path.join(dataDir, 'parameters.json'), now });
  }

  async exists(): Promise<boolean> {
    return (await readFileIfExists(this.file)) !== null;
  }

  /** The current contents, re-read when another process changed the file. */
  async load(): Promise<LocalParameterData> {
    const raw = await readFileIfExists(this.file);
    if (raw === null) return { format: 1, environments: {} };
    if (raw === this.raw && this.data) return this.data;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new AppError('internal', `${this.file} is not valid JSON; fix or remove it (it is re-seeded when missing)`, { cause: error });
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) {
      throw new AppError('internal', `${this.file} does not look like a Karma parameter file: ${result.error.issues[0]?.message}`);
    }
    this.raw = raw;
    this.data = result.data;
    return result.data;
  }

  /** Runs a read-modify-write under the lock; the file is replaced atomically. */
  async update<T>(change: (data: LocalParameterData, now: Date) => T): Promise<T> {
    return withFileLock(this.file, async () => {
      const current = structuredClone(await this.load());
      const result = change(current, this.now());
      const raw = JSON.stringify(current);
      await writeFileAtomic(this.file, raw);
      this.raw = raw;
      this.data = current;
      return result;
    });
  }

  /** `excludedPrefixes`: other environments' prefixes nested inside this one's (lib/params/nested-prefixes.ts). */
  store(env: string, prefix = '/iac', excludedPrefixes: readonly string[] = []): LocalParameterStore {
    return new LocalParameterStore(this, env, prefix, excludedPrefixes);
  }

  async environments(): Promise<Array<{ env: string; prefix: string }>> {
    const data = await this.load();
    return Object.entries(data.environments).map(([env, { prefix }]) => ({ env, prefix }));
  }
}

function toParameter(name: string, versions: StoredVersion[]): Parameter | null {
  const latest = versions.at(-1);
  if (!latest) return null;
  return { name, value: latest.value, version: latest.version, modifiedAt: latest.modifiedAt, modifiedBy: latest.modifiedBy };
}

export class LocalParameterStore implements ParameterStore {
  readonly kind = 'local' as const;

  constructor(
    private readonly file: LocalParameterFile,
    readonly env: string,
    readonly prefix: string,
    private readonly excludedPrefixes: readonly string[] = [],
  ) {}

  private async versions(name: string): Promise<StoredVersion[]> {
    const data = await this.file.load();
    return data.environments[this.env]?.parameters[name] ?? [];
  }

  async readAll(): Promise<Parameter[]> {
    const data = await this.file.load();
    const parameters = data.environments[this.env]?.parameters ?? {};
    return Object.entries(parameters)
      .filter(([name]) => isOwnParameter(name, this.prefix, this.excludedPrefixes))
      .map(([name, versions]) => toParameter(name, versions))
      .filter((p): p is Parameter => p !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<Parameter | null> {
    return toParameter(name, await this.versions(name));
  }

  /** One read of the file for all of them; a name is read as get reads it. */
  async getMany(names: readonly string[]): Promise<Map<string, Parameter>> {
    const found = new Map<string, Parameter>();
    if (names.length === 0) return found;
    const parameters = (await this.file.load()).environments[this.env]?.parameters ?? {};
    for (const name of names) {
      const parameter = Object.hasOwn(parameters, name) ? toParameter(name, parameters[name]) : null;
      if (parameter) found.set(name, parameter);
    }
    return found;
  }

  /** `beforePage` is awaited once per 50 versions (at least once), as SSM's pages would be, so a paced reader paces here too. */
  async history(name: string, { beforePage }: HistoryReadOptions = {}): Promise<ParameterVersion[]> {
    const stored = await this.versions(name);
    if (beforePage) for (let page = 0; page < Math.max(1, Math.ceil(stored.length / HISTORY_PAGE_SIZE)); page++) await beforePage();
    return stored.map(({ version, value, modifiedAt, modifiedBy, description }) => ({
      version,
      value,
      modifiedAt,
      modifiedBy,
      ...(description === undefined ? {} : { description }),
    }));
  }

  async put({ name, value, expectedVersion, user, description }: PutParameterInput): Promise<PutParameterResult> {
    if (!isOwnParameter(name, this.prefix, this.excludedPrefixes)) {
      throw new AppError('bad_request', outsideMessage(name, this.env, this.prefix, this.excludedPrefixes));
    }
    tierFor(name, value, false);
    return this.file.update((data, now) => {
      const environment = (data.environments[this.env] ??= { prefix: this.prefix, parameters: {} });
      const versions = (environment.parameters[name] ??= []);
      const current = versions.at(-1)?.version ?? null;
      if (current !== expectedVersion) throw new StaleVersionError(name, expectedVersion, current);
      const modifiedAt = now.toISOString();
      const version = (current ?? 0) + 1;
      versions.push({ version, value, modifiedAt, modifiedBy: user, ...(description ? { description } : {}) });
      if (versions.length > HISTORY_LIMIT) versions.splice(0, versions.length - HISTORY_LIMIT);
      return { version, modifiedAt };
    });
  }

  async remove({ name, expectedVersion }: { name: string; expectedVersion: number }): Promise<{ removed: boolean }> {
    if (!isOwnParameter(name, this.prefix, this.excludedPrefixes)) {
      throw new AppError('bad_request', outsideMessage(name, this.env, this.prefix, this.excludedPrefixes));
    }
    return this.file.update((data) => {
      const parameters = data.environments[this.env]?.parameters;
      const current = parameters?.[name]?.at(-1)?.version ?? null;
      if (current === null) return { removed: false };
      if (current !== expectedVersion) throw new StaleVersionError(name, expectedVersion, current);
      delete parameters![name];
      return { removed: true };
    });
  }

  async ping(): Promise<void> {
    await this.file.load();
  }
}
