import { changeSegment } from '@/lib/changes/change-id';
import { operatorUser } from '@/lib/changes/operator';
import { CHANGE_STATUSES, type ChangeStatus } from '@/lib/model/change-request';
import { loadSettings } from '@/lib/server/settings';
import { checkFlags, EXIT, parseArgs, stringFlag, table, UsageError } from './io';
import type { Command } from './command';

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

export const changesCommand: Command = {
  usage: 'changes [--status S[,S…]] [--env E] [--json]',
  summary: 'list change requests, newest first',
  async run(argv) {
    const args = parseArgs(argv, new Set(['json']));
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
        c.componentId,
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
