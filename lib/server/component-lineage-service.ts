import 'server-only';
import type { User } from '@/lib/auth/roles';
import { assertMay, may, REQUIRED_ROLE } from '@/lib/changes/policy';
import { commitLink, type ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { buildComponentLineage } from '@/lib/history/component-lineage';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import type { ComponentLineage, RevertAvailability } from '@/lib/model/component-lineage';
import { AppError } from '@/lib/model/errors';
import type { GraphStore } from '@/lib/store/graph-store';
import type { GraphService } from './graph-service';
import type { HistoryService } from './history-service';

type Deps = {
  store: GraphStore;
  history: HistoryService;
  graph: GraphService;
  configRepo: ConfigRepoReader | null;
  now?: () => Date;
};

/**
 * One component's lineage (GET /api/components/<id>/lineage): reads what
 * the store holds about it — its recorded versions and drift transitions
 * (HistoryService), the change requests listing it with their events, the
 * rollouts it was in — and the graph's view of it now, and has the pure
 * builder (lib/history/component-lineage.ts) join them. A component that is
 * gone still answers from its history; one nobody has ever seen is a 404.
 */
export class ComponentLineageService {
  constructor(private readonly deps: Deps) {}

  async lineage(user: User, componentId: string): Promise<ComponentLineage> {
    assertMay(user, 'view');
    const { store, history, graph } = this.deps;
    const [recorded, heads, served, requests, rollouts, own] = await Promise.all([
      history.componentHistory(componentId),
      store.readHistoryHeads([componentId]),
      graph.current(),
      store.listChangeRequests({ componentId }),
      store.listRollouts({ componentId }),
      store.listEvents({ componentId }),
    ]);
    const component = served.snapshot.index.component(componentId) ?? null;
    if (!component && recorded.versions.length === 0 && recorded.transitions.length === 0 && requests.length === 0 && own.length === 0) {
      throw new AppError('not_found', `No component ${componentId}, and nothing recorded about one`);
    }
    // Requests a version record names that no longer list it (none expected; the link must still not be guessed).
    const listed = new Set(requests.map((r) => r.id));
    const named = [...new Set(recorded.versions.flatMap((v) => (v.changeRequestId && !listed.has(v.changeRequestId) ? [v.changeRequestId] : [])))];
    const extra = (await Promise.all(named.map((id) => store.getChangeRequest(id)))).filter((r): r is ChangeRequest => r !== null);
    const all = [...requests, ...extra];
    const trails = await Promise.all(all.map((r) => store.listEvents({ changeRequestId: r.id })));
    const events: AuditEvent[] = [...own, ...trails.flat()];
    const info = this.deps.configRepo?.info ?? null;
    const mayPropose: RevertAvailability = may(user, 'propose')
      ? { allowed: true }
      : { allowed: false, reason: `Reverting needs the ${REQUIRED_ROLE.propose} role; you are a ${user.role}` };
    return buildComponentLineage({
      componentId,
      component: component && {
        configRaw: component.configRaw,
        configVersion: component.configVersion,
        configModifiedAt: component.configModifiedAt,
        configModifiedBy: component.configModifiedBy,
        runtimeRaw: component.runtimeRaw,
        runtimeVersion: component.runtimeVersion,
        runtimeModifiedAt: component.runtimeModifiedAt,
        drift: component.drift?.status ?? null,
      },
      versions: recorded.versions,
      transitions: recorded.transitions,
      events,
      requests: all,
      rollouts,
      commitUrl: (sha) => (info ? commitLink(info, sha) : null),
      mayPropose,
      isBackfilling: (heads[0]?.pending.length ?? 0) > 0,
      now: (this.deps.now ?? (() => new Date()))(),
    });
  }
}
