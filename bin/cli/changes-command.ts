import { changeIdFromSegment, changeSegment } from '@/lib/changes/change-id';
import { operatorUser } from '@/lib/changes/operator';
import type { ChangeView } from '@/lib/changes/review-model';
import { shortCommit } from '@/lib/gitconfig/config-repo';
import { CHANGE_STATUSES, type ChangeMember, type ChangeStatus } from '@/lib/model/change-request';
import { storedImpact } from '@/lib/model/simulation';
import { loadSettings } from '@/lib/server/settings';
import { checkFlags, EXIT, parseArgs, stringFlag, table, UsageError, type ParsedArgs } from './io';
import type { Command } from './command';
import { consequenceLines, diffSummary, riskLine } from './simulation-text';

function statuses(raw: string | undefined): ChangeStatus[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = list.filter((s) => !(CHANGE_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new UsageError(`unknown status ${unknown.map((s) => `"${s}"`).join(', ')}; one of ${CHANGE_STATUSES.join(', ')}`);
  return list as ChangeStatus[];
}

const minute = (at: string) => at.slice(0, 16).replace('T', ' ');

function memberState(m: ChangeMember): string {
  const base = m.baseVersion === null ? 'a new component' : `based on config version ${m.baseVersion}`;
  const applied = !m.isApplied ? 'not applied' : m.action === 'remove' ? 'removed' : `applied as config version ${m.appliedVersion}`;
  return `${m.action}, ${base}; ${applied}`;
}

/** `karma changes show <id>`: the request, every member with its configs compared, the verdicts, the risk, whether the operator may apply it, its trail. */
function viewText(view: ChangeView): string {
  const impact = storedImpact(view.impact);
  const lines = [
    `${view.id}  "${view.title}"`,
    `  status: ${view.status}; ${view.kind}; by ${view.author}; opened ${minute(view.createdAt)}, updated ${minute(view.updatedAt)}`,
    `  approvals: ${view.approvals.length} of ${view.requiredApprovals}${view.approvals.length ? ` (${view.approvals.join(', ')})` : ''}`,
    ...(view.git ? [`  config repo: ${view.git.branch} at ${shortCommit(view.git.commit)}${view.gitCommit ? `; applied as commit ${shortCommit(view.gitCommit)}` : ''}`] : []),
    ...(view.error ? [`  error: ${view.error}`] : []),
    ...(view.description ? [`  description: ${view.description.split('\n')[0]}${view.description.includes('\n') ? ' …' : ''}`] : []),
    `Members (${view.members.length}):`,
  ];
  view.members.forEach((m, i) => {
    const config = view.memberConfigs[i]?.config;
    const submitted = impact?.members.find((s) => s.componentId === m.componentId)?.diff ?? null;
    const diff = config?.againstBase ?? submitted;
    lines.push(`  ${m.componentId}  ${memberState(m)}`);
    if (m.action !== 'remove' && diff) lines.push(`    ${diffSummary(diff)}`);
    if (config?.readError) lines.push(`    its configs could not be read: ${config.readError}`);
    else if (config?.isMoved && !m.isApplied) {
      const now = config.current ? `config version ${config.current.version}` : 'no config';
      lines.push(`    moved: SSM now holds ${now}${config.againstCurrent ? `; against it the proposal makes ${diffSummary(config.againstCurrent)}` : ''}`);
    }
  });
  if (impact) {
    lines.push(
      'Verdicts at submission:',
      ...consequenceLines(impact.consequences, { everyDependent: true }),
      riskLine(impact.risk),
      `  blast radius: ${impact.blastRadius.total} component(s)`,
    );
  } else {
    lines.push('No simulated impact is stored with this request.');
  }
  const apply = view.allowedActions.apply;
  lines.push(apply.allowed ? `The operator may apply it now: karma apply ${changeSegment(view.id)}` : `The operator may not apply it now: ${apply.reason}`);
  lines.push('Events:', ...view.events.map((e) => `  ${minute(e.at)}  ${e.kind}  ${e.actor}${e.note ? `  ${e.note.split('\n')[0]}` : ''}`));
  return lines.join('\n');
}

async function show(args: ParsedArgs): Promise<number> {
  checkFlags(args, ['json']);
  const [, segment, extra] = args.positionals;
  if (!segment) throw new UsageError('name the change request: changes show <id> (cr:<uuid> or uuid)');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const id = changeIdFromSegment(segment);
  if (!id) throw new UsageError(`"${segment}" is not a change request id (cr:<uuid> or <uuid>)`);
  const settings = loadSettings();
  const { createServices } = await import('@/lib/server/services');
  const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
  try {
    const view = await services.changes.view(operatorUser(settings.file), id);
    console.log(args.flags.has('json') ? JSON.stringify(view, null, 2) : viewText(view));
    return EXIT.ok;
  } finally {
    await services.graphStore.close();
  }
}

export const changesCommand: Command = {
  usage: 'changes [--status S[,S…]] [--env E] [--json] | changes show <id> [--json]',
  summary: 'list change requests, newest first; show one with every member, its verdicts and its trail',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json']));
    if (args.positionals[0] === 'show') return show(args);
    checkFlags(args, ['status', 'env', 'json']);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const status = statuses(stringFlag(args, 'status'));
    const settings = loadSettings();
    const { createServices } = await import('@/lib/server/services');
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      const changes = await services.changes.list(operatorUser(settings.file), { status, env: stringFlag(args, 'env') });
      if (args.flags.has('json')) {
        console.log(JSON.stringify({ changes }, null, 2));
        return EXIT.ok;
      }
      if (changes.length === 0) {
        console.log('No change requests match.');
        return EXIT.ok;
      }
      const header = ['ID', 'STATUS', 'COMPONENT', 'AUTHOR', 'APPROVALS', 'RISK', 'UPDATED', 'TITLE'];
      const rows = changes.map((c) => [
        changeSegment(c.id),
        c.status,
        c.members.length > 1 ? `${c.componentId} +${c.members.length - 1}` : c.componentId,
        c.author,
        c.approvals.length,
        c.risk ?? '—',
        c.updatedAt.slice(0, 16).replace('T', ' '),
        c.title.length > 48 ? `${c.title.slice(0, 47)}…` : c.title,
      ]);
      console.log(table([header, ...rows]));
      return EXIT.ok;
    } finally {
      await services.graphStore.close();
    }
  },
};
