import { once } from 'node:events';
import { parseExportQuery } from '@/lib/export/export-query';
import { loadSettings } from '@/lib/server/settings';
import { checkFlags, EXIT, parseArgs, stringFlag, UsageError } from './io';
import type { Command } from './command';

/**
 * `karma export`: the estate for analysis from the graph store and its
 * history, as GET /api/export gives it: to stdout (streamed), or to a file
 * replaced all at once (a crash leaves the old file or the new one).
 */
export const exportCommand: Command = {
  usage: 'export --format graphml|csv|jsonl [--table nodes|edges] [--at ISO] [--out FILE]',
  summary: 'the graph with analysis features (and for jsonl the version history), now or as of a moment',
  async run(argv) {
    const args = parseArgs(argv, new Set());
    checkFlags(args, ['format', 'table', 'at', 'out']);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    if (!stringFlag(args, 'format')) throw new UsageError('--format is required (graphml, csv or jsonl)');
    const query = parseExportQuery({ format: stringFlag(args, 'format'), table: stringFlag(args, 'table'), at: stringFlag(args, 'at') });
    const out = stringFlag(args, 'out');
    const settings = loadSettings();
    // Loaded only here: they bring the graph store adapters (and their drivers) along.
    const [{ createServices }, { prepareExport }, { writeFileAtomic }] = await Promise.all([
      import('@/lib/server/services'),
      import('@/lib/export/export-estate'),
      import('@/lib/fs/atomic-file'),
    ]);
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      const prepared = await prepareExport(services, query, new Date());
      if (out === undefined) {
        for await (const piece of prepared.chunks) if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
      } else {
        const pieces: string[] = [];
        for await (const piece of prepared.chunks) pieces.push(piece);
        await writeFileAtomic(out, pieces.join(''));
        const { components, placeholders, edges } = prepared.table.counts;
        console.error(`Wrote ${out}: ${components} components, ${placeholders} placeholders, ${edges} edges as of ${prepared.at}.`);
      }
      return EXIT.ok;
    } finally {
      await services.graphStore.close();
    }
  },
};
