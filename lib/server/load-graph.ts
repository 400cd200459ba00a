import 'server-only';
import type { ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { changesByComponent, type RepoFileChange } from '@/lib/gitconfig/repo-history';
import { buildGraph, type GitConfig } from '@/lib/graph/build-graph';
import type { Graph } from '@/lib/model/graph';
import type { JsonObject } from '@/lib/model/json';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { markSchemaViolations } from '@/lib/schemas/schema-violations';
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
  let gitChanges: ReadonlyMap<string, RepoFileChange> | undefined;
  const schemas: Record<string, JsonObject> = {};
  if (repo) {
    for (const [type, { schema }] of Object.entries(repo.schemas)) schemas[type] = schema;
    warnings.push(...repo.errors.map((e) => `config repo: ${e.message}`));
    if (repo.staleReason) warnings.push(`config repo: ${repo.staleReason}`);
    gitConfigs = repo.configs.map(({ env, type, nickname, raw }) => ({ env, type, nickname, raw }));
    if (repo.fileChanges) gitChanges = changesByComponent(repo.fileChanges);
  }
  const read = performance.now();
  // Schema violations are problems of the graph, from the same check drift calls `invalid` (lib/schemas/schema-violations.ts).
  const built = markSchemaViolations(buildGraph({ environments, referenceRules: file.referenceRules, runtimeOwners: file.runtimeOwners, gitConfigs }), schemas);
  const graph = await annotateDrift({ graph: built, sources, schemas, gitChanges, fieldMirrors: file.fieldMirrors, now });
  return { graph, warnings, schemas, readMs: read - started, buildMs: performance.now() - read };
}
