import 'server-only';
import { randomUUID } from 'node:crypto';
import type { User } from '@/lib/auth/roles';
import { diffDocuments, isSameDocument } from '@/lib/drift/compare-git';
import type { ConfigRepoInfo, ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { DEFAULT_GIT_COMMITTER } from '@/lib/model/settings';
import {
  OPEN_STATUSES,
  UNDECIDED,
  type AuditEvent,
  type ChangeKind,
  type ChangeMember,
  type ChangeRequest,
  type ChangeRequestFilter,
  type GitBase,
} from '@/lib/model/change-request';
import { AppError, isAppError } from '@/lib/model/errors';
import type { JsonValue } from '@/lib/model/json';
import type { ChangeSummary, CreateChangeBody, ProposalSimulation, ProposalTarget, SimulateBody } from '@/lib/model/simulation';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { GraphService } from '@/lib/server/graph-service';
import type { Settings } from '@/lib/server/settings';
import type { GraphStore } from '@/lib/store/graph-store';
import { sortEvents } from '@/lib/store/store-order';
import { applyChange } from './apply-change';
import { summariseChange } from '@/lib/changes/change-summary';
import { changeView } from './change-view';
import { compareImpact } from '@/lib/changes/compare-impact';
import { gitBaseForSet } from './git-base';
import { fromGitProposal, publishProposal, unpublishedComponents, type UnpublishedComponent } from './git-proposals';
import { approveChange, commentOnChange, rejectChange, withdrawChange } from './decide-change';
import { assertMay } from '@/lib/changes/policy';
import { liveConfigVersion } from './request-config';
import { getRequestOrThrow, type ReviewContext, type RolloutStarter } from './review-context';
import type { ChangeView, DecisionResult, ImpactView } from '@/lib/changes/review-model';
import { SimulationBaseCache } from './simulation-base';
import { simulateChangeSet } from '@/lib/changes/simulate-change';
import { planRevertOfChange, planRevertToVersion } from './revert-change';

const OPEN_REQUESTS_TTL_MS = 1_000;

/** The open requests last read (and when that read started), and the read under way; a write here forgets both. */
type OpenRequestsCache = { last: { at: number; list: ChangeRequest[] } | null; pending: Promise<ChangeRequest[]> | null };

/** The store, calling `forget` after each write of a request (so what was cached about requests is read again). */
function forgettingOnWrite(store: GraphStore, forget: () => void): GraphStore {
  const writes = new Set<PropertyKey>(['createChangeRequest', 'transitionChangeRequest']);
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (!writes.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          forget();
        }
      };
    },
  });
}

type Deps = {
  graph: GraphService;
  store: GraphStore;
  sources: ParameterSources;
  settings: Pick<Settings, 'file' | 'configRepo' | 'allowAdvancedTier' | 'webhook'>;
  /** The config repo (services.ts opens it from settings.configRepo). */
  configRepo: ConfigRepoReader | null;
  /** Rollouts, when on: an apply defers later waves' members and starts the rollout (rollout-service.ts). */
  rollouts?: RolloutStarter | null;
  now?: () => Date;
};

/**
 * The wall clock, but never the same millisecond twice in this process: the
 * audit trail is ordered by time, and a claim and its record written within
 * one millisecond must not swap places.
 */
function strictlyIncreasingClock(): () => Date {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last);
  };
}

/**
 * The change-request workflow (ARCHITECTURE.md §6): simulate a proposal,
 * open a request with its impact, list and read requests, and review them:
 * approve, reject, withdraw, comment, apply. Requests and their events live
 * in the graph store, so they survive restarts in both modes. Every
 * transition is graphStore.transitionChangeRequest, a compare-and-set on
 * status + revision (lib/workflow/review-context.ts, apply-change.ts).
 */
export class ChangeRequestService {
  private readonly now: () => Date;
  private readonly base: SimulationBaseCache;
  private readonly review: ReviewContext;

  /** The open requests a simulation checks for conflicts: read at most once a second while someone types, and afresh after any write here. */
  private openRequests: OpenRequestsCache = { last: null, pending: null };

  constructor(private readonly deps: Deps) {
    this.now = deps.now ?? strictlyIncreasingClock();
    const { graph, sources, settings, configRepo } = deps;
    const store = forgettingOnWrite(deps.store, () => (this.openRequests = { last: null, pending: null }));
    this.deps = { ...deps, store };
    this.base = new SimulationBaseCache({ graph, sources, file: settings.file, configRepo, now: this.now });
    const committer = settings.configRepo?.kind === 'git' ? settings.configRepo.committer : DEFAULT_GIT_COMMITTER;
    this.review = { store, sources, graph, file: settings.file, webhook: settings.webhook, now: this.now, configRepo, committer, rollouts: deps.rollouts ?? null };
  }

  /** No side effects: what the proposal would change, whether it is valid, and how risky it is. */
  async simulate(user: User, body: SimulateBody): Promise<ProposalSimulation> {
    assertMay(user, 'simulate');
    return this.simulateAgainstNow(body, undefined, { isEditing: true });
  }

  /**
   * While editing, another instance's request shows as a conflict up to a second late (plus one read): past the second a
   * read starts and, meanwhile, editors get the list it will replace instead of waiting on it (on Neptune the read is a scan
   * that 50 typists would otherwise all queue behind). Opening a request always reads afresh, and so does the first
   * simulation after a write on this instance.
   */
  private listOpenRequests(isEditing: boolean): Promise<ChangeRequest[]> | ChangeRequest[] {
    const read = () => this.deps.store.listChangeRequests({ status: [...OPEN_STATUSES] });
    if (!isEditing) return read();
    const { last } = this.openRequests;
    if (last && Date.now() - last.at < OPEN_REQUESTS_TTL_MS) return last.list;
    let { pending } = this.openRequests;
    if (!pending) {
      const at = Date.now();
      const reading = read();
      pending = this.openRequests.pending = reading;
      reading.then(
        (list) => {
          if (this.openRequests.pending === reading) this.openRequests = { last: { at, list }, pending: null };
        },
        () => {
          if (this.openRequests.pending === reading) this.openRequests.pending = null;
        },
      );
    }
    return last ? last.list : pending;
  }

  private async simulateAgainstNow({ members }: SimulateBody, excludeRequestId?: string, { isEditing = false } = {}): Promise<ProposalSimulation> {
    const [{ index, schemas }, openRequests] = await Promise.all([this.base.get(), this.listOpenRequests(isEditing)]);
    return simulateChangeSet({
      index,
      schemas,
      openRequests,
      allowAdvancedTier: this.deps.settings.allowAdvancedTier,
      members,
      now: this.now(),
      excludeRequestId,
    });
  }

  /** Opens a request: 422 with the errors when the proposal is invalid, 409 when the edited version is no longer current. */
  create(user: User, body: CreateChangeBody): Promise<ChangeRequest> {
    return this.open(user, body, { kind: 'change' });
  }

  /**
   * Opens a request that publishes the component's config repo file to SSM
   * as it is (drift `unpublished`): simulated like any other; its apply
   * writes no commit. 409 when SSM already holds what the file says, or a
   * publish request for it is open.
   */
  async publishFromGit(user: User, id: string, text: { title?: string; description?: string } = {}): Promise<ChangeRequest> {
    assertMay(user, 'propose');
    const open = (await this.deps.store.listChangeRequests({ componentId: id, status: [...OPEN_STATUSES] })).find((r) => r.kind === 'publish');
    if (open) throw new AppError('conflict', `${open.id} already publishes ${id} from Git; review that one`, { details: { openRequest: open.id } });
    const opened = await publishProposal(this.deps.configRepo, this.deps.sources, id, text);
    return this.open(user, opened.body, { kind: 'publish' });
  }

  /** Opens a request from the component's file at a branch, tag or commit of the config repo. */
  async proposeFromGit(
    user: User,
    target: { env: string; type: string; nickname: string },
    options: { ref: string; title?: string; description?: string },
  ): Promise<ChangeRequest> {
    assertMay(user, 'propose');
    const opened = await fromGitProposal(this.deps.configRepo, this.deps.sources, target, options);
    return this.open(user, opened.body, { kind: 'change', gitText: opened.gitText, from: opened.from });
  }

  /** Components whose config repo file differs from SSM (or was never published), as of the last sync. */
  async unpublished(user: User, { env }: { env?: string } = {}): Promise<UnpublishedComponent[]> {
    assertMay(user, 'view');
    const [{ graph }, open] = await Promise.all([this.deps.graph.readGraph(env ? { env: [env] } : {}), this.deps.store.listChangeRequests({ status: [...OPEN_STATUSES] })]);
    return unpublishedComponents(graph.components, open);
  }

  /** What the config repo is, for pages that say where a change goes. */
  repoInfo(): ConfigRepoInfo | null {
    return this.deps.configRepo?.info ?? null;
  }

  /**
   * Opens a request putting back config version `version` of one component
   * (its recorded text, based on the current version): simulated, validated
   * and approved like any other. 409 for the current version, a version that
   * is not JSON or holds the current text, or a component whose config is
   * gone; 404 for a version not recorded.
   */
  async revertToVersion(user: User, componentId: string, version: number): Promise<ChangeRequest> {
    assertMay(user, 'propose');
    const plan = await planRevertToVersion(this.deps, componentId, version);
    return this.open(user, plan.body, { kind: 'change', eventData: { revertOf: plan.revertOf } });
  }

  /**
   * Opens ONE request undoing an applied request or change set, every member
   * back to what it was before. 409 naming the members when it is not
   * applied, a member moved since, or a text to go back to is not recorded.
   */
  async revertChange(user: User, requestId: string): Promise<ChangeRequest> {
    assertMay(user, 'propose');
    const plan = await planRevertOfChange(this.deps, requestId);
    return this.open(user, plan.body, { kind: 'change', eventData: { revertOf: plan.revertOf } });
  }

  private async open(
    user: User,
    body: CreateChangeBody,
    { kind, gitText, from = null, eventData = {} }: { kind: ChangeKind; gitText?: string; from?: GitBase['from']; eventData?: Record<string, JsonValue> },
  ): Promise<ChangeRequest> {
    // What apply commits: the proposal in the repo's style; a publish's file as it is; another ref's file verbatim.
    const commitText = gitText !== undefined ? { verbatim: gitText } : kind === 'publish' ? ('base' as const) : ('styled' as const);
    assertMay(user, 'propose');
    const impact = await this.simulate(user, { members: body.members });
    if (!impact.isDocument || !impact.isValid) {
      const list = impact.errors.map((e) => (e.componentId ? `${e.componentId}: ${e.message}` : e.message)).join('; ');
      throw new AppError('validation_failed', `The proposal has ${impact.errors.length === 1 ? 'a problem' : `${impact.errors.length} problems`}: ${list}`, {
        details: { errors: impact.errors },
      });
    }
    // Every member at the version its author edited, and at the version the impact was worked out on.
    const current = await Promise.all(impact.members.map((m) => liveConfigVersion(this.deps.sources, m)));
    impact.members.forEach((member, i) => {
      const edited = body.baseVersions[i];
      if (edited !== current[i]) {
        throw new AppError(
          'stale_version',
          `${member.componentId} ${current[i] === null ? 'has no config' : `is at config version ${current[i]}`}, but the proposal was edited from ${edited === null ? 'no config' : `version ${edited}`}: reload the current config and propose again`,
          { details: { componentId: member.componentId, baseVersion: edited, currentVersion: current[i] } },
        );
      }
      if (member.baseVersion !== current[i]) {
        // SSM moved after the last sync: the impact was worked out on an older config.
        this.base.invalidate();
        throw new AppError(
          'stale_version',
          `${member.componentId} changed since Karma last read it (graph: version ${member.baseVersion}, SSM: ${current[i]}); sync the graph and simulate again`,
          { details: { componentId: member.componentId, baseVersion: member.baseVersion, currentVersion: current[i] } },
        );
      }
    });

    // Read fresh: apply commits only while the branch still holds these blobs.
    const git = await gitBaseForSet(
      this.deps.configRepo,
      impact.members.map((m) => ({ env: m.env, type: m.type, nickname: m.nickname, proposedConfig: m.proposedConfig })),
      { user, commitText, from },
    );
    if (git && kind === 'publish' && (git.base.baseText === null || !isSameDocument(diffDocuments(git.base.baseText, impact.members[0].proposedConfig ?? '')))) {
      throw new AppError('conflict', `${git.base.file} changed on ${git.base.branch} while the request was being opened; publish again`);
    }
    const members: ChangeMember[] = impact.members.map((m, i) => ({
      componentId: m.componentId,
      env: m.env,
      type: m.type,
      nickname: m.nickname,
      action: m.action,
      baseVersion: current[i],
      proposedConfig: m.proposedConfig,
      git: git?.files[i] ?? null,
      appliedVersion: null,
      isApplied: false,
    }));
    const first = members[0];
    const at = this.now().toISOString();
    const request: ChangeRequest = {
      id: `cr:${randomUUID()}`,
      title: body.title,
      description: body.description,
      status: 'open',
      revision: 1,
      author: user.id,
      componentId: first.componentId,
      env: first.env,
      type: first.type,
      nickname: first.nickname,
      baseVersion: first.baseVersion,
      // A removal proposes no config: the request's text is empty, its member says null.
      proposedConfig: first.proposedConfig ?? '',
      impact: JSON.parse(JSON.stringify(impact)) as JsonValue,
      approvals: [],
      approverGroups: {},
      createdAt: at,
      updatedAt: at,
      appliedVersion: null,
      error: null,
      kind,
      git: git?.base ?? null,
      gitCommit: null,
      members,
    };
    const event: AuditEvent = {
      id: `ev:${randomUUID()}`,
      kind: 'proposed',
      actor: user.id,
      at,
      note: body.title,
      data: {
        baseVersion: first.baseVersion,
        risk: impact.risk.level,
        blastRadius: impact.blastRadius.total,
        kind,
        gitBase: git?.base.commit ?? null,
        gitFrom: git?.base.from?.ref ?? null,
        members: members.map((m) => ({ componentId: m.componentId, action: m.action, baseVersion: m.baseVersion })),
        consequences: impact.consequences.counts,
        ...eventData,
      },
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
    return getRequestOrThrow(this.deps.store, id);
  }

  /** The request with its audit trail, base and current configs, and what this user may do now. */
  async view(user: User, id: string): Promise<ChangeView> {
    assertMay(user, 'view');
    return changeView(this.review, user, id);
  }

  /**
   * The proposal simulated again against today's graph, and how that differs
   * from its impact at submission. Only for requests still undecided: an
   * applied one is part of today's graph, a closed one will never change it.
   */
  async currentImpact(user: User, id: string): Promise<ImpactView> {
    assertMay(user, 'view');
    const request = await getRequestOrThrow(this.deps.store, id);
    if (!UNDECIDED.has(request.status)) return { status: 'unavailable', reason: `The request is ${request.status.replace('_', ' ')}: its impact is the one it had at submission` };
    if (request.members.some((m) => m.isApplied)) return { status: 'unavailable', reason: 'Part of the change set is applied already: its impact is the one it had at submission' };
    const members = request.members.map((m) => ({
      target: (m.action === 'create' ? { env: m.env, type: m.type, nickname: m.nickname } : { componentId: m.componentId }) satisfies ProposalTarget,
      proposedConfig: m.proposedConfig,
    }));
    let impact: ProposalSimulation;
    try {
      impact = await this.simulateAgainstNow({ members }, request.id);
    } catch (error) {
      if (isAppError(error) && error.code === 'not_found') return { status: 'unavailable', reason: `${request.componentId} is no longer in the graph: ${error.message}` };
      throw error;
    }
    // A stored proposal was a valid document at submission; should it no longer read as one, there is nothing to compare.
    if (!impact.isDocument) return { status: 'unavailable', reason: `The proposal no longer reads as a config: ${impact.errors.map((e) => e.message).join('; ')}` };
    const differences = compareImpact(request.impact, impact);
    return { status: 'current', impact, differences, isChanged: differences.length > 0 };
  }

  approve(user: User, id: string, { comment }: { comment: string }): Promise<DecisionResult> {
    return approveChange(this.review, user, id, { comment });
  }

  reject(user: User, id: string, { comment }: { comment: string }): Promise<DecisionResult> {
    return rejectChange(this.review, user, id, { comment });
  }

  withdraw(user: User, id: string, { comment }: { comment: string }): Promise<DecisionResult> {
    return withdrawChange(this.review, user, id, { comment });
  }

  apply(user: User, id: string, { comment }: { comment: string }): Promise<DecisionResult> {
    return applyChange(this.review, user, id, { comment });
  }

  comment(user: User, id: string, { text }: { text: string }): Promise<AuditEvent> {
    return commentOnChange(this.review, user, id, { text });
  }

  /** Everything that happened to a component through Karma, across its requests, oldest first; 404 for a component nobody knows. */
  async componentEvents(user: User, componentId: string): Promise<AuditEvent[]> {
    assertMay(user, 'view');
    const [own, requests] = await Promise.all([this.deps.store.listEvents({ componentId }), this.deps.store.listChangeRequests({ componentId })]);
    // Events are linked to a request's first member; the change sets it is another member of bring theirs.
    const others = requests.filter((r) => r.componentId !== componentId);
    const theirs = (await Promise.all(others.map((r) => this.deps.store.listEvents({ changeRequestId: r.id })))).flat();
    const seen = new Set(own.map((e) => e.id));
    const events = sortEvents([...own, ...theirs.filter((e) => !seen.has(e.id))]);
    if (events.length === 0) await this.deps.graph.readComponent(componentId);
    return events;
  }
}
