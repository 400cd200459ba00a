import { formatTime } from '@/lib/drift/format';
import { DRIFT_PRECEDENCE, emptyStatusCounts, type DriftRow } from '@/lib/model/drift';
import { createParameterSources } from '@/lib/params/create-parameter-sources';
import { toDriftRow } from '@/lib/server/drift-service';
import { openConfigRepo } from '@/lib/gitconfig/create-config-repo';
import { loadGraph } from '@/lib/server/load-graph';
import { loadSettings } from '@/lib/server/settings';
import { checkEnvironment, checkFlags, EXIT, parseArgs, stringFlag, table, UsageError } from './io';
import type { Command } from './command';

function report(rows: DriftRow[], envs: string[], total: number): string {
  const counts = emptyStatusCounts();
  for (const row of rows) counts[row.status]++;
  const drifted = rows.filter((r) => r.status !== 'in_sync');
  const lines = [
    `Drift in ${envs.join(', ')}: ${drifted.length} of ${total} components drifted, ${counts.in_sync} in sync`,
    `  ${DRIFT_PRECEDENCE.filter((s) => s !== 'in_sync')
      .map((s) => `${s} ${counts[s]}`)
      .join(', ')}`,
  ];
  if (drifted.length === 0) return lines.join('\n');
  // One line per component, its deciding reason indented under it.
  const header = ['STATUS', 'COMPONENT', 'SINCE', 'CHANGED BY'];
  const aligned = table([header, ...drifted.map((r) => [r.status, r.id, r.since ? formatTime(r.since) : '—', r.changedBy ?? '—'])]).split('\n');
  lines.push('', aligned[0]);
  drifted.forEach((row, i) => lines.push(aligned[i + 1], `    ${row.reason}${row.reasonCount > 1 ? ` (+${row.reasonCount - 1} more)` : ''}`));
  return lines.join('\n');
}

export const driftCommand: Command = {
  usage: 'drift [--env E] [--json]',
  summary: 'drift of every component; exits 1 when anything is not in sync (a CI gate)',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json']));
    checkFlags(args, ['env', 'json']);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const settings = loadSettings();
    const sources = await createParameterSources(settings);
    const known = sources.stores.map((s) => s.env);
    const env = stringFlag(args, 'env');
    checkEnvironment(sources, env);

    const { graph, warnings } = await loadGraph({ sources, file: settings.file, configRepo: await openConfigRepo(settings.configRepo), now: new Date() });
    const components = graph.components.filter((c) => env === undefined || c.env === env);
    // annotateDrift sets drift on every component during loadGraph.
    const rows = components.map((c) => toDriftRow(c, c.drift!)).sort((a, b) => DRIFT_PRECEDENCE.indexOf(a.status) - DRIFT_PRECEDENCE.indexOf(b.status) || a.id.localeCompare(b.id));
    const drifted = rows.filter((r) => r.status !== 'in_sync');
    const envs = env === undefined ? known : [env];

    if (args.flags.has('json')) {
      const counts = emptyStatusCounts();
      for (const row of rows) counts[row.status]++;
      console.log(JSON.stringify({ environments: envs, total: rows.length, drifted: drifted.length, counts, rows: drifted, warnings }, null, 2));
    } else {
      console.log(report(rows, envs, rows.length));
      for (const warning of warnings) console.error(`warning: ${warning}`);
    }
    return drifted.length > 0 ? EXIT.problems : EXIT.ok;
  },
};
