import { createParameterSources } from '@/lib/params/create-parameter-sources';
import { openConfigRepo } from '@/lib/gitconfig/create-config-repo';
import { loadGraph } from '@/lib/server/load-graph';
import { loadSettings } from '@/lib/server/settings';
import type { Graph } from '@/lib/model/graph';
import { checkFlags, EXIT, parseArgs, table, UsageError } from './io';
import type { Command } from './main';

function summarise(graph: Graph, warnings: string[]): { text: string; problems: number } {
  const lines: string[] = [];
  const counts = new Map<string, Map<string, number>>();
  for (const c of graph.components) {
    const byType = counts.get(c.env) ?? new Map<string, number>();
    byType.set(c.type, (byType.get(c.type) ?? 0) + 1);
    counts.set(c.env, byType);
  }
  const envs = [...counts.keys()].sort();
  const types = [...new Set(graph.components.map((c) => c.type))].sort();
  lines.push(`${graph.components.length} components in ${envs.length} environment(s), ${graph.edges.length} edges`, '');
  lines.push(table([['type', ...envs, 'total'], ...types.map((t) => [t, ...envs.map((e) => counts.get(e)?.get(t) ?? 0), envs.reduce((n, e) => n + (counts.get(e)?.get(t) ?? 0), 0)])]));

  const dangling = graph.edges.filter((e) => e.dangling);
  const invalid = graph.components.filter((c) => c.problems.some((p) => p.code.endsWith('_not_json')));
  lines.push('', `Dangling references: ${dangling.length}`);
  for (const e of dangling) lines.push(`  ${e.from}  ${e.path} → ${e.to} (does not exist)`);
  lines.push(`Cycles: ${graph.cycles.length}`);
  for (const cycle of graph.cycles) lines.push(`  ${[...cycle, cycle[0]].join(' → ')}`);
  lines.push(`Invalid documents: ${invalid.length}`);
  for (const c of invalid) for (const p of c.problems.filter((p) => p.code.endsWith('_not_json'))) lines.push(`  ${c.id}  ${p.message}`);
  if (graph.ignoredParameters.length > 0) {
    lines.push(`Parameters that belong to no component (ignored): ${graph.ignoredParameters.length}`);
    for (const p of graph.ignoredParameters) lines.push(`  ${p.env}  ${p.name}`);
  }
  if (warnings.length > 0) {
    lines.push(`Warnings: ${warnings.length}`);
    for (const w of warnings) lines.push(`  ${w}`);
  }
  return { text: lines.join('\n'), problems: dangling.length + graph.cycles.length + invalid.length };
}

export const graphCommand: Command = {
  usage: 'graph build [--json] [--sync]',
  summary: 'build the graph from the parameters; summary, JSON, or sync to the graph store',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json', 'sync']));
    checkFlags(args, ['json', 'sync']);
    if (args.positionals[0] !== 'build' || args.positionals.length > 1) throw new UsageError('the only graph subcommand is "build"');
    const settings = loadSettings();

    if (args.flags.has('sync')) {
      // Loaded only here: it brings the graph store adapters (and their drivers) along.
      const { createServices } = await import('@/lib/server/services');
      const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
      try {
        const report = await services.graph.sync('cli');
        if (!report.ok) {
          console.error(`Sync to the ${services.graphStore.kind} graph store failed: ${report.error}`);
          return EXIT.error;
        }
        console.log(
          `Synced ${report.components} components and ${report.edges} edges to the ${services.graphStore.kind} store in ${report.durationMs} ms: ` +
            `${report.written} written, ${report.removed} removed, ${report.unchanged} unchanged, ${report.roundTrips} round trips.`,
        );
        return EXIT.ok;
      } finally {
        await services.graphStore.close();
      }
    }

    const sources = await createParameterSources(settings);
    const { graph, warnings } = await loadGraph({ sources, file: settings.file, configRepo: await openConfigRepo(settings.configRepo), now: new Date() });
    const { text, problems } = summarise(graph, warnings);
    if (args.flags.has('json')) console.log(JSON.stringify(graph, null, 2));
    else console.log(text);
    return problems > 0 ? EXIT.problems : EXIT.ok;
  },
};
