import { changeIdFromSegment } from '@/lib/changes/change-id';
import { operatorUser } from '@/lib/changes/operator';
import { loadSettings } from '@/lib/server/settings';
import { checkFlags, EXIT, parseArgs, stringFlag, UsageError } from './io';
import type { Command } from './command';

export const applyCommand: Command = {
  usage: 'apply <id> [--comment C]',
  summary: 'apply an approved change request as the operator, under the same policy as the portal',
  async run(argv) {
    const args = parseArgs(argv, new Set());
    checkFlags(args, ['comment']);
    const [segment, extra] = args.positionals;
    if (!segment) throw new UsageError('name the change request: its id (cr:<uuid>) or uuid');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const id = changeIdFromSegment(segment);
    if (!id) throw new UsageError(`"${segment}" is not a change request id (cr:<uuid> or <uuid>)`);

    const settings = loadSettings();
    const user = operatorUser(settings.file);
    const { createServices } = await import('@/lib/server/services');
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      const { change, apply } = await services.changes.apply(user, id, { comment: stringFlag(args, 'comment') ?? 'Applied with karma apply' });
      const lines = [`Applied ${change.id} (${change.componentId}) as config version ${change.appliedVersion}${apply?.isRecovered ? ', recorded from an interrupted apply' : ''}.`];
      if (apply?.staled.length) lines.push(`Now stale: ${apply.staled.join(', ')}`);
      if (apply?.sync && !apply.sync.ok) lines.push(`warning: the graph sync after the apply failed: ${apply.sync.error}`);
      if (apply?.webhook === 'failed') lines.push('warning: the deployment webhook failed; see the request’s events');
      if (apply?.webhook === 'sent') lines.push('Deployment webhook sent.');
      console.log(lines.join('\n'));
      return EXIT.ok;
    } finally {
      await services.graphStore.close();
    }
  },
};
