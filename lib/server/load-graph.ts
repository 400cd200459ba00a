import 'server-only';
import type { ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { buildGraph, type GitConfig } from '@/lib/graph/build-graph';
import type { Graph } from '@/lib/model/graph';
import type { JsonObject } from '@/lib/model/json';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { annotateDrift } from './annotate-drift';

export type LoadedGraph = {
  graph: Graph;
  /** Problems that did not stop the build (e.g. config repo files that are not JSON). */
  warnings: string[];
  /** JSON Schemas per type from the config repo (empty without one). */
  schemas: Record<string, JsonObject>;
  readMs: number;
  buildMs: number;
};

export type LoadGraphInput = {
  sources: ParameterSources;
  file: SettingsFile;
  configRepo: ConfigRepoReader | null;
  now: Date;
};

/**
 * Reads every environment (in parallel) and the config repo, builds the
 * graph and marks each component's drift. Reading is the only I/O besides
 * the histories drift needs; the build itself is pure.
 */
export async function loadGraph({ sources, file, configRepo, now }: LoadGraphInput): Promise<LoadedGraph> {
  const started = performance.now();
  const warnings: string[] = [];
  const [environments, repo] = await Promise.all([
    Promise.all(sources.stores.map(async (store) => ({ env: store.env, prefix: store.prefix, parameters: await store.readAll() }))),
    // The config repo unreachable (a forge outage) must not take the SSM graph with it: Git comparisons are left out, said in the warnings.
    configRepo
      ? configRepo.read().catch((error: unknown) => {
          warnings.push(`config repo: ${error instanceof Error ? error.message : String(error)}; this sync has no Git comparisons`);
          return null;
        })
      : Promise.resolve(null),
  ]);
  let gitConfigs: GitConfig[] | undefined;
  const schemas: Record<string, JsonObject> = {};
  if (repo) {
    for (const [type, { schema }] of Object.entries(repo.schemas)) schemas[type] = schema;
    warnings.push(...repo.errors.map((e) => `config repo: ${e.message}`));
    if (repo.staleReason) warnings.push(`config repo: ${repo.staleReason}`);
    gitConfigs = repo.configs.map(({ env, type, nickname, raw }) => ({ env, type, nickname, raw }));
  }
  const read = performance.now();
  const built = buildGraph({ environments, referenceRules: file.referenceRules, runtimeOwners: file.runtimeOwners, gitConfigs });
  const graph = await annotateDrift({ graph: built, sources, schemas, fieldMirrors: file.fieldMirrors, now });
  return { graph, warnings, schemas, readMs: read - started, buildMs: performance.now() - read };
}
