import 'server-only';
import { historicalSources } from '@/lib/history/as-of';
import type { Component, Graph } from '@/lib/model/graph';
import type { DocumentVersion, VersionKey } from '@/lib/model/history';
import type { SettingsFile } from '@/lib/model/settings';
import { loadGraph } from './load-graph';
import { yieldEvery } from './cooperative';

export type GraphAsOfInput = {
  index: readonly VersionKey[];
  at: string;
  environments: ReadonlyArray<{ env: string; prefix: string }>;
  file: SettingsFile;
  load: (ids: readonly string[]) => Promise<DocumentVersion[]>;
};

/**
 * The graph rebuilt from the documents as they were at `at`: the recorded
 * versions behind the ParameterStore port (lib/history/as-of.ts), through
 * the same build, schema-less check and drift as a live sync, with `now`
 * at that moment, so drift is what it was (the deployed version decided by
 * the config history up to then). The config repo's past is not read: no
 * Git comparisons or JSON Schemas for the past.
 */
export async function graphAsOf({ index, at, environments, file, load }: GraphAsOfInput): Promise<{ graph: Graph; warnings: string[]; buildMs: number }> {
  const started = performance.now();
  const sources = historicalSources({ index, at, environments, load });
  const { graph, warnings } = await loadGraph({ sources, file, configRepo: null, now: new Date(at), yielder: yieldEvery() });
  return { graph: { ...graph, components: graph.components.map(withUnknownAuthors) }, warnings, buildMs: performance.now() - started };
}

/**
 * A version whose author the history does not know yet (a sync's listing,
 * the history worker not there yet) reaches drift as the port's '' (the
 * port's versions always name someone); the graph says null, as a live
 * sync does for an author it could not read.
 */
function withUnknownAuthors(c: Component): Component {
  if (c.configModifiedBy !== '' && c.drift?.changedBy !== '') return c;
  return { ...c, configModifiedBy: c.configModifiedBy || null, ...(c.drift ? { drift: { ...c.drift, changedBy: c.drift.changedBy || null } } : {}) };
}
