import { readFile } from 'node:fs/promises';
import { changeSegment } from '@/lib/changes/change-id';
import { operatorUser } from '@/lib/changes/operator';
import { requiredApprovals } from '@/lib/changes/policy';
import { liveConfigVersion } from '@/lib/workflow/request-config';
import { shortCommit } from '@/lib/gitconfig/config-repo';
import { isAppError } from '@/lib/model/errors';
import { componentId } from '@/lib/model/ids';
import { storedImpact, type ValidationIssue } from '@/lib/model/simulation';
import { loadSettings } from '@/lib/server/settings';
import { checkEnvironment, checkFlags, EXIT, parseArgs, stringFlag, UsageError } from './io';
import type { Command } from './command';

async function readInput(path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --input ${path}: ${(error as Error).message}`);
  }
}

/** Messages already say where (`Line 2, column 1: …`, `cidr: …`); the rest get their path. */
export function issueLine(issue: ValidationIssue): string {
  const isPlaced = /^line \d+/i.test(issue.message) || (issue.path !== null && issue.message.startsWith(`${issue.path}: `));
  return `  ${isPlaced || !issue.path ? '' : `${issue.path}: `}${issue.message}`;
}

export const proposeCommand: Command = {
  usage: 'propose-change <type> <nickname> --env E (--input FILE | --from-git REF) [--title T] [--description D] [--json]',
  summary: 'open a change request for a component config: FILE ("-" reads stdin) or the file at a config repo branch, tag or commit; exits 1 when it is invalid',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json']));
    checkFlags(args, ['env', 'input', 'from-git', 'title', 'description', 'json']);
    const [type, nickname, extra] = args.positionals;
    if (!type || !nickname) throw new UsageError('name the component: <type> <nickname>');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const env = stringFlag(args, 'env');
    const input = stringFlag(args, 'input');
    const ref = stringFlag(args, 'from-git');
    if (!env) throw new UsageError('say which environment: --env E');
    if (input !== undefined && ref !== undefined) throw new UsageError('--input and --from-git are alternatives: give one');
    if (input === undefined && ref === undefined) throw new UsageError('give the proposed config: --input FILE (or - for stdin), or --from-git REF');
    if (ref !== undefined && ref.trim() === '') throw new UsageError('--from-git needs a branch, tag or commit');

    const settings = loadSettings();
    const user = operatorUser(settings.file);
    const proposedConfig = input === undefined ? null : await readInput(input);
    // Loaded only here: it brings the graph store adapters (and their drivers) along.
    const { createServices } = await import('@/lib/server/services');
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      checkEnvironment(services.sources, env);
      // Simulate against the parameters as they are now, not the graph store's last sync.
      const sync = await services.graph.sync('cli');
      if (!sync.ok) {
        console.error(`Could not sync the graph before simulating: ${sync.error}`);
        return EXIT.error;
      }
      const id = componentId({ env, type, nickname });
      const title = stringFlag(args, 'title');
      const description = stringFlag(args, 'description');
      const opening =
        proposedConfig === null
          ? services.changes.proposeFromGit(user, { env, type, nickname }, { ref: ref!, title, description })
          : liveConfigVersion(services.sources, { env, type, nickname }).then((baseVersion) =>
              services.changes.create(user, {
                target: baseVersion === null ? { env, type, nickname } : { componentId: id },
                proposedConfig,
                title: title ?? `Change ${type}/${nickname} in ${env}`,
                description: description ?? '',
                baseVersion,
              }),
            );
      const request = await opening.catch((error: unknown) => {
        if (isAppError(error) && error.code === 'validation_failed') {
          const { errors } = (error.details ?? { errors: [] }) as { errors: ValidationIssue[] };
          console.error(`The proposal for ${id} is invalid; nothing was opened:\n${errors.map(issueLine).join('\n')}`);
          return null;
        }
        throw error;
      });
      if (!request) return EXIT.problems;

      if (args.flags.has('json')) {
        console.log(JSON.stringify(request, null, 2));
        return EXIT.ok;
      }
      // The service stores the simulation it just ran: always a whole one.
      const impact = storedImpact(request.impact);
      if (!impact) throw new Error(`${request.id} was opened without a simulated impact`);
      const needed = requiredApprovals(env, settings.file.approvals);
      const from = request.git?.from;
      console.log(
        [
          `Opened ${request.id} on ${request.componentId}: "${request.title}"`,
          ...(from ? [`  from ${request.git!.file} at ${from.ref} (${shortCommit(from.commit)})`] : []),
          `  ${request.baseVersion === null ? 'a new component' : `based on config version ${request.baseVersion}`}; ${impact.diff.length} field change(s)`,
          `  risk: ${impact.risk.level}${impact.risk.reasons.length ? ` (${impact.risk.reasons.map((r) => r.message).join('; ')})` : ''}`,
          `  blast radius: ${impact.blastRadius.total} component(s)`,
          ...impact.warnings.map((w) => `  warning: ${w.message}`),
          `  needs ${needed} approval${needed === 1 ? '' : 's'} in ${env}; review it at /changes/${changeSegment(request.id)}`,
        ].join('\n'),
      );
      return EXIT.ok;
    } finally {
      await services.graphStore.close();
    }
  },
};
