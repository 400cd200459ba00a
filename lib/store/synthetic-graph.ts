/**
 * A deterministic, realistic graph of any size for benchmarks and fault
 * tests of the graph stores: environments of VPC blocks, each a vpc with
 * clusters, services, buckets, databases and lambdas wired the way Adage
 * configs wire them (`vpc_nickname`, `ecs_cluster_nickname`, …), with
 * runtimes, drift, the odd dangling reference. About two edges per component.
 */
import type { Component, DriftStatus, Edge, Graph } from '@/lib/model/graph';
import { componentId, edgeId } from '@/lib/model/ids';
import type { JsonObject } from '@/lib/model/json';

const ENVS = ['dev', 'staging', 'prod'];
/** One VPC block: what lives in (and refers to) one vpc. */
const BLOCK: Array<{ type: string; count: number }> = [
  { type: 'vpc', count: 1 },
  { type: 'ecs-cluster', count: 3 },
  { type: 's3-bucket', count: 6 },
  { type: 'aurora-postgres', count: 4 },
  { type: 'ecs-service', count: 30 },
  { type: 'lambda', count: 6 },
];
const BLOCK_SIZE = BLOCK.reduce((sum, part) => sum + part.count, 0);
const STATUSES: DriftStatus[] = ['in_sync', 'in_sync', 'in_sync', 'pending', 'mismatch', 'not_deployed', 'in_sync'];

const T0 = Date.parse('2026-06-01T00:00:00Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

type Draft = { env: string; type: string; nickname: string; refs: Array<{ field: string; type: string; nickname: string; isDangling?: boolean }> };

function blockDrafts(env: string, block: number, size: number): Draft[] {
  const name = (type: string, i: number) => `${type.split('-')[0]}-${block}-${i}`;
  const drafts: Draft[] = [];
  const vpc = name('vpc', 0);
  for (const { type, count } of BLOCK) {
    for (let i = 0; i < count && drafts.length < size; i++) {
      const refs: Draft['refs'] = [];
      if (type !== 'vpc' && type !== 's3-bucket') refs.push({ field: 'vpc_nickname', type: 'vpc', nickname: vpc });
      if (type === 'ecs-service') {
        refs.push({ field: 'ecs_cluster_nickname', type: 'ecs-cluster', nickname: name('ecs-cluster', i % 3) });
        // One service in thirty points at a bucket that does not exist: a dangling reference.
        const isDangling = i === 29;
        refs.push({ field: 'assets.s3_bucket_nickname', type: 's3-bucket', nickname: isDangling ? `gone-${block}` : name('s3-bucket', i % 6), isDangling });
      }
      if (type === 'lambda') refs.push({ field: 'functions.handler.src_nickname', type: 's3-bucket', nickname: name('s3-bucket', i) });
      drafts.push({ env, type, nickname: name(type, i), refs });
    }
  }
  return drafts;
}

function configOf(draft: Draft, index: number): JsonObject {
  const config: JsonObject = {
    name: `${draft.env}-${draft.nickname}`,
    tags: { team: `team-${index % 12}`, cost_center: `cc-${1000 + (index % 40)}`, environment: draft.env },
    description: `${draft.type} ${draft.nickname} managed by Karma's synthetic estate`,
  };
  if (draft.type === 'vpc') Object.assign(config, { cidr: `10.${index % 256}.0.0/16`, azs: ['a', 'b', 'c'] });
  if (draft.type === 'ecs-service')
    Object.assign(config, { cpu: 256 * (1 + (index % 4)), memory: 512 * (1 + (index % 4)), desired_count: 1 + (index % 3), image: `registry/app-${index}:1.${index % 50}` });
  if (draft.type === 'aurora-postgres') Object.assign(config, { engine_version: '15.4', instances: 2, backup_retention_days: 7 });
  for (const ref of draft.refs) {
    const path = ref.field.split('.');
    let node = config;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as JsonObject;
    node[path.at(-1)!] = ref.nickname;
  }
  return config;
}

function toComponent(draft: Draft, index: number): Component {
  const config = configOf(draft, index);
  const status = STATUSES[index % STATUSES.length];
  const isDeployed = status !== 'not_deployed';
  const runtime = isDeployed ? { arn: `arn:aws:${draft.type}:eu-west-1:123456789012:${draft.nickname}`, id: `${draft.type}-${index}` } : null;
  return {
    id: componentId(draft),
    env: draft.env,
    type: draft.type,
    nickname: draft.nickname,
    config,
    configRaw: JSON.stringify(config),
    configVersion: 1 + (index % 5),
    configModifiedAt: iso(index % 1000),
    configModifiedBy: `arn:aws:iam::123456789012:user/dev-${index % 9}`,
    runtime,
    runtimeRaw: runtime === null ? null : JSON.stringify(runtime),
    runtimeVersion: isDeployed ? 1 + (index % 3) : null,
    runtimeModifiedAt: isDeployed ? iso((index % 1000) + 30) : null,
    meta: {},
    ownedBy: null,
    problems: draft.refs.some((r) => r.isDangling) ? [{ code: 'dangling_reference', message: 'No such bucket', path: 'assets.s3_bucket_nickname' }] : [],
    drift: { status, reasons: status === 'in_sync' ? [] : [`synthetic ${status}`], deployedConfigVersion: isDeployed ? 1 + (index % 5) : null },
  };
}

/** `count` components (spread over the environments) and their edges, sorted by id. */
export function syntheticGraph(count: number, { envPrefix = '' }: { envPrefix?: string } = {}): Graph {
  const drafts: Draft[] = [];
  for (let block = 0; drafts.length < count; block++) {
    const env = `${envPrefix}${ENVS[block % ENVS.length]}`;
    drafts.push(...blockDrafts(env, block, Math.min(BLOCK_SIZE, count - drafts.length)));
  }
  const ids = new Set(drafts.map((d) => componentId(d)));
  const edges: Edge[] = [];
  for (const draft of drafts) {
    const from = componentId(draft);
    for (const ref of draft.refs) {
      const to = componentId({ env: draft.env, type: ref.type, nickname: ref.nickname });
      edges.push({ id: edgeId(from, to, ref.field), from, to, path: ref.field, rule: ref.field.endsWith('src_nickname') ? 'src-pair' : 'nickname', dangling: !ids.has(to) });
    }
  }
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    components: drafts.map(toComponent).sort(byId),
    edges: edges.sort(byId),
    cycles: [],
    ignoredParameters: [],
  };
}
