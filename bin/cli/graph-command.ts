import { createParameterSources } from '@/lib/params/create-parameter-sources';
import { openConfigRepo } from '@/lib/gitconfig/create-config-repo';
import { loadGraph } from '@/lib/server/load-graph';
import { loadSettings } from '@/lib/server/settings';
import { summariseGraph } from './graph-summary';
import { checkFlags, EXIT, parseArgs, UsageError } from './io';
import type { Command } from './command';

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
    const { text, problems } = summariseGraph(graph, warnings);
    if (args.flags.has('json')) console.log(JSON.stringify(graph, null, 2));
    else console.log(text);
    return problems > 0 ? EXIT.problems : EXIT.ok;
  },
};
