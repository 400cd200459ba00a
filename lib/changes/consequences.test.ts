import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build-graph';
import { diffJson } from '@/lib/json/diff-json';
import type { Consequences, DependentConsequence } from '@/lib/model/consequences';
import { parseComponentId } from '@/lib/model/ids';
import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/model/json';
import type { SettingsFile } from '@/lib/model/settings';
import { env } from '@/lib/testing/builders';
import { combinedDependents } from './blast-radius';
import { consequencesOf, firstInOrder, type ProposedChange } from './consequences';
import { indexForSimulation } from './simulation-index';

type Documents = Record<string, Record<string, JsonValue>>;
type Rules = Partial<Pick<SettingsFile, 'derivedOutputs' | 'consumes' | 'fieldMirrors'>>;

/** An estate (env → `type/nickname` → config, and the same for runtimes) → what a change or a set of changes does to it. */
function estate(configs: Documents, runtimes: Documents = {}, rules: Rules = {}) {
  const envs = [...new Set([...Object.keys(configs), ...Object.keys(runtimes)])];
  const graph = buildGraph({ environments: envs.map((name) => env(name, configs[name] ?? {}, runtimes[name] ?? {})), referenceRules: [] });
  const index = indexForSimulation({ graph, referenceRules: [], prefixes: Object.fromEntries(envs.map((e) => [e, '/iac'])), ...rules });
  const change = (id: string, after: JsonObject | null): ProposedChange => {
    const key = parseComponentId(id)!;
    const current = index.graph.component(id);
    const before = current?.configRaw != null ? current.config : null;
    const action = after === null ? 'remove' : before === null ? 'create' : 'update';
    return { id, ...key, action, before, after, diff: diffJson(isJsonObject(before) ? before : {}, after ?? {}) };
  };
  const consequences = (...changes: ProposedChange[]): Consequences =>
    consequencesOf({
      index,
      changes,
      dependents: combinedDependents(
        index.graph,
        changes.map((c) => c.id),
      ),
    });
  return { index, change, consequences, of: (id: string, after: JsonObject | null) => consequences(change(id, after)) };
}

const verdicts = (c: Consequences) => c.dependents.map((d) => [d.id, d.verdict]);
const dependent = (c: Consequences, id: string): DependentConsequence => {
  const found = c.dependents.find((d) => d.id === id);
  if (!found) throw new Error(`${id} is not listed: ${c.dependents.map((d) => d.id).join(', ')}`);
  return found;
};
const copies = (c: Consequences) => c.staleCopies.map((s) => `${s.componentId} ${s.document} ${s.path} ${s.value} ${s.match} of ${s.of.componentId} ${s.of.path}`);

const VPC = { cidr: '10.40.0.0/16', az_count: 3, tags: { Owner: 'platform' } };
const VPC_RUNTIME = {
  vpc_id: 'vpc-0c29a5c076fd953a3',
  vpc_cidr: '10.40.0.0/16',
  private_subnet_ids: ['subnet-00ac76736a7acbdf8', 'subnet-0ef0b691c471011bf'],
  private_subnet_cidrs: ['10.40.0.0/20', '10.40.16.0/20'],
  az_count: 3,
};
const DERIVED: Rules['derivedOutputs'] = { vpc: { cidr: ['vpc_cidr', 'private_subnet_cidrs', 'private_subnet_ids'] } };

describe('which outputs change', () => {
  const net = estate(
    { prod: { 'vpc/main': VPC, 'ecs-service/web': { vpc_nickname: 'main' } } },
    { prod: { 'vpc/main': VPC_RUNTIME } },
    { derivedOutputs: DERIVED, consumes: { 'ecs-service': { vpc: ['private_subnet_ids', 'vpc_id'] } } },
  );

  it('takes the field mirror, the same-name output and the type\u2019s derivedOutputs map', () => {
    const result = net.of('prod:vpc/main', { ...VPC, cidr: '10.50.0.0/16', az_count: 2 });
    expect(result.changedOutputs).toEqual([
      { componentId: 'prod:vpc/main', output: 'az_count', field: 'az_count', source: 'same-name' },
      { componentId: 'prod:vpc/main', output: 'vpc_cidr', field: 'cidr', source: 'mirror' },
      { componentId: 'prod:vpc/main', output: 'private_subnet_cidrs', field: 'cidr', source: 'derived' },
      { componentId: 'prod:vpc/main', output: 'private_subnet_ids', field: 'cidr', source: 'derived' },
    ]);
    const web = dependent(result, 'prod:ecs-service/web');
    expect(web).toMatchObject({
      verdict: 'must_redeploy',
      mustRedeploy: true,
      depth: 1,
      isInSet: false,
      via: [{ from: 'prod:ecs-service/web', to: 'prod:vpc/main', path: 'vpc_nickname' }],
    });
    expect(web.consumes.map((o) => o.output)).toEqual(['private_subnet_ids']);
    expect(web.reasons[0]).toBe('Reads private_subnet_ids of prod:vpc/main (at vpc_nickname), which changes with cidr');
  });

  it('changes no output through a field in none of them when the type has a derivedOutputs map', () => {
    const result = net.of('prod:vpc/main', { ...VPC, tags: { Owner: 'network' } });
    expect(result.changedOutputs).toEqual([]);
    expect(verdicts(result)).toEqual([['prod:ecs-service/web', 'unaffected']]);
    expect(dependent(result, 'prod:ecs-service/web').reasons).toEqual([
      'Reads private_subnet_ids, vpc_id (settings consumes) of prod:vpc/main (at vpc_nickname), which stay the same: the change alters none of its outputs',
    ]);
  });

  it('says the outputs may change when the type has no derivedOutputs map, and every consumer must redeploy', () => {
    const queues = estate(
      {
        prod: {
          'sqs-queue/orders': { queue_name: 'orders-queue', visibility_timeout_seconds: 30 },
          'lambda/worker': { sqs_queue_nickname: 'orders' },
          'ecs-service/api': { sqs_queue_nickname: 'orders' },
        },
      },
      { prod: { 'sqs-queue/orders': { queue_name: 'orders-queue', queue_url: 'https://sqs.example/orders-queue' } } },
      { consumes: { 'ecs-service': { 'sqs-queue': ['queue_url'] } } },
    );
    const result = queues.of('prod:sqs-queue/orders', { queue_name: 'orders-queue', visibility_timeout_seconds: 60 });
    expect(result.changedOutputs).toEqual([{ componentId: 'prod:sqs-queue/orders', output: null, field: 'visibility_timeout_seconds', source: 'unmapped' }]);
    expect(verdicts(result)).toEqual([
      ['prod:ecs-service/api', 'must_redeploy'],
      ['prod:lambda/worker', 'must_redeploy'],
    ]);
    expect(dependent(result, 'prod:lambda/worker').reasons[0]).toMatch(
      /^Reads prod:sqs-queue\/orders \(at sqs_queue_nickname\), whose outputs may change: visibility_timeout_seconds changes/,
    );
    // Narrowed by consumes, still told: an unmapped field may change the output it reads too.
    expect(dependent(result, 'prod:ecs-service/api').consumes).toEqual([expect.objectContaining({ output: null, source: 'unmapped' })]);
  });

  it('knows a same-name output without a map, and a consumer narrowed to another output is unaffected', () => {
    const queues = estate(
      { prod: { 'sqs-queue/orders': { queue_name: 'orders-queue' }, 'ecs-service/api': { sqs_queue_nickname: 'orders' } } },
      { prod: { 'sqs-queue/orders': { queue_name: 'orders-queue', queue_url: 'https://sqs.example/orders-queue' } } },
      { consumes: { 'ecs-service': { 'sqs-queue': ['queue_url'] } } },
    );
    const result = queues.of('prod:sqs-queue/orders', { queue_name: 'orders-queue-2' });
    expect(result.changedOutputs).toEqual([{ componentId: 'prod:sqs-queue/orders', output: 'queue_name', field: 'queue_name', source: 'same-name' }]);
    expect(dependent(result, 'prod:ecs-service/api')).toMatchObject({ verdict: 'unaffected', mustRedeploy: false, consumes: [] });
    expect(dependent(result, 'prod:ecs-service/api').reasons[0]).toBe(
      'Reads queue_url (settings consumes) of prod:sqs-queue/orders (at sqs_queue_nickname), which stays the same: the change alters queue_name only',
    );
  });

  it('has everything a new component outputs be new: the components it resolves must redeploy', () => {
    const result = net.of('prod:aurora-postgres/orders', { engine_version: '16.4' });
    expect(result.changedOutputs).toEqual([{ componentId: 'prod:aurora-postgres/orders', output: null, field: '$', source: 'new' }]);
    expect(result.dependents).toEqual([]);
    const withConsumer = estate({ prod: { 'grafana/ops': { aurora_postgres_nickname: 'metrics' } } });
    const created = withConsumer.of('prod:aurora-postgres/metrics', { engine_version: '16.4' });
    expect(verdicts(created)).toEqual([['prod:grafana/ops', 'must_redeploy']]);
    expect(dependent(created, 'prod:grafana/ops').reasons).toEqual([
      'Refers to prod:aurora-postgres/metrics (at aurora_postgres_nickname), which is new: its outputs appear once it is created',
    ]);
  });

  it('has everything a removed component output go away', () => {
    const result = net.of('prod:vpc/main', null);
    expect(verdicts(result)).toEqual([['prod:ecs-service/web', 'must_redeploy']]);
    expect(dependent(result, 'prod:ecs-service/web').reasons[0]).toMatch(/which is removed: its outputs go away/);
  });
});

describe('what a dependent reads', () => {
  const configs = {
    prod: {
      'vpc/main': VPC,
      'grafana/ops': { vpc_runtime_path: '/iac/vpc/main/runtime' },
      'bastion/ssh': { vpc_id_path: '/iac/vpc/main/runtime/vpc_id' },
      'auditor/cfg': { watched: '/iac/vpc/main/config' },
      'ecs-cluster/core': { vpc_nickname: 'main' },
      'ecs-service/web': { ecs_cluster_nickname: 'core', vpc_nickname: 'main' },
      'lambda/jobs': { ecs_cluster_nickname: 'core' },
    },
  };
  const net = estate(configs, { prod: { 'vpc/main': VPC_RUNTIME } }, { derivedOutputs: DERIVED, consumes: { 'ecs-cluster': { vpc: ['vpc_id'] } } });
  const cidrChange = () => net.of('prod:vpc/main', { ...VPC, cidr: '10.50.0.0/16' });

  it('reads every output through the runtime parameter path, one through a path to that output, the config through the config path', () => {
    const result = cidrChange();
    expect(dependent(result, 'prod:grafana/ops')).toMatchObject({ verdict: 'must_redeploy' });
    expect(dependent(result, 'prod:grafana/ops').consumes.map((o) => o.output)).toEqual(['vpc_cidr', 'private_subnet_cidrs', 'private_subnet_ids']);
    expect(dependent(result, 'prod:bastion/ssh')).toMatchObject({ verdict: 'unaffected', consumes: [] });
    expect(dependent(result, 'prod:bastion/ssh').reasons[0]).toBe(
      'Reads vpc_id of prod:vpc/main (at vpc_id_path), which stays the same: the change alters vpc_cidr, private_subnet_cidrs, private_subnet_ids only',
    );
    expect(dependent(result, 'prod:auditor/cfg')).toMatchObject({ verdict: 'must_redeploy', consumes: [] });
    expect(dependent(result, 'prod:auditor/cfg').reasons).toEqual([
      'Reads the config of prod:vpc/main by parameter path (/iac/vpc/main/config, at watched), and that config changes',
    ]);
  });

  it('has a config reader redeploy for any change, even one that changes no output', () => {
    const result = net.of('prod:vpc/main', { ...VPC, tags: { Owner: 'network' } });
    expect(verdicts(result).filter(([, v]) => v === 'must_redeploy')).toEqual([['prod:auditor/cfg', 'must_redeploy']]);
  });

  it('reads every output by nickname, unless the consumes map narrows the consumer type', () => {
    const result = cidrChange();
    expect(dependent(result, 'prod:ecs-service/web').verdict).toBe('must_redeploy');
    expect(dependent(result, 'prod:ecs-cluster/core')).toMatchObject({ verdict: 'unaffected', mustRedeploy: false });
    expect(dependent(result, 'prod:ecs-cluster/core').reasons[0]).toMatch(/^Reads vpc_id \(settings consumes\) of prod:vpc\/main \(at vpc_nickname\), which stays the same/);
  });

  it('has a dependent reached through another read nothing of the changed component, and names the one in between', () => {
    const result = cidrChange();
    expect(dependent(result, 'prod:lambda/jobs')).toMatchObject({ verdict: 'unaffected', depth: 2, consumes: [] });
    expect(dependent(result, 'prod:lambda/jobs').via.map((v) => v.from)).toEqual(['prod:ecs-cluster/core', 'prod:lambda/jobs']);
    expect(dependent(result, 'prod:lambda/jobs').reasons).toEqual([
      'Depends on prod:vpc/main only through prod:ecs-cluster/core, which need not redeploy; it reads nothing of prod:vpc/main itself',
    ]);
    // A service that also reads the vpc directly is a direct consumer, however else it is reached.
    expect(dependent(result, 'prod:ecs-service/web').depth).toBe(1);
    const throughRedeploy = estate(
      { prod: { 'vpc/main': VPC, 'ecs-cluster/core': { vpc_nickname: 'main' }, 'lambda/jobs': { ecs_cluster_nickname: 'core' } } },
      {},
      { derivedOutputs: DERIVED },
    );
    expect(dependent(throughRedeploy.of('prod:vpc/main', { ...VPC, cidr: '10.50.0.0/16' }), 'prod:lambda/jobs').reasons[0]).toContain(
      'through prod:ecs-cluster/core, which must redeploy',
    );
  });

  it('lists by verdict, then depth, then id, and counts dependents by verdict', () => {
    const result = cidrChange();
    expect(verdicts(result)).toEqual([
      ['prod:auditor/cfg', 'must_redeploy'],
      ['prod:ecs-service/web', 'must_redeploy'],
      ['prod:grafana/ops', 'must_redeploy'],
      ['prod:bastion/ssh', 'unaffected'],
      ['prod:ecs-cluster/core', 'unaffected'],
      ['prod:lambda/jobs', 'unaffected'],
    ]);
    expect(result.counts).toEqual({ must_redeploy: 3, stale_copy: 0, unaffected: 3 });
    expect(result.isTruncated).toBe(false);
  });
});

describe('stale copies', () => {
  const configs: Documents = {
    prod: {
      'vpc/main': { ...VPC, flow_log_role: 'arn:aws:iam::444455556666:role/flow-logs', account: 444455556666 },
      'clickhouse/analytics': { vpc_nickname: 'main', allowed_cidrs: ['10.40.0.0/16', '192.168.0.0/24'] },
      'aurora-postgres/orders': { vpc_nickname: 'main', ingress: { subnets: ['10.40.0.0/20', '10.40.16.0/20'] } },
      'sqs-queue/ops': { allowed_sources: ['10.0.0.0/8'], role: 'arn:aws:iam::444455556666:role/flow-logs' },
    },
    dev: { 'vpc/main': { cidr: '10.20.0.0/16', peer_cidrs: ['10.40.32.0/20'], account_id: '444455556666' } },
  };
  const runtimes: Documents = { prod: { 'vpc/main': VPC_RUNTIME, 'clickhouse/analytics': { private_ip: '10.40.17.42' } } };
  const net = estate(configs, runtimes, { derivedOutputs: DERIVED });

  it('finds the old CIDR, ranges and addresses inside it and ranges holding it, estate-wide', () => {
    const result = net.of('prod:vpc/main', { ...(configs.prod['vpc/main'] as JsonObject), cidr: '10.50.0.0/16' });
    expect(copies(result)).toEqual([
      'dev:vpc/main config peer_cidrs[0] 10.40.32.0/20 inside of prod:vpc/main cidr',
      'prod:aurora-postgres/orders config ingress.subnets[0] 10.40.0.0/20 inside of prod:vpc/main cidr',
      'prod:aurora-postgres/orders config ingress.subnets[1] 10.40.16.0/20 inside of prod:vpc/main cidr',
      'prod:clickhouse/analytics config allowed_cidrs[0] 10.40.0.0/16 exact of prod:vpc/main cidr',
      'prod:clickhouse/analytics runtime private_ip 10.40.17.42 inside of prod:vpc/main cidr',
      'prod:sqs-queue/ops config allowed_sources[0] 10.0.0.0/8 overlaps of prod:vpc/main cidr',
    ]);
    expect(result.staleCopies[0]).toEqual({
      componentId: 'dev:vpc/main',
      env: 'dev',
      type: 'vpc',
      nickname: 'main',
      document: 'config',
      path: 'peer_cidrs[0]',
      value: '10.40.32.0/20',
      of: { componentId: 'prod:vpc/main', path: 'cidr', oldValue: '10.40.0.0/16', newValue: '10.50.0.0/16' },
      match: 'inside',
    });
    // Dependents holding a copy in their config are stale_copy; the others hold copies without depending on the vpc.
    expect(verdicts(result)).toEqual([
      ['prod:aurora-postgres/orders', 'stale_copy'],
      ['prod:clickhouse/analytics', 'stale_copy'],
    ]);
    expect(dependent(result, 'prod:clickhouse/analytics')).toMatchObject({
      mustRedeploy: true,
      copies: [expect.objectContaining({ document: 'config' }), expect.objectContaining({ document: 'runtime' })],
    });
    expect(dependent(result, 'prod:clickhouse/analytics').reasons).toEqual([
      'Its config holds 10.40.0.0/16 at allowed_cidrs[0]: the old value of prod:vpc/main cidr (10.40.0.0/16 → 10.50.0.0/16)',
      expect.stringMatching(/^Reads vpc_cidr, private_subnet_cidrs, private_subnet_ids of prod:vpc\/main/),
      'Its runtime holds 10.40.17.42 at private_ip, inside the old value of prod:vpc/main cidr (10.40.0.0/16 → 10.50.0.0/16)',
    ]);
    // Components holding a copy in their config, dependents or not; a runtime-only copy does not count.
    expect(result.counts).toEqual({ must_redeploy: 0, stale_copy: 4, unaffected: 0 });
  });

  it('does not let a runtime-only copy change a verdict', () => {
    const shop = estate(
      { prod: { 'vpc/main': VPC, 'ecs-service/web': { vpc_nickname: 'main' } } },
      { prod: { 'vpc/main': VPC_RUNTIME, 'ecs-service/web': { task_ip: '10.40.5.6' } } },
      { derivedOutputs: DERIVED, consumes: { 'ecs-service': { vpc: ['vpc_id'] } } },
    );
    const web = dependent(shop.of('prod:vpc/main', { ...VPC, cidr: '10.50.0.0/16' }), 'prod:ecs-service/web');
    expect(web).toMatchObject({ verdict: 'unaffected', copies: [expect.objectContaining({ document: 'runtime', path: 'task_ip', match: 'inside' })] });
    expect(web.reasons[0]).toMatch(/^Reads vpc_id/);
    expect(web.reasons[1]).toMatch(/^Its runtime holds 10.40.5.6 at task_ip, inside/);
  });

  it('finds IPv6 ranges the same way', () => {
    const v6 = estate({
      prod: { 'vpc/main': { ipv6_cidr: '2001:db8:40::/48' }, 'waf/edge': { allow: ['2001:db8:40:7::/64', '2001:DB8:40::/48', '2001:db8::/32', '2001:db9::/32'] } },
    });
    expect(copies(v6.of('prod:vpc/main', { ipv6_cidr: '2001:db8:41::/48' }))).toEqual([
      'prod:waf/edge config allow[0] 2001:db8:40:7::/64 inside of prod:vpc/main ipv6_cidr',
      'prod:waf/edge config allow[1] 2001:DB8:40::/48 exact of prod:vpc/main ipv6_cidr',
      'prod:waf/edge config allow[2] 2001:db8::/32 overlaps of prod:vpc/main ipv6_cidr',
    ]);
  });

  it('finds ARNs, ids and account ids exactly, wherever they are and however a number is written', () => {
    const result = net.of('prod:vpc/main', { ...VPC, flow_log_role: 'arn:aws:iam::444455556666:role/flow-logs-2', account: 777788889999 });
    expect(copies(result)).toEqual([
      'dev:vpc/main config account_id 444455556666 exact of prod:vpc/main account',
      'prod:sqs-queue/ops config role arn:aws:iam::444455556666:role/flow-logs exact of prod:vpc/main flow_log_role',
    ]);
  });

  it('ignores booleans, small numbers, short strings and common words', () => {
    const noisy = estate({
      prod: {
        'vpc/main': {
          enable_flow_logs: true,
          az_count: 3,
          port: 5432,
          nickname: 'core',
          visibility: 'private',
          tier: 'standard',
          kind: 'clickhouse',
          stage: 'prod',
          name: 'tidepool-main',
        },
        'clickhouse/x': {
          vpc_nickname: 'main',
          enabled: true,
          replicas: 3,
          port: 5432,
          role: 'core',
          visibility: 'private',
          tier: 'standard',
          engine: 'clickhouse',
          env: 'prod',
          copy: 'tidepool-main',
        },
      },
    });
    const result = noisy.of('prod:vpc/main', {
      enable_flow_logs: false,
      az_count: 2,
      port: 5433,
      nickname: 'edge',
      visibility: 'public',
      tier: 'premium',
      kind: 'other',
      stage: 'dev',
      name: 'tidepool-edge',
    });
    expect(copies(result)).toEqual(['prod:clickhouse/x config copy tidepool-main exact of prod:vpc/main name']);
  });

  it('takes a plain name that more than ten components hold for a shared label, not a copy, but still finds a rarer one', () => {
    const tagged = (owner: string) => ({ tags: { Owner: owner, Project: 'tidepool' } });
    const estateWithTags = estate({
      prod: {
        'vpc/main': { cidr: '10.40.0.0/16', ...tagged('platform-team') },
        ...Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`s3-bucket/b${i}`, tagged(i < 2 ? 'platform-team' : 'data-team')])),
      },
    });
    const removed = estateWithTags.of('prod:vpc/main', null);
    // `tidepool` is in all twelve configs: a label; `platform-team` in three: still worth naming.
    expect(copies(removed)).toEqual([
      'prod:s3-bucket/b0 config tags.Owner platform-team exact of prod:vpc/main tags.Owner',
      'prod:s3-bucket/b1 config tags.Owner platform-team exact of prod:vpc/main tags.Owner',
    ]);
  });

  it('finds the leaves of removed and replaced arrays and objects, but not those that stay', () => {
    const sg = estate({ prod: { 'vpc/main': { extra: { groups: ['sg-0abc123456', 'sg-0def654321'] } }, 'ecs-service/web': { sgs: ['sg-0abc123456', 'sg-0def654321'] } } });
    expect(copies(sg.of('prod:vpc/main', {}))).toEqual([
      'prod:ecs-service/web config sgs[0] sg-0abc123456 exact of prod:vpc/main extra.groups[0]',
      'prod:ecs-service/web config sgs[1] sg-0def654321 exact of prod:vpc/main extra.groups[1]',
    ]);
    expect(copies(sg.of('prod:vpc/main', { extra: 'none' }))).toHaveLength(2);
    expect(copies(sg.of('prod:vpc/main', { extra: { groups: ['sg-0abc123456', 'sg-0fff000111'] } }))).toEqual([
      'prod:ecs-service/web config sgs[1] sg-0def654321 exact of prod:vpc/main extra.groups[1]',
    ]);
  });

  it('reads a changed component by its proposed config: a set that fixes the copy leaves none there', () => {
    const vpc = net.change('prod:vpc/main', { ...(configs.prod['vpc/main'] as JsonObject), cidr: '10.50.0.0/16' });
    const clickhouse = net.change('prod:clickhouse/analytics', { vpc_nickname: 'main', allowed_cidrs: ['10.50.0.0/16', '192.168.0.0/24'] });
    const result = net.consequences(vpc, clickhouse);
    expect(copies(result)).not.toContainEqual(expect.stringContaining('prod:clickhouse/analytics'));
    expect(dependent(result, 'prod:clickhouse/analytics')).toMatchObject({ verdict: 'must_redeploy', isInSet: true, copies: [] });
    expect(result.counts.stale_copy).toBe(3);
    // A member that keeps the old value keeps the copy, from its proposed config.
    const half = net.change('prod:clickhouse/analytics', { vpc_nickname: 'main', allowed_cidrs: ['10.40.0.0/16'], note: 'resized' });
    expect(dependent(net.consequences(vpc, half), 'prod:clickhouse/analytics')).toMatchObject({ verdict: 'stale_copy', isInSet: true });
  });

  it('never calls the changed field a copy of itself, but finds a copy elsewhere in the same config', () => {
    const widen = estate({ prod: { 'vpc/main': { cidr: '10.40.0.0/16', flow_log_filter: '10.40.0.0/16' } } });
    expect(copies(widen.of('prod:vpc/main', { cidr: '10.40.0.0/15', flow_log_filter: '10.40.0.0/16' }))).toEqual([
      'prod:vpc/main config flow_log_filter 10.40.0.0/16 exact of prod:vpc/main cidr',
    ]);
    expect(copies(widen.of('prod:vpc/main', { cidr: '10.40.0.0/15', flow_log_filter: '10.40.0.0/15' }))).toEqual([]);
  });

  it('sees nothing stale in a change of spelling', () => {
    const zones = estate({ prod: { 'route53-zone/public': { zone_name: 'Tidepool.Example.' }, 'acm-certificate/w': { hosted_zone_name: 'tidepool.example' } } });
    expect(copies(zones.of('prod:route53-zone/public', { zone_name: 'tidepool.example' }))).toEqual([]);
    expect(copies(zones.of('prod:route53-zone/public', { zone_name: 'tidepool.shop' }))).toEqual([
      'prod:acm-certificate/w config hosted_zone_name tidepool.example exact of prod:route53-zone/public zone_name',
    ]);
  });
});

describe('many dependents', () => {
  const size = 1_200;
  const configs: Documents = { prod: { 'vpc/main': VPC } };
  for (let i = 0; i < size; i++) configs.prod[`${i % 3 === 0 ? 'ecs-cluster' : 'lambda'}/n${String(i).padStart(4, '0')}`] = { vpc_nickname: 'main' };
  const net = estate(configs, {}, { derivedOutputs: DERIVED, consumes: { 'ecs-cluster': { vpc: ['vpc_id'] } } });

  it('lists the first by verdict, depth and id, and counts all of them', () => {
    const result = net.of('prod:vpc/main', { ...VPC, cidr: '10.50.0.0/16' });
    expect(result.counts).toEqual({ must_redeploy: 800, stale_copy: 0, unaffected: 400 });
    expect(result.isTruncated).toBe(true);
    expect(result.dependents).toHaveLength(500);
    expect(result.dependents.every((d) => d.verdict === 'must_redeploy')).toBe(true);
    expect(result.dependents[0].id).toBe('prod:lambda/n0001');
    expect(result.dependents[499].id).toBe('prod:lambda/n0749');
  });
});

describe('firstInOrder', () => {
  it('keeps the first k in order, and sorts fewer', () => {
    const items = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    expect(firstInOrder(items, 5, (a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect(firstInOrder([3, 1, 2], 5, (a, b) => a - b)).toEqual([1, 2, 3]);
    expect(firstInOrder([3, 1, 2], 0, (a, b) => a - b)).toEqual([]);
  });
});
