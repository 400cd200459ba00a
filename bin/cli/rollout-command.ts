import { changeIdFromSegment } from '@/lib/changes/change-id';
import { operatorUser } from '@/lib/changes/operator';
import { rolloutIdFromSegment } from '@/lib/changes/rollout-id';
import { ROLLOUT_ACTIONS, ROLLOUT_STATUSES, rolloutActionBodySchema, rolloutIdOf, type RolloutAction, type RolloutStatus, type RolloutView } from '@/lib/model/rollout';
import type { Services } from '@/lib/server/services';
import { loadSettings } from '@/lib/server/settings';
import type { Command } from './command';
import { checkFlags, EXIT, parseArgs, stringFlag, UsageError, type ParsedArgs } from './io';
import { actionDoneLine, rolloutListText, rolloutText } from './rollout-text';

const SUBCOMMANDS = ['list', 'status', ...ROLLOUT_ACTIONS] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

const isAction = (name: Subcommand): name is RolloutAction => (ROLLOUT_ACTIONS as readonly string[]).includes(name);

/** What each subcommand takes beyond `--json`. */
const FLAGS: Record<Subcommand, string[]> = {
  list: ['status', 'change', 'component'],
  status: [],
  pause: ['comment'],
  resume: ['comment'],
  retry: ['component', 'comment'],
  skip: ['component', 'comment'],
  abort: ['comment'],
};

function statuses(raw: string | undefined): RolloutStatus[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = list.filter((s) => !(ROLLOUT_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new UsageError(`unknown status ${unknown.map((s) => `"${s}"`).join(', ')}; one of ${ROLLOUT_STATUSES.join(', ')}`);
  return list as RolloutStatus[];
}

/** A rollout by its id (`ro:<uuid>` or the uuid), or by its change request's (`cr:<uuid>`): a request has at most one. */
function rolloutId(segment: string | undefined, subcommand: Subcommand): string {
  if (!segment) throw new UsageError(`name the rollout: rollout ${subcommand} <id> (ro:<uuid>, its change request's cr:<uuid>, or the uuid)`);
  const change = segment.startsWith('cr:') ? changeIdFromSegment(segment) : null;
  const id = change ? rolloutIdOf(change) : rolloutIdFromSegment(segment);
  if (!id) throw new UsageError(`"${segment}" is not a rollout id (ro:<uuid>, cr:<uuid> or <uuid>)`);
  return id;
}

type Plan =
  | { kind: 'list'; status?: RolloutStatus[]; change?: string; component?: string }
  | { kind: 'status'; id: string }
  | { kind: 'act'; id: string; action: RolloutAction; componentId?: string; comment: string };

/** Everything the arguments say, checked before any service starts (usage errors are quick and touch nothing). */
function plan(args: ParsedArgs): Plan {
  const [name, segment, extra] = args.positionals;
  if (!name) throw new UsageError(`name what to do: rollout <${SUBCOMMANDS.join('|')}>`);
  if (!(SUBCOMMANDS as readonly string[]).includes(name)) throw new UsageError(`unknown subcommand "${name}"; one of ${SUBCOMMANDS.join(', ')}`);
  const subcommand = name as Subcommand;
  if (args.flags.has('component') && !FLAGS[subcommand].includes('component')) {
    throw new UsageError(`--component names a member for retry and skip (or filters list); ${subcommand} is about the whole rollout`);
  }
  checkFlags(args, [...FLAGS[subcommand], 'json']);

  if (subcommand === 'list') {
    if (segment !== undefined) throw new UsageError(`unexpected argument "${segment}"`);
    const rawChange = stringFlag(args, 'change');
    const change = rawChange === undefined ? undefined : changeIdFromSegment(rawChange);
    if (change === null) throw new UsageError(`--change "${rawChange}" is not a change request id (cr:<uuid> or <uuid>)`);
    return { kind: 'list', status: statuses(stringFlag(args, 'status')), change, component: stringFlag(args, 'component') };
  }

  const id = rolloutId(segment, subcommand);
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (subcommand === 'status') return { kind: 'status', id };
  if (!isAction(subcommand)) throw new UsageError(`unknown subcommand "${subcommand}"`);

  const componentId = stringFlag(args, 'component');
  const comment = (stringFlag(args, 'comment') ?? '').trim();
  if ((subcommand === 'retry' || subcommand === 'skip') && !componentId) {
    throw new UsageError(`${subcommand} needs the member: rollout ${subcommand} <id> --component ID${subcommand === 'skip' ? ' --comment TEXT' : ''}`);
  }
  if (subcommand === 'skip' && !comment) throw new UsageError('skip needs a reason: --comment TEXT (it goes in the audit trail, e.g. "deployed by hand")');
  return { kind: 'act', id, action: subcommand, componentId, comment };
}

async function run(services: Services, planned: Plan, isJson: boolean, operator: ReturnType<typeof operatorUser>): Promise<number> {
  if (planned.kind === 'list') {
    const rollouts = await services.rollouts.list(operator, { status: planned.status, change: planned.change, component: planned.component });
    console.log(isJson ? JSON.stringify({ rollouts }, null, 2) : rolloutListText(rollouts));
    return EXIT.ok;
  }
  let view: RolloutView;
  if (planned.kind === 'status') {
    view = await services.rollouts.view(operator, planned.id);
  } else {
    const body = rolloutActionBodySchema.parse({ componentId: planned.componentId, comment: planned.comment });
    view = await services.rollouts.act(operator, planned.id, planned.action, body);
  }
  if (isJson) console.log(JSON.stringify(view, null, 2));
  else if (planned.kind === 'act') console.log(`${actionDoneLine(planned.action, view.rollout.id, planned.componentId)}\n\n${rolloutText(view)}`);
  else console.log(rolloutText(view));
  return EXIT.ok;
}

export const rolloutCommand: Command = {
  usage: 'rollout <status|pause|resume|retry|skip|abort> <id> [--component ID] [--comment TEXT] [--json] | rollout list [--status S[,S…]] [--change ID] [--component ID] [--json]',
  summary: 'show a rollout wave by wave; pause, resume or abort it, retry or skip a member, as the operator under the approval policy; list rollouts',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json']));
    const planned = plan(args);
    const settings = loadSettings();
    const operator = operatorUser(settings.file);
    const { createServices } = await import('@/lib/server/services');
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      return await run(services, planned, args.flags.has('json'), operator);
    } finally {
      await services.graphStore.close();
    }
  },
};
