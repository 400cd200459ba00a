/**
 * Small builders for the GraphStore contract and the adapters' own tests:
 * a sample graph with every kind of field, chains, change requests and
 * events, and per-test environment names.
 */
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import type { Component, Edge, Graph } from '@/lib/model/graph';
import type { Rollout } from '@/lib/model/rollout';
import { at, component, rollout, rolloutMember } from '@/lib/testing/builders';
import type { GraphStore } from '../graph-store';
import { byId } from '@/lib/model/ids';
import { onlyMember } from '../stored-schemas';

export type GraphStoreFactory = () => Promise<GraphStore>;

/** Rewrites the environment names in ids (`dev:vpc/main`, edge ids) to one test's own. */
export type Scope = ((text: string) => string) & { env(name: string): string };

let scopes = 0;

/** Environment names of one test (`dev-t7`), so no test sees or re-creates the ids of another. */
export function scope(): Scope {
  scopes += 1;
  const suffix = `-t${scopes}`;
  const env = (name: string) => `${name}${suffix}`;
  return Object.assign((text: string) => text.replace(/\b(dev|prod|nope)(?=:)/g, (name) => env(name)), { env });
}

export const unscoped: Scope = Object.assign((text: string) => text, { env: (name: string) => name });

export function edge(from: string, to: string, path: string, options: Partial<Edge> = {}): Edge {
  return { id: `${from}->${to}#${path}`, from, to, path, rule: 'nickname', dangling: false, ...options };
}

/**
 * Two environments, every kind of field: drift, runtime, meta, problems, Git
 * configs (absent, null, text), a dangling reference, a cycle and ignored
 * parameters.
 */
export function sampleGraph(s: Scope = unscoped): Graph {
  const components: Component[] = [
    component(s('dev:vpc/main'), {
      config: { cidr: '10.0.0.0/16' },
      runtime: { vpc_id: 'vpc-1', vpc_cidr: '10.0.0.0/16' },
      runtimeRaw: '{"vpc_id":"vpc-1","vpc_cidr":"10.0.0.0/16"}',
      runtimeVersion: 3,
      runtimeModifiedAt: at(10),
      meta: { 'ami/base': 'ami-123' },
      gitConfigRaw: '{"cidr":"10.0.0.0/16"}',
      drift: { status: 'in_sync', reasons: [], deployedConfigVersion: 1 },
    }),
    component(s('dev:ecs-cluster/apps'), {
      config: { vpc_nickname: 'main' },
      gitConfigRaw: null,
      drift: { status: 'pending', reasons: ['config changed after the last deploy'], deployedConfigVersion: null },
    }),
    component(s('dev:ecs-service/api'), {
      config: { ecs_cluster_nickname: 'apps', s3_bucket_nickname: 'gone' },
      drift: { status: 'not_deployed', reasons: [], deployedConfigVersion: null },
      problems: [{ code: 'dangling_reference', message: 'No s3-bucket "gone" in dev', path: 's3_bucket_nickname' }],
    }),
    component(s('dev:queue/a'), { config: { queue_nickname: 'b' } }),
    component(s('dev:queue/b'), { config: { queue_nickname: 'a' } }),
    component(s('prod:vpc/main'), {
      config: null,
      configRaw: '{"cidr": ',
      problems: [{ code: 'config_not_json', message: 'The published config is not valid JSON' }],
      drift: { status: 'invalid', reasons: ['config is not JSON'], deployedConfigVersion: null },
    }),
    component(s('prod:ecs-cluster/apps'), {
      config: { vpc_nickname: 'main' },
      ownedBy: null,
      drift: { status: 'pending', reasons: [], deployedConfigVersion: 2 },
    }),
    component(s('prod:openapi/api'), {
      config: null,
      configRaw: null,
      configVersion: null,
      configModifiedAt: null,
      configModifiedBy: null,
      runtime: { openapi: '3.0.0' },
      runtimeRaw: '{"openapi":"3.0.0"}',
      runtimeVersion: 1,
      runtimeModifiedAt: at(5),
      ownedBy: s('prod:ecs-cluster/apps'),
    }),
  ];
  const edges: Edge[] = [
    edge(s('dev:ecs-cluster/apps'), s('dev:vpc/main'), 'vpc_nickname'),
    edge(s('dev:ecs-service/api'), s('dev:ecs-cluster/apps'), 'ecs_cluster_nickname'),
    edge(s('dev:ecs-service/api'), s('dev:s3-bucket/gone'), 's3_bucket_nickname', { dangling: true }),
    edge(s('dev:queue/a'), s('dev:queue/b'), 'queue_nickname'),
    edge(s('dev:queue/b'), s('dev:queue/a'), 'queue_nickname'),
    edge(s('prod:ecs-cluster/apps'), s('prod:vpc/main'), 'vpc_nickname'),
    edge(s('prod:openapi/api'), s('prod:ecs-cluster/apps'), '$', { rule: 'owner' }),
  ];
  return {
    components: components.sort(byId),
    edges: edges.sort(byId),
    cycles: [[s('dev:queue/a'), s('dev:queue/b')]],
    ignoredParameters: [
      { env: s.env('dev'), name: '/iac/clickhouse/ami/base' },
      { env: s.env('prod'), name: '/iac/clickhouse/ami/base' },
    ],
  };
}

/** A chain `<env>:t/c0 → c1 → … → c<n-1>`, each component depending on the next. */
export function chainGraph(env: string, length: number): Graph {
  const ids = Array.from({ length }, (_, i) => `${env}:t/c${i}`);
  return {
    components: ids.map((id) => component(id)).sort(byId),
    edges: ids
      .slice(1)
      .map((to, i) => edge(ids[i], to, 't_nickname'))
      .sort(byId),
    cycles: [],
    ignoredParameters: [],
  };
}

/**
 * Directions and paths: `dev:site/www` uses `api/a` and `cdn/c`, both of
 * which use `vpc/main`; `worker/w` also uses `api/a` and `cache/c` also uses
 * `vpc/main` (siblings, seen from the site); `api/a` refers to `dev:gone/x`,
 * which does not exist.
 */
export function fanGraph(s: Scope): Graph {
  const pairs: Array<[string, string]> = [
    ['dev:site/www', 'dev:api/a'],
    ['dev:site/www', 'dev:cdn/c'],
    ['dev:api/a', 'dev:vpc/main'],
    ['dev:cdn/c', 'dev:vpc/main'],
    ['dev:worker/w', 'dev:api/a'],
    ['dev:cache/c', 'dev:vpc/main'],
  ];
  const edges = [...pairs.map(([from, to]) => edge(s(from), s(to), `${to.split(/[:/]/)[1]}_nickname`)), edge(s('dev:api/a'), s('dev:gone/x'), 'gone_nickname', { dangling: true })];
  const components = [...new Set(pairs.flat())].map((id) => component(s(id)));
  return { components: components.sort(byId), edges: edges.sort(byId), cycles: [], ignoredParameters: [] };
}

export const ids = (graph: Graph) => graph.components.map((c) => c.id);

let sequence = 0;
export function newId(prefix: 'cr' | 'ev'): string {
  sequence += 1;
  return `${prefix}:00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}

export function changeRequest(componentId: string, overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  const [env, rest] = componentId.split(':');
  const [type, nickname] = rest.split('/');
  const request: Omit<ChangeRequest, 'members'> = {
    id: newId('cr'),
    title: 'Widen the VPC',
    description: '',
    status: 'open',
    revision: 1,
    author: 'alice@example.com',
    componentId,
    env,
    type,
    nickname,
    baseVersion: 1,
    proposedConfig: '{"cidr":"10.1.0.0/16"}',
    impact: { risk: 'low', reasons: [] },
    approvals: [],
    approverGroups: {},
    createdAt: at(20),
    updatedAt: at(20),
    appliedVersion: null,
    error: null,
    kind: 'change',
    git: null,
    gitCommit: null,
    ...overrides,
  };
  return { ...request, members: overrides.members ?? [onlyMember(request)] };
}

export function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: newId('ev'),
    kind: 'proposed',
    actor: 'alice@example.com',
    at: at(20),
    note: '',
    data: {},
    changeRequestId: null,
    componentId: null,
    ...overrides,
  };
}

/** A request with its `proposed` event, as the workflow service creates it. */
export async function propose(store: GraphStore, componentId: string, overrides: Partial<ChangeRequest> = {}): Promise<ChangeRequest> {
  const request = changeRequest(componentId, overrides);
  await store.createChangeRequest(request, auditEvent({ changeRequestId: request.id, componentId, at: request.createdAt }));
  return request;
}

/** The rollout of a stored request (its members those of the request unless `overrides` name others) with its `rollout_started` event, as the rollout service starts it. */
export async function startRollout(store: GraphStore, request: ChangeRequest, overrides: Partial<Rollout> = {}): Promise<{ rollout: Rollout; started: AuditEvent }> {
  const members = request.members.map((m) => rolloutMember(m.componentId, { action: m.action }));
  const started = rollout(request.id, { title: request.title, author: request.author, members, ...overrides });
  const event = auditEvent({
    kind: 'rollout_started',
    actor: started.startedBy,
    at: started.createdAt,
    changeRequestId: request.id,
    componentId: null,
    data: { rolloutId: started.id },
  });
  await store.createRollout(started, event);
  return { rollout: started, started: event };
}

export async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
