import { backfillEstimate } from '@/lib/history/read-history';
import type { HistoryState } from '@/lib/model/history';
import { loadSettings } from '@/lib/server/settings';
import type { Command } from './command';
import { checkFlags, EXIT, parseArgs, stringFlag, UsageError } from './io';

/**
 * `karma history backfill` reads in the foreground what the portals' history
 * worker reads in the background: the SSM history of every component whose
 * head is pending (first seen, or a version a listing could not describe),
 * paced, batch by batch, until none is left. Interrupted or killed, it
 * resumes where it was (the pending lists are the only state). `karma
 * history status` says how much the store holds and how much is left.
 */

const SUBCOMMANDS = ['backfill', 'status'] as const;
/** While another instance holds the `history` lease, how often to look again. */
const WAIT_MS = 5_000;

/** `45 s`, `12 min`, `2 h 13 min`. */
export function durationText(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** How long `components` pending take at a pace: 1 to 2 pages per slot, 2 slots a component. */
export function remainingText(components: number, callsPerSecond: number | null): string {
  if (components === 0) return 'nothing pending';
  if (callsPerSecond === null) return `${components} components pending, read unpaced`;
  const { calls, seconds } = backfillEstimate({ components, callsPerSecond });
  return `${components} components pending: ${calls.least}–${calls.most} GetParameterHistory calls at ${callsPerSecond}/s, about ${durationText(seconds.least)} to ${durationText(seconds.most)}`;
}

export function stateText(state: HistoryState, callsPerSecond: number | null): string {
  return [
    `History revision ${state.revision}: ${state.versions} versions, ${state.transitions} drift transitions`,
    state.earliest ? `  from ${state.earliest} to ${state.latest}` : '  nothing recorded yet',
    `  ${remainingText(state.pendingComponents, callsPerSecond)}`,
  ].join('\n');
}

function pace(raw: string | undefined, fallback: number | null): number | null {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 100) throw new UsageError(`--calls-per-second must be a number above 0 and at most 100 (got "${raw}")`);
  return value;
}

export const historyCommand: Command = {
  usage: 'history <backfill|status> [--calls-per-second N] [--json]',
  summary: "read SSM's history of pending components (paced, resumable), or say what is left",
  async run(argv) {
    const args = parseArgs(argv, new Set(['json']));
    const [name, extra] = args.positionals;
    if (!name || !(SUBCOMMANDS as readonly string[]).includes(name)) throw new UsageError(`name what to do: history <${SUBCOMMANDS.join('|')}>`);
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    // status takes the pace too, for its estimate of what is left.
    checkFlags(args, ['calls-per-second', 'json']);
    const settings = loadSettings();
    const callsPerSecond = pace(stringFlag(args, 'calls-per-second'), settings.history.callsPerSecond);
    const isJson = args.flags.has('json');

    // Loaded only here: they bring the store adapters (and their drivers) along.
    const [{ createGraphStore }, { createParameterSources }] = await Promise.all([import('@/lib/store/create-graph-store'), import('@/lib/params/create-parameter-sources')]);
    const store = createGraphStore(settings.graphStore);
    try {
      if (name === 'status') {
        const state = await store.readHistoryState();
        console.log(isJson ? JSON.stringify(state, null, 2) : stateText(state, callsPerSecond));
        return EXIT.ok;
      }
      const { HistoryWorker } = await import('@/lib/workflow/history-worker');
      const worker = new HistoryWorker({
        store,
        sources: await createParameterSources(settings),
        callsPerSecond,
        onBatch: (p) => {
          if (!isJson)
            console.log(`  ${p.components} components read, ${p.calls} calls, ${p.versions} versions (${durationText(p.durationMs / 1_000)}); ${p.remaining} left in this pass`);
        },
      });
      let interrupted = false;
      const interrupt = () => {
        if (interrupted) process.exit(EXIT.error);
        interrupted = true;
        console.error('Stopping after the reads under way (what they read is kept); interrupt again to quit at once.');
        void worker.stop();
      };
      process.on('SIGINT', interrupt);
      process.on('SIGTERM', interrupt);

      const before = await store.readHistoryState();
      if (!isJson) console.log(`Backfill: ${remainingText(before.pendingComponents, callsPerSecond)}.`);
      const total = { components: 0, versions: 0, written: 0, calls: 0, pages: 0, retries: 0, failed: 0, durationMs: 0, remaining: before.pendingComponents };
      for (;;) {
        if (total.remaining === 0 || interrupted) break;
        const report = await worker.runOnce();
        for (const key of ['components', 'versions', 'written', 'calls', 'pages', 'retries', 'failed', 'durationMs'] as const) total[key] += report[key];
        total.remaining = report.remaining;
        if (report.heldBy !== null) {
          if (!isJson) console.log(`Another instance (${report.heldBy}) is reading the history; waiting for it (${report.remaining} components pending).`);
          await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
          continue;
        }
        if (report.error !== null || report.stopped !== null) {
          if (!isJson)
            console.error(
              `The backfill stopped (${report.stopped ?? 'error'}): ${report.error ?? 'interrupted'}; ${report.remaining} components still pending, run it again to go on.`,
            );
          if (isJson) console.log(JSON.stringify({ ...total, ok: false, stopped: report.stopped, error: report.error }, null, 2));
          return report.stopped === 'stopped' ? EXIT.problems : EXIT.error;
        }
        // Syncs may have left more meanwhile: another pass, as long as the last one settled something.
        if (report.components === 0) break;
      }
      const rate = total.durationMs > 0 ? (total.calls / (total.durationMs / 1_000)).toFixed(1) : '–';
      if (isJson) console.log(JSON.stringify({ ...total, ok: total.remaining === 0, stopped: null, error: null }, null, 2));
      else {
        console.log(
          `Read ${total.components} components: ${total.versions} versions (${total.written} written), ${total.calls} calls in ${total.pages} pages ` +
            `(${rate} calls/s${total.retries ? `, ${total.retries} throttled reads tried again` : ''}) in ${durationText(total.durationMs / 1_000)}.`,
        );
        if (total.remaining > 0) console.log(`${total.remaining} components still pending (a sync recorded newer versions meanwhile, or reads failed): run it again.`);
      }
      return total.remaining === 0 ? EXIT.ok : EXIT.problems;
    } finally {
      await store.close();
    }
  },
};
