import { changeIdFromSegment, changeSegment } from '@/lib/changes/change-id';
import { operatorUser } from '@/lib/changes/operator';
import type { ChangeRequest } from '@/lib/model/change-request';
import { isAppError } from '@/lib/model/errors';
import { parseComponentId } from '@/lib/model/ids';
import { storedImpact, type ValidationIssue } from '@/lib/model/simulation';
import { loadSettings } from '@/lib/server/settings';
import type { Command } from './command';
import { checkEnvironment, checkFlags, EXIT, parseArgs, stringFlag, UsageError } from './io';
import { consequenceLines, errorLines, memberLines, riskLine } from './simulation-text';

/** What to revert: one component to a recorded config version, or an applied change request. */
type Target = { kind: 'version'; componentId: string; version: number } | { kind: 'change'; requestId: string };

function targetFrom(positionals: readonly string[], toVersion: string | undefined, change: string | undefined): Target {
  if (change !== undefined) {
    if (positionals.length > 0 || toVersion !== undefined) throw new UsageError('--change reverts a whole change request: give it alone, without a component or --to-version');
    const requestId = changeIdFromSegment(change);
    if (!requestId) throw new UsageError(`--change needs a change request id (cr:<uuid> or the uuid), not "${change}"`);
    return { kind: 'change', requestId };
  }
  const [componentId, extra] = positionals;
  if (!componentId) throw new UsageError('name the component (<env>:<type>/<nickname>) with --to-version N, or give --change <cr:id>');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (!parseComponentId(componentId)) throw new UsageError(`"${componentId}" is not a component id; expected <env>:<type>/<nickname>`);
  if (toVersion === undefined) throw new UsageError('say which config version to go back to: --to-version N');
  const version = Number(toVersion);
  if (!Number.isInteger(version) || version < 1) throw new UsageError(`--to-version needs a version number (1 or more), not "${toVersion}"`);
  return { kind: 'version', componentId, version };
}

function openedText(request: ChangeRequest): string {
  const impact = storedImpact(request.impact);
  const lines = [`Opened ${request.id}: "${request.title}"`, ...request.description.split('\n').map((line) => `  ${line}`)];
  if (impact)
    lines.push(...memberLines(impact.members), ...consequenceLines(impact.consequences), riskLine(impact.risk), `  blast radius: ${impact.blastRadius.total} component(s)`);
  lines.push(`  review it at /changes/${changeSegment(request.id)}: it is approved and applied like any other change`);
  return lines.join('\n');
}

export const revertCommand: Command = {
  usage: 'revert (<env>:<type>/<nickname> --to-version N | --change <cr:id>) [--json]',
  summary: 'open a change request putting back a recorded config version, or undoing an applied change request or set; exits 1 when refused (the reason says which member moved)',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json']));
    checkFlags(args, ['to-version', 'change', 'json']);
    const target = targetFrom(args.positionals, stringFlag(args, 'to-version'), stringFlag(args, 'change'));

    const settings = loadSettings();
    const user = operatorUser(settings.file);
    // Loaded only here: it brings the graph store adapters (and their drivers) along.
    const { createServices } = await import('@/lib/server/services');
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      if (target.kind === 'version') checkEnvironment(services.sources, parseComponentId(target.componentId)!.env);
      // The revert is simulated against the graph, and its history holds the texts: both as SSM is now.
      const sync = await services.graph.sync('cli');
      if (!sync.ok) {
        console.error(`Could not sync the graph before reverting: ${sync.error}`);
        return EXIT.error;
      }
      const opening =
        target.kind === 'version' ? services.changes.revertToVersion(user, target.componentId, target.version) : services.changes.revertChange(user, target.requestId);
      const request = await opening.catch((error: unknown) => {
        if (isAppError(error) && error.code === 'validation_failed') {
          const { errors } = (error.details ?? { errors: [] }) as { errors: ValidationIssue[] };
          const ids = [...new Set(errors.flatMap((e) => (e.componentId ? [e.componentId] : [])))];
          console.error(`The revert is not a valid change; nothing was opened:\n${errorLines(errors, ids).join('\n')}`);
          return null;
        }
        throw error;
      });
      if (!request) return EXIT.problems;
      console.log(args.flags.has('json') ? JSON.stringify(request, null, 2) : openedText(request));
      return EXIT.ok;
    } finally {
      await services.graphStore.close();
    }
  },
};
