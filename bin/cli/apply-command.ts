import type { User } from '@/lib/auth/roles';
import { changeIdFromSegment } from '@/lib/changes/change-id';
import { operatorUser } from '@/lib/changes/operator';
import { assertMay } from '@/lib/changes/policy';
import type { ApplyReport } from '@/lib/changes/review-model';
import type { ChangeRequest } from '@/lib/model/change-request';
import { isAppError } from '@/lib/model/errors';
import { storedImpact } from '@/lib/model/simulation';
import type { Services } from '@/lib/server/services';
import { loadSettings } from '@/lib/server/settings';
import { planApplies, type ApplyPlan, type Dependency, type PlannedRequest } from './apply-order';
import type { Command } from './command';
import { checkFlags, EXIT, parseArgs, stringFlag, UsageError } from './io';

const DEFAULT_COMMENT = 'Applied with karma apply';

/** What each member's write left (a set of one says it on the first line, as before change sets). */
function appliedText(change: ChangeRequest, apply: ApplyReport | null): string[] {
  const recovered = apply?.isRecovered ? ', recorded from an interrupted apply' : '';
  const writes = apply?.members ?? [];
  const lines =
    writes.length > 1
      ? [
          `Applied ${change.id} (${writes.length} components)${recovered}:`,
          ...writes.map(
            (w) => `  ${w.componentId}: ${w.action === 'remove' ? 'removed' : `config version ${w.version}`}${w.isRecovered ? ' (recorded from an interrupted apply)' : ''}`,
          ),
        ]
      : [
          `Applied ${change.id} (${change.componentId}) ${change.members[0]?.action === 'remove' ? 'as a removal' : `as config version ${writes[0]?.version ?? change.appliedVersion}`}${recovered}.`,
        ];
  if (apply?.staled.length) lines.push(`Now stale: ${apply.staled.join(', ')}`);
  if (apply?.sync && !apply.sync.ok) lines.push(`warning: the graph sync after the apply failed: ${apply.sync.error}`);
  if (apply?.webhook === 'failed') lines.push('warning: the deployment webhook failed; see the request’s events');
  if (apply?.webhook === 'sent') lines.push('Deployment webhook sent.');
  if (apply?.rollout) lines.push(`Rollout ${apply.rollout} started; a portal drives it (karma rollout status ${apply.rollout}).`);
  return lines;
}

async function applyOne(services: Services, user: User, id: string, comment: string): Promise<number> {
  const { change, apply } = await services.changes.apply(user, id, { comment });
  console.log(appliedText(change, apply).join('\n'));
  return EXIT.ok;
}

const membersText = (r: ChangeRequest) => (r.members.length > 1 ? `${r.members[0].componentId} +${r.members.length - 1}` : r.componentId);

/** The references a request's members add, as its stored impact has them (older impacts: the one member's). */
function plannedRequest(request: ChangeRequest): PlannedRequest {
  const impact = storedImpact(request.impact);
  const addedReferences = (impact?.members ?? []).flatMap((m) => (m.references?.added ?? []).map((e) => ({ from: m.componentId, to: e.to })));
  return { id: request.id, createdAt: request.createdAt, members: request.members.map((m) => m.componentId), addedReferences };
}

function planText(plan: ApplyPlan, requests: Map<string, ChangeRequest>): string[] {
  const position = new Map(plan.order.map((id, i) => [id, i + 1]));
  const lines = [`Applying ${plan.order.length} approved request(s), providers first:`];
  for (const id of plan.order) {
    const r = requests.get(id)!;
    const first = plan.dependsOn.get(id)?.find((d) => position.get(d.on)! < position.get(id)!);
    const after = first ? `  (after ${position.get(first.on)}: ${first.consumer} depends on ${first.provider})` : '';
    lines.push(`  ${position.get(id)}. ${id}  ${membersText(r)}  "${r.title}"${after}`);
  }
  for (const cycle of plan.cycles) lines.push(`warning: ${cycle.join(', ')} depend on each other round a cycle; applying them oldest first`);
  return lines;
}

type Outcome = 'applied' | 'failed' | 'skipped';

/**
 * Every approved request, providers first (apply-order.ts). A failure stops
 * only the requests that wait for the failed one (they are skipped, saying
 * why); the others go on. One report on stdout, in the order applied.
 * Exit 1 when anything failed or was skipped.
 */
async function applyAll(services: Services, user: User, comment: string): Promise<number> {
  // The operator's role decides first, for all of them, as it would for each.
  assertMay(user, 'apply');
  const approved = await services.changes.list(user, { status: ['approved'] });
  if (approved.length === 0) {
    console.log('No approved change requests to apply.');
    return EXIT.ok;
  }
  // The graph as the parameters are now: its edges say who provides for whom.
  const sync = await services.graph.sync('cli');
  if (!sync.ok) {
    console.error(`Could not sync the graph before ordering the requests: ${sync.error}`);
    return EXIT.error;
  }
  const { graph } = await services.graph.readGraph();
  const requests = new Map<string, ChangeRequest>();
  for (const summary of approved) requests.set(summary.id, await services.changes.getOrThrow(user, summary.id));
  const plan = planApplies([...requests.values()].map(plannedRequest), graph.edges);
  console.log(planText(plan, requests).join('\n'));

  const outcomes = new Map<string, Outcome>();
  for (const id of plan.order) {
    const request = requests.get(id)!;
    console.log('');
    const blocked: Dependency | undefined = plan.dependsOn.get(id)?.find((d) => outcomes.get(d.on) === 'failed' || outcomes.get(d.on) === 'skipped');
    if (blocked) {
      outcomes.set(id, 'skipped');
      const what = outcomes.get(blocked.on) === 'failed' ? 'failed' : 'was skipped';
      console.log(`Skipped ${id} "${request.title}": ${blocked.consumer} depends on ${blocked.provider}, and ${blocked.on} ${what}; apply it by its id once that one is applied`);
      continue;
    }
    try {
      const { change, apply } = await services.changes.apply(user, id, { comment });
      if (apply && !apply.ok) throw new Error(apply.error ?? 'the apply failed');
      outcomes.set(id, 'applied');
      console.log(appliedText(change, apply).join('\n'));
    } catch (error) {
      outcomes.set(id, 'failed');
      const said = isAppError(error) ? `${error.message}${error.internal ? ` (${error.internal})` : ''}` : error instanceof Error ? error.message : String(error);
      console.log(`Failed ${id} "${request.title}": ${said}`);
    }
  }

  const count = (o: Outcome) => [...outcomes.values()].filter((v) => v === o).length;
  console.log(`\n${count('applied')} applied, ${count('failed')} failed, ${count('skipped')} skipped.`);
  return count('failed') + count('skipped') > 0 ? EXIT.problems : EXIT.ok;
}

export const applyCommand: Command = {
  usage: 'apply [<id>] [--comment C]',
  summary: 'apply an approved change request as the operator, under the same policy as the portal; without an id, every approved request, providers first',
  async run(argv) {
    const args = parseArgs(argv, new Set());
    checkFlags(args, ['comment']);
    const [segment, extra] = args.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const id = segment === undefined ? null : changeIdFromSegment(segment);
    if (segment !== undefined && !id) throw new UsageError(`"${segment}" is not a change request id (cr:<uuid> or <uuid>)`);

    const settings = loadSettings();
    const user = operatorUser(settings.file);
    const { createServices } = await import('@/lib/server/services');
    const services = await createServices(settings, { syncOnStart: false, syncInterval: false });
    try {
      const comment = stringFlag(args, 'comment') ?? DEFAULT_COMMENT;
      return id === null ? await applyAll(services, user, comment) : await applyOne(services, user, id, comment);
    } finally {
      await services.graphStore.close();
    }
  },
};
