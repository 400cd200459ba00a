import { createParameterSources } from '@/lib/params/create-parameter-sources';
import { openConfigRepo } from '@/lib/gitconfig/create-config-repo';
import { loadGraph } from '@/lib/server/load-graph';
import { loadSettings } from '@/lib/server/settings';
import { summariseGraph } from './graph-summary';
import { checkFlags, EXIT, parseArgs, stringFlag, UsageError } from './io';
import type { Command } from './command';
import type { Settings } from '@/lib/server/settings';

export const graphCommand: Command = {
  usage: 'graph build [--json] [--sync | --at ISO]',
  summary: 'build the graph from the parameters (or as of a past moment, from the recorded history); summary, JSON, or sync to the graph store',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json', 'sync']));
    checkFlags(args, ['json', 'sync', 'at']);
    if (args.positionals[0] !== 'build' || args.positionals.length > 1) throw new UsageError('the only graph subcommand is "build"');
    const at = stringFlag(args, 'at');
    if (at !== undefined && args.flags.has('sync')) throw new UsageError('--at builds the past from the history; it cannot be synced (leave out --sync)');
    const settings = loadSettings();
    if (at !== undefined) return buildAsOf(settings, at, args.flags.has('json'));

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

/**
 * `--at`: the estate as of a past moment, rebuilt from the versions the
 * graph store's history recorded (not from SSM, whose own history ends at
 * 100 versions a parameter and forgets deleted ones), printed like the
 * present: the same summary, or the graph as JSON.
 */
async function buildAsOf(settings: Settings, at: string, isJson: boolean): Promise<number> {
  // Loaded only here: they bring the graph store adapters (and their drivers) along.
  const [{ createServices }, { parseMoment }] = await Promise.all([import('@/lib/server/services'), import('@/lib/server/history-service')]);
  let moment: string;
  try {
    moment = parseMoment(at);
  } catch (error) {
    throw new UsageError(`--at: ${(error as Error).message.replace(/^at /, '')}`);
  }
  const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
  try {
    const state = await services.history.state();
    if (state.versions === 0) {
      console.error(
        `The ${services.graphStore.kind} graph store holds no history, so there is no past to rebuild. The past comes from the graph store Karma syncs to ` +
          '(KARMA_GRAPH_STORE, NEPTUNE_ENDPOINT; the embedded one under KARMA_DATA_DIR): point this CLI at the one the portal uses, ' +
          'or record a history first with `karma graph build --sync` (and `karma history backfill` for what came before).',
      );
      return EXIT.error;
    }
    const past = await services.history.graphAt(moment);
    const { text, problems } = summariseGraph(past.graph, past.warnings);
    if (isJson) console.log(JSON.stringify(past.graph, null, 2));
    else {
      const span = `${state.earliest} to ${state.latest}`;
      const before = state.earliest !== null && Date.parse(moment) < Date.parse(state.earliest) ? ` — before anything recorded (the history spans ${span})` : '';
      console.log(`As of ${past.at}, from the history (revision ${state.revision}, ${state.versions} versions, ${span}; rebuilt in ${past.buildMs} ms)${before}:\n`);
      console.log(text);
      if (state.pendingComponents > 0)
        console.log(`\nNote: the history of ${state.pendingComponents} components is still being read (karma history status); the past may fill in.`);
    }
    return problems > 0 ? EXIT.problems : EXIT.ok;
  } finally {
    await services.graphStore.close();
  }
}
