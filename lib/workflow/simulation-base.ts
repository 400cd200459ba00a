import 'server-only';
import type { ConfigRepoReader, RepoSnapshot } from '@/lib/gitconfig/config-repo';
import type { JsonObject } from '@/lib/model/json';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { GraphService } from '@/lib/server/graph-service';
import { indexForSimulation, type SimulationIndex } from '@/lib/changes/simulation-index';

/** `repo`: the config repo as read with the graph (null without one). */
export type SimulationBase = { index: SimulationIndex; schemas: Record<string, JsonObject>; stale: boolean; repo: RepoSnapshot | null };

type Deps = {
  graph: GraphService;
  sources: ParameterSources;
  file: SettingsFile;
  configRepo: ConfigRepoReader | null;
  now: () => Date;
};

/** A proposal is simulated many times while it is edited; the graph moves far more slowly. */
const TTL_MS = 15_000;

/**
 * The indexed current graph and the JSON Schemas a simulation runs against,
 * from the generation the graph service serves and the config repo, kept for
 * a few seconds (and no longer than that generation, which any instance's
 * sync advances), so simulating while typing never reads or indexes the
 * whole graph per call, and never works on a graph this instance has
 * moved past.
 */
export class SimulationBaseCache {
  private cached: { at: number; key: string; base: Promise<SimulationBase> } | null = null;

  constructor(private readonly deps: Deps) {}

  async get(): Promise<SimulationBase> {
    const now = this.deps.now().getTime();
    // The generation served from memory: no store read per simulation.
    const { snapshot, stale } = await this.deps.graph.current();
    const key = `${snapshot.key}/${stale}`;
    if (!this.cached || now - this.cached.at > TTL_MS || this.cached.key !== key) {
      const base = this.load();
      this.cached = { at: now, key, base };
      // A failed read is not kept: the next call tries again.
      base.catch(() => {
        if (this.cached?.base === base) this.cached = null;
      });
    }
    return this.cached.base;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async load(): Promise<SimulationBase> {
    const { graph, sources, file, configRepo } = this.deps;
    const [served, repo] = await Promise.all([graph.current(), configRepo ? configRepo.read() : null]);
    const schemas: Record<string, JsonObject> = {};
    for (const [type, { schema }] of Object.entries(repo?.schemas ?? {})) schemas[type] = schema;
    const prefixes = Object.fromEntries(sources.stores.map((s) => [s.env, s.prefix]));
    // Indexed once per generation, however many simulations (and TTL renewals) ask.
    const index = served.snapshot.derive('simulation:index', () =>
      indexForSimulation({
        graph: served.snapshot.graph,
        referenceRules: file.referenceRules,
        prefixes,
        fieldMirrors: file.fieldMirrors,
        derivedOutputs: file.derivedOutputs,
        consumes: file.consumes,
      }),
    );
    return { index, schemas, stale: served.stale, repo };
  }
}
