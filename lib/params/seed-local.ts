import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/model/errors';
import type { LocalParameterData, LocalParameterFile } from './local-parameter-store';
import { componentParameterName } from '@/lib/model/parameters';

/**
 * Seeds the embedded store from a fixture folder of `parameters/<env>.json`
 * files (the format of fixtures/demo, described in its README): each
 * parameter with its whole history, so the demo has versions, users and
 * times to show.
 */

const historyEntrySchema = z.strictObject({
  at: z.iso.datetime(),
  by: z.string().min(1),
  /** Objects and arrays are published as compact JSON; strings verbatim. */
  value: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]),
});

const fixtureSchema = z.strictObject({
  environment: z.string().min(1),
  prefix: z.string().startsWith('/').default('/iac'),
  parameters: z.array(z.strictObject({ name: z.string().startsWith('/'), history: z.array(historyEntrySchema).min(1) })),
});

export async function readParameterFixtures(folder: string): Promise<LocalParameterData> {
  const dir = path.join(folder, 'parameters');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const data: LocalParameterData = { format: 1, environments: {} };
  for (const file of files) {
    const location = path.join(dir, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(location, 'utf8'));
    } catch (error) {
      throw new AppError('bad_request', `${location}: not valid JSON (${(error as Error).message})`);
    }
    const result = fixtureSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new AppError('bad_request', `${location}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    const { environment, prefix, parameters } = result.data;
    const target = (data.environments[environment] ??= { prefix, parameters: {} });
    for (const { name, history } of parameters) {
      if (target.parameters[name]) throw new AppError('bad_request', `${location}: ${name} appears twice`);
      const ordered = [...history].sort((a, b) => a.at.localeCompare(b.at));
      target.parameters[name] = ordered.map((entry, index) => ({
        version: index + 1,
        value: typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value),
        modifiedAt: new Date(entry.at).toISOString(),
        modifiedBy: entry.by,
      }));
    }
  }
  return data;
}

/** Replaces the store's contents with the fixtures (used on first start and by `karma seed --demo`). */
export async function seedFromFixtures(file: LocalParameterFile, folder: string): Promise<{ environments: number; parameters: number }> {
  const seed = await readParameterFixtures(folder);
  return file.update((data) => {
    data.environments = seed.environments;
    const parameters = Object.values(seed.environments).reduce((n, e) => n + Object.keys(e.parameters).length, 0);
    return { environments: Object.keys(seed.environments).length, parameters };
  });
}

export type RepoSeedResult = { written: number; unchanged: number; environments: string[] };

/**
 * Publishes a config repo's configs into the embedded store in one atomic
 * update (all or nothing): a new version where the compact JSON differs, none
 * where it is equal. With `replace`, everything else is dropped first.
 */
export async function seedFromConfigRepo(
  file: LocalParameterFile,
  configs: Array<{ env: string; type: string; nickname: string; value: unknown }>,
  { replace, user, prefix = '/iac' }: { replace: boolean; user: string; prefix?: string },
): Promise<RepoSeedResult> {
  return file.update((data, now) => {
    if (replace) data.environments = {};
    let written = 0;
    let unchanged = 0;
    for (const { env, type, nickname, value } of configs) {
      const environment = (data.environments[env] ??= { prefix, parameters: {} });
      const name = componentParameterName(environment.prefix, { type, nickname }, 'config');
      const published = JSON.stringify(value);
      const versions = (environment.parameters[name] ??= []);
      const latest = versions.at(-1);
      if (latest?.value === published) {
        unchanged++;
        continue;
      }
      versions.push({ version: (latest?.version ?? 0) + 1, value: published, modifiedAt: now.toISOString(), modifiedBy: user });
      written++;
    }
    return { written, unchanged, environments: [...new Set(configs.map((c) => c.env))].sort() };
  });
}
