import 'server-only';
import { assessDrift, toDriftSummary } from '@/lib/drift/assess-drift';
import { BUILT_IN_FIELD_MIRRORS, mergeFieldMirrors } from '@/lib/drift/field-mirrors';
import { needsConfigHistory, needsRuntimeHistory } from '@/lib/drift/history-needs';
import type { JsonParser } from '@/lib/json/parse-once';
import type { Component, Graph } from '@/lib/model/graph';
import type { JsonObject } from '@/lib/model/json';
import { componentParameterName, type ParameterVersion } from '@/lib/model/parameters';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { yieldEvery, type Yielder } from './cooperative';

export type AnnotateDriftInput = {
  graph: Graph;
  sources: ParameterSources;
  schemas: Record<string, JsonObject>;
  /** The config repo's last change per component file, by component id; undefined when the repo has no history (a folder, or none). */
  gitChanges?: ReadonlyMap<string, { at: string; by: string | null }>;
  fieldMirrors: SettingsFile['fieldMirrors'];
  now: Date;
  /** The sync's parse memo (lib/json/parse-once.ts), which the build filled; parseStrictJson without one. */
  parse?: JsonParser;
  /** Where to pause between components; slices of SLICE_MS by default. */
  yielder?: Yielder;
};

/** History reads in flight at once: SSM throttles GetParameterHistory at a few calls per second per account. */
const HISTORY_CONCURRENCY = 8;

/** A history read that failed is "not available" to the engine (which says so), never a failed sync. */
async function readHistory(sources: ParameterSources, component: Component, document: 'config' | 'runtime'): Promise<ParameterVersion[] | undefined> {
  const store = sources.forEnv(component.env);
  if (!store) return undefined;
  try {
    return await store.history(componentParameterName(store.prefix, component, document));
  } catch (error) {
    console.warn(`[karma] drift: cannot read the ${document} history of ${component.id}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function mapLimited<T, R>(items: T[], limit: number, yielder: Yielder, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
      // A component that needs no history never leaves the microtask queue: without this, thousands run in one go.
      if (yielder.isDue()) await yielder.pause();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Adds each component's drift summary (lib/drift) before the graph is
 * stored. Histories are read only where they change the answer (see
 * lib/drift/history-needs.ts), a few at a time; a config history read also
 * fills in who last published the config, which SSM's bulk read leaves out.
 */
export async function annotateDrift({ graph, sources, schemas, gitChanges, fieldMirrors, now, parse, yielder = yieldEvery() }: AnnotateDriftInput): Promise<Graph> {
  const mirrors = mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, fieldMirrors);
  const components = await mapLimited(graph.components, HISTORY_CONCURRENCY, yielder, async (original) => {
    const configHistory = needsConfigHistory(original) ? await readHistory(sources, original, 'config') : undefined;
    const current = configHistory?.find((v) => v.version === original.configVersion);
    const component: Component = original.configModifiedBy === null && current ? { ...original, configModifiedBy: current.modifiedBy } : original;
    const gitChange = gitChanges === undefined ? undefined : (gitChanges.get(component.id) ?? null);
    const input = { component, configHistory, schema: schemas[component.type], gitChange, fieldMirrors: mirrors, now, parse };
    let assessment = assessDrift(input);
    if (needsRuntimeHistory(component, assessment)) {
      const runtimeHistory = await readHistory(sources, component, 'runtime');
      if (runtimeHistory) assessment = assessDrift({ ...input, runtimeHistory });
    }
    return { ...component, drift: toDriftSummary(assessment) };
  });
  return { ...graph, components };
}
