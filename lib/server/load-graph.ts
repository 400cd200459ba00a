import 'server-only';
import type { ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { changesByComponent, type RepoFileChange } from '@/lib/gitconfig/repo-history';
import { buildGraphStepwise, type GitConfig } from '@/lib/graph/build-graph';
import { parseOnce, type ParseMemo } from '@/lib/json/parse-once';
import type { Graph } from '@/lib/model/graph';
import type { JsonObject } from '@/lib/model/json';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { markSchemaViolationsStepwise } from '@/lib/schemas/schema-violations';
import { annotateDrift } from './annotate-drift';
import { runInSlices, yieldEvery, type Yielder } from './cooperative';

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
  /** The sync's parse memo; a new one by default. Every step parses through it, so each document is parsed once per sync. */
  parse?: ParseMemo;
  /** Where the build, the schema check and drift pause for other work (lib/server/cooperative.ts); slices of SLICE_MS by default. */
  yielder?: Yielder;
};

/**
 * Reads every environment (in parallel) and the config repo, builds the
 * graph and marks each component's drift. Reading is the only I/O besides
 * the histories drift needs; the build itself is pure, run here in slices
 * so requests are served while a big estate syncs.
 */
export async function loadGraph({ sources, file, configRepo, now, parse = parseOnce(), yielder = yieldEvery() }: LoadGraphInput): Promise<LoadedGraph> {
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
    gitConfigs = repo.configs.map(({ env, type, nickname, raw, value }) => {
      // The reader parsed each file strictly already; drift's Git comparison reuses that instead of parsing it again.
      if (value !== null) parse.remember(raw, value);
      return { env, type, nickname, raw };
    });
    if (repo.fileChanges) gitChanges = changesByComponent(repo.fileChanges);
  }
  const read = performance.now();
  const built = await runInSlices(buildGraphStepwise({ environments, referenceRules: file.referenceRules, runtimeOwners: file.runtimeOwners, gitConfigs, parse }), yielder);
  // Schema violations are problems of the graph, from the same check drift calls `invalid` (lib/schemas/schema-violations.ts).
  const checked = await runInSlices(markSchemaViolationsStepwise(built, schemas), yielder);
  const graph = await annotateDrift({ graph: checked, sources, schemas, gitChanges, fieldMirrors: file.fieldMirrors, now, parse, yielder });
  return { graph, warnings, schemas, readMs: read - started, buildMs: performance.now() - read };
}
