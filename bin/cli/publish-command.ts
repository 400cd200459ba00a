import { changeSegment } from '@/lib/changes/change-id';
import type { UnpublishedComponent } from '@/lib/workflow/git-proposals';
import { operatorUser } from '@/lib/changes/operator';
import { isAppError } from '@/lib/model/errors';
import type { ValidationIssue } from '@/lib/model/simulation';
import { loadSettings } from '@/lib/server/settings';
import { checkEnvironment, checkFlags, EXIT, parseArgs, stringFlag, table, UsageError } from './io';
import type { Command } from './command';
import { issueLine } from './simulation-text';

type Opened = { componentId: string; id: string; review: string };
type Skipped = { componentId: string; openRequest: string; review: string };
type Failed = { componentId: string; code: string; message: string; errors: ValidationIssue[] };

/** Refusals that concern one component only: reported, and the run goes on to the next. */
const PER_COMPONENT_CODES = new Set(['validation_failed', 'conflict']);

const reviewPath = (id: string) => `/changes/${changeSegment(id)}`;

function fieldsCell(row: UnpublishedComponent): string {
  if (row.state === 'not_published') return '(new in SSM)';
  if (row.fields.length === 0) return '(as text)';
  const shown = row.fields.slice(0, 3).join(', ');
  return row.fields.length > 3 ? `${shown} +${row.fields.length - 3} more` : shown;
}

function listing(rows: UnpublishedComponent[], envs: string[]): string {
  const header = ['COMPONENT', 'STATE', 'FIELDS', 'OPEN REQUEST'];
  const body = rows.map((r) => [r.componentId, r.state, fieldsCell(r), r.openRequest ?? '—']);
  return [`${rows.length} component(s) in ${envs.join(', ')} whose config repo file is not what SSM holds:`, '', table([header, ...body])].join('\n');
}

export const publishCommand: Command = {
  usage: 'publish [--env E] [--dry-run] [--json]',
  summary: 'open a publish request for each config repo file SSM does not hold yet; exits 1 when any is unpublished (--dry-run only lists: a CI gate)',
  async run(argv) {
    const args = parseArgs(argv, new Set(['dry-run', 'json']));
    checkFlags(args, ['env', 'dry-run', 'json']);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const env = stringFlag(args, 'env');
    const isDryRun = args.flags.has('dry-run');
    const isJson = args.flags.has('json');

    const settings = loadSettings();
    const user = operatorUser(settings.file);
    // Loaded only here: it brings the graph store adapters (and their drivers) along.
    const { createServices } = await import('@/lib/server/services');
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      checkEnvironment(services.sources, env);
      if (!services.configRepo) {
        console.error('No config repo is configured (KARMA_CONFIG_REMOTE, KARMA_CONFIG_REPO or the settings file’s configRepo), so there is nothing to publish from Git');
        return EXIT.error;
      }
      // unpublished() compares as of the last sync: sync now so the list is SSM and Git as they are.
      const sync = await services.graph.sync('cli');
      if (!sync.ok) {
        console.error(`Could not sync the graph before comparing: ${sync.error}`);
        return EXIT.error;
      }
      const unpublished = await services.changes.unpublished(user, { env });
      const envs = env === undefined ? services.sources.stores.map((s) => s.env) : [env];
      const opened: Opened[] = [];
      const skipped: Skipped[] = [];
      const failed: Failed[] = [];

      if (!isDryRun) {
        for (const row of unpublished) {
          if (row.openRequest) {
            skipped.push({ componentId: row.componentId, openRequest: row.openRequest, review: reviewPath(row.openRequest) });
            continue;
          }
          try {
            const request = await services.changes.publishFromGit(user, row.componentId);
            opened.push({ componentId: row.componentId, id: request.id, review: reviewPath(request.id) });
            row.openRequest = request.id;
          } catch (error) {
            if (!isAppError(error) || !PER_COMPONENT_CODES.has(error.code)) throw error;
            const errors = error.code === 'validation_failed' ? ((error.details ?? { errors: [] }) as { errors: ValidationIssue[] }).errors : [];
            failed.push({ componentId: row.componentId, code: error.code, message: error.message, errors });
          }
        }
      }

      if (isJson) {
        console.log(JSON.stringify({ unpublished, opened, skipped, failed }, null, 2));
      } else if (unpublished.length === 0) {
        console.log(`Nothing to publish: every config repo file in ${envs.join(', ')} says what SSM holds.`);
      } else {
        const lines = [listing(unpublished, envs)];
        if (opened.length + skipped.length + failed.length > 0) lines.push('');
        for (const o of opened) lines.push(`Opened ${o.id} to publish ${o.componentId}; review it at ${o.review}`);
        for (const s of skipped) lines.push(`Already open for ${s.componentId}: ${s.openRequest}; review it at ${s.review}`);
        console.log(lines.join('\n'));
        for (const f of failed) {
          const detail =
            f.errors.length > 0
              ? `The proposal to publish ${f.componentId} is invalid; nothing was opened:\n${f.errors.map((e) => issueLine(e)).join('\n')}`
              : `${f.componentId}: ${f.message}`;
          console.error(detail);
        }
      }
      // A request opened is not yet published: the estate is still unpublished until it is applied.
      return unpublished.length > 0 ? EXIT.problems : EXIT.ok;
    } finally {
      await services.graphStore.close();
    }
  },
};
