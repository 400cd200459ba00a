import 'server-only';
import { randomUUID } from 'node:crypto';
import type { User } from '@/lib/auth/roles';
import { OPEN_STATUSES, type AuditEvent, type ChangeRequest, type ChangeRequestFilter } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { JsonValue } from '@/lib/model/json';
import type { ChangeSummary, CreateChangeBody, SimulateBody, SimulationResult } from '@/lib/model/simulation';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { GraphService } from '@/lib/server/graph-service';
import type { Settings } from '@/lib/server/settings';
import type { GraphStore } from '@/lib/store/graph-store';
import { summariseChange } from './change-summary';
import { assertMay } from './policy';
import { SimulationBaseCache } from './simulation-base';
import { simulateChange } from './simulate-change';

type Deps = {
  graph: GraphService;
  store: GraphStore;
  sources: ParameterSources;
  settings: Pick<Settings, 'file' | 'configRepo' | 'allowAdvancedTier'>;
  now?: () => Date;
};

/**
 * The change-request workflow (ARCHITECTURE.md §6): simulate a proposal,
 * open a request with its impact, list and read requests. Requests and their
 * events live in the graph store, so they survive restarts in both modes.
 * Later transitions (approve, reject, withdraw, apply) go through
 * graphStore.transitionChangeRequest, a compare-and-set on status + revision.
 */
export class ChangeRequestService {
  private readonly now: () => Date;
  private readonly base: SimulationBaseCache;

  constructor(private readonly deps: Deps) {
    this.now = deps.now ?? (() => new Date());
    const { graph, sources, settings } = deps;
    this.base = new SimulationBaseCache({ graph, sources, file: settings.file, configRepo: settings.configRepo, now: this.now });
  }

  /** No side effects: what the proposal would change, whether it is valid, and how risky it is. */
  async simulate(user: User, { target, proposedConfig }: SimulateBody, excludeRequestId?: string): Promise<SimulationResult> {
    assertMay(user, 'simulate');
    const [{ index, schemas }, openRequests] = await Promise.all([this.base.get(), this.deps.store.listChangeRequests({ status: [...OPEN_STATUSES] })]);
    return simulateChange({
      index,
      schemas,
      openRequests,
      allowAdvancedTier: this.deps.settings.allowAdvancedTier,
      target,
      proposedConfig,
      now: this.now(),
      excludeRequestId,
    });
  }

  /** Opens a request: 422 with the errors when the proposal is invalid, 409 when the edited version is no longer current. */
  async create(user: User, body: CreateChangeBody): Promise<ChangeRequest> {
    assertMay(user, 'propose');
    const impact = await this.simulate(user, body);
    if (!impact.isValid || impact.proposedConfig === null) {
      const list = impact.errors.map((e) => e.message).join('; ');
      throw new AppError('validation_failed', `The proposal has ${impact.errors.length === 1 ? 'a problem' : `${impact.errors.length} problems`}: ${list}`, {
        details: { errors: impact.errors },
      });
    }
    const current = await this.liveConfigVersion(impact);
    if (body.baseVersion !== current) {
      throw new AppError(
        'stale_version',
        `${impact.componentId} ${current === null ? 'has no config' : `is at config version ${current}`}, but the proposal was edited from ${body.baseVersion === null ? 'no config' : `version ${body.baseVersion}`}: reload the current config and propose again`,
        { details: { componentId: impact.componentId, baseVersion: body.baseVersion, currentVersion: current } },
      );
    }
    if (impact.baseVersion !== current) {
      // SSM moved after the last sync: the impact was worked out on an older config.
      this.base.invalidate();
      throw new AppError('stale_version', `${impact.componentId} changed since Karma last read it (graph: version ${impact.baseVersion}, SSM: ${current}); sync the graph and simulate again`, {
        details: { componentId: impact.componentId, baseVersion: impact.baseVersion, currentVersion: current },
      });
    }

    const at = this.now().toISOString();
    const request: ChangeRequest = {
      id: `cr:${randomUUID()}`,
      title: body.title,
      description: body.description,
      status: 'open',
      revision: 1,
      author: user.id,
      componentId: impact.componentId,
      env: impact.env,
      type: impact.type,
      nickname: impact.nickname,
      baseVersion: current,
      proposedConfig: impact.proposedConfig,
      impact: JSON.parse(JSON.stringify(impact)) as JsonValue,
      approvals: [],
      createdAt: at,
      updatedAt: at,
      appliedVersion: null,
      error: null,
    };
    const event: AuditEvent = {
      id: `ev:${randomUUID()}`,
      kind: 'proposed',
      actor: user.id,
      at,
      note: body.title,
      data: { baseVersion: current, risk: impact.risk.level, blastRadius: impact.blastRadius.total },
      changeRequestId: request.id,
      componentId: request.componentId,
    };
    await this.deps.store.createChangeRequest(request, event);
    return request;
  }

  async list(user: User, filter: ChangeRequestFilter): Promise<ChangeSummary[]> {
    assertMay(user, 'view');
    return (await this.deps.store.listChangeRequests(filter)).map(summariseChange);
  }

  /** Environments and component types a new component may be proposed in (for the form's pickers). */
  async knownNames(): Promise<{ envs: string[]; types: string[] }> {
    const { index } = await this.base.get();
    const types = new Set(index.graph.graph.components.map((c) => c.type));
    return { envs: [...new Set([...index.targets.envs, ...index.prefixes.keys()])].sort(), types: [...types].sort() };
  }

  async getOrThrow(user: User, id: string): Promise<ChangeRequest> {
    assertMay(user, 'view');
    const request = await this.deps.store.getChangeRequest(id);
    if (!request) throw new AppError('not_found', `No change request ${id}`);
    return request;
  }

  /** The config version SSM holds now: what an apply will guard on. */
  private async liveConfigVersion({ env, type, nickname }: SimulationResult): Promise<number | null> {
    const store = this.deps.sources.forEnv(env);
    if (!store) throw new AppError('not_found', `No environment "${env}" is configured`);
    const parameter = await store.get(`${store.prefix === '/' ? '' : store.prefix}/${type}/${nickname}/config`);
    return parameter?.version ?? null;
  }
}
