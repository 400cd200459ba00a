/**
 * The change-request workflow wired to real adapters for tests: any
 * parameter stores (local, or SSM against moto) and any graph store (memory,
 * or Gremlin Server), a small estate per environment, the demo people, and
 * helpers to propose and look. Used by the unit tests (embedded adapters) and
 * tests/integration/change-*.itest.ts (real peers).
 */
import { createChangeBodySchema } from '@/lib/model/simulation';
import type { User } from '@/lib/auth/roles';
import type { ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import type { JsonObject } from '@/lib/model/json';
import { settingsFileSchema, type SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { ParameterStore } from '@/lib/params/parameter-store';
import { GraphService } from '@/lib/server/graph-service';
import type { Settings } from '@/lib/server/settings';
import type { GraphStore } from '@/lib/store/graph-store';
import { ChangeRequestService } from '../change-request-service';
import { configParameterName } from '../request-config';

const person = (name: string, role: User['role']): User => ({ id: `${name}@example.com`, name, email: `${name}@example.com`, role, groups: [] });

export const PEOPLE = {
  alice: person('alice', 'proposer'),
  bob: person('bob', 'approver'),
  carol: person('carol', 'approver'),
  erin: person('erin', 'approver'),
  dana: person('dana', 'admin'),
  victor: person('victor', 'viewer'),
} as const;

/** A vpc, a cluster on it and a queue: enough for a blast radius and an unrelated component. */
export const ESTATE: Record<string, JsonObject> = {
  'vpc/main': { cidr: '10.0.0.0/16', az_count: 2 },
  'ecs-cluster/core': { vpc_nickname: 'main', capacity_providers: ['FARGATE'] },
  'sqs-queue/jobs': { visibility_timeout_seconds: 30 },
};

export async function seedEstate(store: ParameterStore, estate: Record<string, JsonObject> = ESTATE): Promise<void> {
  for (const [path, config] of Object.entries(estate)) {
    const [type, nickname] = path.split('/');
    const name = configParameterName(store, { env: store.env, type, nickname });
    const current = await store.get(name);
    await store.put({ name, value: JSON.stringify(config), expectedVersion: current?.version ?? null, user: 'seed' });
  }
}

export function sourcesOf(stores: ParameterStore[]): ParameterSources {
  const byEnv = new Map(stores.map((s) => [s.env, s]));
  return { kind: stores[0]?.kind ?? 'local', stores, forEnv: (env) => byEnv.get(env), localFile: null };
}

export type Harness = {
  service: ChangeRequestService;
  graph: GraphService;
  store: GraphStore;
  sources: ParameterSources;
  file: SettingsFile;
};

export async function createHarness({
  stores,
  graphStore,
  file = {},
  webhook = null,
  configRepo = null,
  now,
}: {
  stores: ParameterStore[];
  /** A config repo the workflow commits to (tests/integration/change-git.itest.ts); none by default. */
  configRepo?: ConfigRepoReader | null;
  graphStore: GraphStore;
  file?: Partial<SettingsFile>;
  webhook?: Settings['webhook'];
  now?: () => Date;
}): Promise<Harness> {
  const settingsFile = settingsFileSchema.parse({ approvals: { default: 1, perEnv: {} }, ...file });
  const sources = sourcesOf(stores);
  const graph = new GraphService({ sources, store: graphStore, file: settingsFile, configRepo, now });
  const report = await graph.sync('start');
  if (!report.ok) throw new Error(`the harness's first sync failed: ${report.error}`);
  const service = new ChangeRequestService({
    graph,
    store: graphStore,
    sources,
    settings: { file: settingsFile, configRepo: null, allowAdvancedTier: false, webhook },
    configRepo,
    now,
  });
  return { service, graph, store: graphStore, sources, file: settingsFile };
}

/** A proposal by `user` on `componentId`: its current config with `change` merged in. */
export async function propose(h: Harness, user: User, componentId: string, change: JsonObject, title = `Change ${componentId}`) {
  const { component } = await h.graph.readComponent(componentId);
  const config = { ...(component.config as JsonObject), ...change };
  return h.service.create(
    user,
    createChangeBodySchema.parse({ componentId, proposedConfig: JSON.stringify(config, null, 2), title, description: '', baseVersion: component.configVersion }),
  );
}

/** Every version of a component's config, oldest first, straight from the parameter store. */
export async function configHistory(h: Harness, componentId: string) {
  const [env, rest] = componentId.split(':');
  const [type, nickname] = rest.split('/');
  const store = h.sources.forEnv(env)!;
  return store.history(configParameterName(store, { env, type, nickname }));
}
