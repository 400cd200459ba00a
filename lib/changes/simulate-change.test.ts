import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build-graph';
import type { ChangeRequest } from '@/lib/model/change-request';
import type { JsonObject, JsonValue } from '@/lib/model/json';
import type { ReferenceRule } from '@/lib/model/settings';
import type { ProposalSimulation, ProposalTarget, SimulationResult } from '@/lib/model/simulation';
import { changeMember, env } from '@/lib/testing/builders';
import type { OpenRequest } from './find-conflicts';
import { indexForSimulation } from './simulation-index';
import { simulateChange, simulateChangeSet, type SimulationInput } from './simulate-change';

const NOW = new Date('2026-11-20T10:00:00Z');

const RULES: ReferenceRule[] = [
  { kind: 'field', name: 'dns-zone', field: '*_zone_name', targetType: 'route53-zone', targetField: 'zone_name', normalize: ['lowercase', 'trailing-dot'], crossEnv: 'prod' },
  { kind: 'field', name: 'api', field: '*_api_nickname', targetType: 'serverless-api', normalize: [], crossEnv: false },
];

const VPC_SCHEMA: JsonObject = {
  type: 'object',
  required: ['cidr'],
  additionalProperties: false,
  properties: { cidr: { type: 'string', format: 'cidr' }, az_count: { type: 'integer', minimum: 1 }, tags: { type: 'object' } },
};

type Estate = Record<string, Record<string, JsonValue | string>>;
type Options = Partial<Pick<SimulationInput, 'openRequests' | 'allowAdvancedTier' | 'excludeRequestId' | 'schemas'>>;

/** An estate (env → `type/nickname` → config) → a function that simulates one proposal against it. */
function estate(configs: Estate) {
  const graph = buildGraph({ environments: Object.entries(configs).map(([name, c]) => env(name, c)), referenceRules: RULES });
  const index = indexForSimulation({ graph, referenceRules: RULES, prefixes: Object.fromEntries(Object.keys(configs).map((e) => [e, '/iac'])) });
  const simulate = (target: string | ProposalTarget, proposed: JsonValue | string, options: Options = {}): ProposalSimulation =>
    simulateChange({
      index,
      schemas: { vpc: VPC_SCHEMA },
      openRequests: [],
      allowAdvancedTier: false,
      target: typeof target === 'string' ? { componentId: target } : target,
      proposedConfig: typeof proposed === 'string' ? proposed : JSON.stringify(proposed, null, 2),
      now: NOW,
      ...options,
    });
  /** A proposal that is a config document, so everything is worked out (anything else fails the test). */
  const document = (...args: Parameters<typeof simulate>): SimulationResult => {
    const result = simulate(...args);
    if (!result.isDocument) throw new Error(`the proposal is no document: ${result.errors.map((e) => e.message).join('; ')}`);
    return result;
  };
  /** A change set: each member an id (edit) or env/type/nickname (new) with its proposal, or null to remove it. */
  const set = (members: Array<[string | ProposalTarget, JsonValue | null]>, options: Options = {}): ProposalSimulation =>
    simulateChangeSet({
      index,
      schemas: { vpc: VPC_SCHEMA },
      openRequests: [],
      allowAdvancedTier: false,
      members: members.map(([target, proposed]) => ({
        target: typeof target === 'string' ? { componentId: target } : target,
        proposedConfig: proposed === null ? null : JSON.stringify(proposed),
      })),
      now: NOW,
      ...options,
    });
  return Object.assign(document, { text: simulate, set });
}

const codes = (issues: Array<{ code: string }>) => issues.map((i) => i.code);

/** prod: vpc/main ← ecs-cluster/core ← ecs-service/{web,api}; grafana/ops with a dangling reference. */
const shop = estate({
  prod: {
    'vpc/main': { cidr: '10.0.0.0/16', az_count: 3 },
    'ecs-cluster/core': { vpc_nickname: 'main', cluster_name: 'core' },
    'ecs-service/web': { ecs_cluster_nickname: 'core' },
    'ecs-service/api': { ecs_cluster_nickname: 'core', vpc_nickname: 'main' },
    'grafana/ops': { aurora_postgres_nickname: 'legacy', vpc_runtime_path: '/iac/vpc/main/runtime' },
    'route53-zone/public': { zone_name: 'shop.example.com' },
    's3-bucket/logs': {},
  },
  dev: {
    'serverless-site/www': { route53_zone_name: 'Shop.Example.com.' },
    'serverless-api/orders': { payments_api_nickname: 'payments' },
    'serverless-api/payments': { callback_api_nickname: 'orders' },
  },
});

describe('validation: JSON syntax', () => {
  it('reports a syntax error with its line and column, and nothing else can be checked', () => {
    const result = shop.text('prod:vpc/main', '{\n  "cidr": "10.0.0.0/16",\n}');
    expect(result.isValid).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'json_syntax', line: 3, column: 1 })]);
    expect(result.errors[0].message).toMatch(/Line 3, column 1: .*trailing comma/);
    expect(result.proposedConfig).toBeNull();
  });

  it('refuses duplicate keys, which JSON.parse would silently resolve', () => {
    const result = shop.text('prod:vpc/main', '{"cidr": "10.0.0.0/16", "cidr": "10.1.0.0/16"}');
    expect(result.errors).toEqual([expect.objectContaining({ code: 'json_syntax', line: 1, column: 25, message: expect.stringMatching(/duplicate key "cidr"/) })]);
  });

  it.each([
    ['{\n  "cidr": "10.0.0.0/16",\n  "account": 12345678901234567890\n}', 3, 14, /12345678901234567890 cannot be stored exactly.*12345678901234567000/],
    ['{"cidr": "10.0.0.0/16", "limit": 1e400}', 1, 34, /1e400 cannot be stored exactly.*null/],
  ])('refuses a number that would change on the way to SSM: %j', (text, line, column, message) => {
    const result = shop.text('prod:vpc/main', text);
    expect(result.isValid).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'json_syntax', line, column, message: expect.stringMatching(message) })]);
    expect(result.proposedConfig).toBeNull();
  });

  it('wants a JSON object', () => {
    expect(codes(shop.text('prod:s3-bucket/logs', '["a"]').errors)).toEqual(['not_an_object']);
  });

  it('writes compact JSON, whatever the typed layout', () => {
    expect(shop('prod:s3-bucket/logs', '{\n  "versioning" : true\n}').proposedConfig).toBe('{"versioning":true}');
  });
});

describe('a proposal that is no config document', () => {
  // prod:vpc/main has 4 dependents in production: a document there gets a verdict, a broken text must not.
  it.each([
    ['broken JSON', '{\n  "cidr": "10.0.0.0/16",\n', 'json_syntax'],
    ['JSON that is not an object', '["10.0.0.0/16"]', 'not_an_object'],
    ['a bare string', '"10.0.0.0/16"', 'not_an_object'],
  ])('%s gets its errors only: no risk verdict, no blast radius, no field changes', (_, text, code) => {
    const result = shop.text('prod:vpc/main', text);
    expect(result).toMatchObject({ isDocument: false, isValid: false, componentId: 'prod:vpc/main', baseVersion: 1 });
    expect(codes(result.errors)).toEqual([code]);
    expect(result.risk).toBeNull();
    expect(result.blastRadius).toBeNull();
    expect(result.diff).toBeNull();
    expect(result.references).toBeNull();
    expect(result.conflicts).toBeNull();
    expect(result.schema).toBeNull();
  });

  it('is the same for a config that fails its schema: its errors, and no verdict of a guess', () => {
    const invalid = shop.text('prod:vpc/main', { cidr: '10.300.0.0/16' });
    expect(invalid).toMatchObject({ isDocument: false, isValid: false, risk: null, blastRadius: null, consequences: null, diff: null });
    expect(invalid.members[0]).toMatchObject({ schema: 'invalid', diff: null });
    expect(codes(invalid.errors)).toEqual(['schema']);
  });

  it('is unlike a valid document with an error about the graph, which keeps its verdict', () => {
    const dangling = shop.text('prod:ecs-service/web', { ecs_cluster_nickname: 'core', s3_bucket_nickname: 'nope' });
    expect(dangling).toMatchObject({ isDocument: true, isValid: false, schema: 'none', risk: { level: 'medium' } });
    expect(codes(dangling.errors)).toEqual(['dangling_reference']);
  });

  it('still names what is wrong with a new component target', () => {
    const result = shop.text({ env: 'staging', type: 'vpc', nickname: 'x' }, '{');
    expect(result.isDocument).toBe(false);
    expect(codes(result.errors)).toEqual(['unknown_environment', 'json_syntax']);
  });
});

describe('validation: JSON Schema', () => {
  it('checks the type schema (draft 2020-12, custom cidr format) and points at the field', () => {
    const result = shop.text('prod:vpc/main', JSON.stringify({ cidr: '10.300.0.0/16', az_count: 0, extra: true }));
    expect(result.members[0].schema).toBe('invalid');
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ['schema', 'extra'],
      ['schema', 'cidr'],
      ['schema', 'az_count'],
    ]);
  });

  it('passes a valid config and warns when a type has no schema', () => {
    expect(shop('prod:vpc/main', { cidr: '10.1.0.0/16', az_count: 3 })).toMatchObject({ isValid: true, schema: 'valid' });
    const bucket = shop('prod:s3-bucket/logs', { versioning: true });
    expect(bucket).toMatchObject({ isValid: true, schema: 'none' });
    expect(codes(bucket.warnings)).toEqual(['no_schema']);
  });
});

describe('validation: references', () => {
  it('refuses a new reference to a component that does not exist', () => {
    const result = shop('prod:ecs-service/web', { ecs_cluster_nickname: 'core', s3_bucket_nickname: 'nope' });
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'dangling_reference', path: 's3_bucket_nickname', message: 's3_bucket_nickname refers to prod:s3-bucket/nope, which does not exist' }),
    ]);
  });

  it('only warns about a dangling reference the component already had', () => {
    const result = shop('prod:grafana/ops', { aurora_postgres_nickname: 'legacy', vpc_runtime_path: '/iac/vpc/main/runtime', retention: 30 });
    expect(result.isValid).toBe(true);
    expect(codes(result.warnings)).toContain('existing_dangling_reference');
  });

  it('refuses a reference to the component itself', () => {
    const result = shop('prod:ecs-cluster/core', { vpc_nickname: 'main', ecs_cluster_nickname: 'core' });
    expect(result.errors).toEqual([expect.objectContaining({ code: 'self_reference', path: 'ecs_cluster_nickname' })]);
  });

  it('refuses a reference that closes a cycle, showing the loop', () => {
    // grafana/ops is no dependent of the cluster: referring to it closes no loop.
    const loop = shop('prod:ecs-cluster/core', { vpc_nickname: 'main', cluster_name: 'core', logging: { grafana_nickname: 'ops', ecs_service_nickname: 'api' } });
    expect(loop.errors).toEqual([expect.objectContaining({ code: 'cycle', path: 'logging.ecs_service_nickname' })]);
    expect(loop.errors[0].message).toContain('prod:ecs-cluster/core → prod:ecs-service/api → prod:ecs-cluster/core');
  });

  it('only warns about a cycle that exists today', () => {
    const result = shop('dev:serverless-api/orders', { payments_api_nickname: 'payments', memory: 512 });
    expect(result.isValid).toBe(true);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'existing_cycle', message: expect.stringContaining('dev:serverless-api/orders → dev:serverless-api/payments → dev:serverless-api/orders') }),
    );
  });
});

describe('validation: size limit', () => {
  const big = (bytes: number) => ({ blob: 'x'.repeat(bytes - '{"blob":""}'.length) });

  it('measures the compact value against the standard tier (4 KB)', () => {
    expect(shop('prod:s3-bucket/logs', big(4096))).toMatchObject({ isValid: true, size: { bytes: 4096, limit: 4096, tier: 'Standard' } });
    const over = shop('prod:s3-bucket/logs', big(4097));
    expect(over.size).toEqual({ bytes: 4097, limit: 4096, tier: null });
    expect(over.errors).toEqual([expect.objectContaining({ code: 'size_limit', message: expect.stringMatching(/4097 bytes.*at most 4096/) })]);
  });

  it('allows up to 8 KB when the advanced tier is allowed, and says so', () => {
    const advanced = shop('prod:s3-bucket/logs', big(8192), { allowAdvancedTier: true });
    expect(advanced).toMatchObject({ isValid: true, size: { bytes: 8192, limit: 8192, tier: 'Advanced' } });
    expect(codes(advanced.warnings)).toContain('advanced_tier');
    expect(codes(shop('prod:s3-bucket/logs', big(8193), { allowAdvancedTier: true }).errors)).toEqual(['size_limit']);
  });

  it('counts bytes, not characters', () => {
    expect(shop('prod:s3-bucket/logs', { note: 'é'.repeat(10) }).size.bytes).toBe('{"note":""}'.length + 20);
  });
});

describe('the field diff', () => {
  it('lists added, removed and changed JSON paths', () => {
    const result = shop('prod:vpc/main', { cidr: '10.1.0.0/16', tags: { Owner: 'platform' } });
    expect(result.diff).toEqual([
      { kind: 'removed', path: 'az_count', before: 3 },
      { kind: 'changed', path: 'cidr', before: '10.0.0.0/16', after: '10.1.0.0/16' },
      { kind: 'added', path: 'tags', after: { Owner: 'platform' } },
    ]);
  });

  it('refuses a proposal that changes nothing (key order does not count)', () => {
    expect(codes(shop('prod:vpc/main', { az_count: 3, cidr: '10.0.0.0/16' }).errors)).toEqual(['no_change']);
  });
});

describe('reference changes', () => {
  it('lists added, removed and unchanged references with their paths and targets', () => {
    const result = shop('prod:ecs-service/api', { ecs_cluster_nickname: 'core', logs: { s3_bucket_nickname: 'logs' } });
    expect(result.references).toEqual({
      added: [{ path: 'logs.s3_bucket_nickname', to: 'prod:s3-bucket/logs', rule: 'nickname', dangling: false }],
      removed: [{ path: 'vpc_nickname', to: 'prod:vpc/main', rule: 'nickname', dangling: false }],
      unchanged: [{ path: 'ecs_cluster_nickname', to: 'prod:ecs-cluster/core', rule: 'nickname', dangling: false }],
      broken: [],
    });
  });

  it('resolves configured rules the way the graph does: by field value, normalised, across environments', () => {
    const result = shop('dev:serverless-site/www', { route53_zone_name: 'SHOP.example.com', cdn: true });
    expect(result.references.unchanged).toEqual([{ path: 'route53_zone_name', to: 'prod:route53-zone/public', rule: 'dns-zone', dangling: false }]);
  });

  it('names the references of other components a renamed target breaks', () => {
    const result = shop('prod:route53-zone/public', { zone_name: 'shop.example.net' });
    expect(result.references.broken).toEqual([{ from: 'dev:serverless-site/www', path: 'route53_zone_name', rule: 'dns-zone' }]);
    expect(codes(result.warnings)).toContain('breaks_references');
    expect(result.risk.reasons.map((r) => r.code)).toContain('breaks_references');
  });
});

describe('blast radius', () => {
  const ids = (result: ReturnType<typeof shop>) => result.blastRadius.components.map((c) => [c.id, c.depth, c.via.map((v) => v.from).join(' ← ')]);

  it('on a diamond, reaches the shared dependent once, at its nearest depth', () => {
    const diamond = estate({
      dev: {
        'vpc/a': {},
        'ecs-cluster/b': { vpc_nickname: 'a' },
        'aurora-postgres/c': { vpc_nickname: 'a' },
        'ecs-service/d': { ecs_cluster_nickname: 'b', aurora_postgres_nickname: 'c' },
      },
    });
    const result = diamond('dev:vpc/a', { cidr: '10.9.0.0/16' });
    expect(result.blastRadius.total).toBe(3);
    expect(ids(result)).toEqual([
      ['dev:aurora-postgres/c', 1, 'dev:aurora-postgres/c'],
      ['dev:ecs-cluster/b', 1, 'dev:ecs-cluster/b'],
      ['dev:ecs-service/d', 2, 'dev:aurora-postgres/c ← dev:ecs-service/d'],
    ]);
  });

  it('on a chain, reaches every link with its depth and the path through the chain', () => {
    const chain = estate({
      dev: { 'vpc/a': {}, 'ecs-cluster/b': { vpc_nickname: 'a' }, 'ecs-service/c': { ecs_cluster_nickname: 'b' }, 'lambda/d': { ecs_service_nickname: 'c' } },
    });
    const result = chain('dev:vpc/a', { cidr: '10.9.0.0/16' });
    expect(ids(result)).toEqual([
      ['dev:ecs-cluster/b', 1, 'dev:ecs-cluster/b'],
      ['dev:ecs-service/c', 2, 'dev:ecs-cluster/b ← dev:ecs-service/c'],
      ['dev:lambda/d', 3, 'dev:ecs-cluster/b ← dev:ecs-service/c ← dev:lambda/d'],
    ]);
    expect(result.blastRadius.components[2].via.map((v) => v.path)).toEqual(['vpc_nickname', 'ecs_cluster_nickname', 'ecs_service_nickname']);
    expect(chain('dev:lambda/d', { note: 'x' }).blastRadius).toMatchObject({ total: 0, components: [], groups: [] });
  });

  it('groups dependents by env and type, across environments', () => {
    const result = shop('prod:route53-zone/public', { zone_name: 'shop.example.com', ttl: 60 });
    expect(result.blastRadius.groups).toEqual([{ env: 'dev', type: 'serverless-site', count: 1 }]);
    expect(shop('prod:vpc/main', { cidr: '10.0.0.0/16' }).blastRadius.groups).toEqual([
      { env: 'prod', type: 'ecs-service', count: 2 },
      { env: 'prod', type: 'ecs-cluster', count: 1 },
      { env: 'prod', type: 'grafana', count: 1 },
    ]);
  });
});

describe('conflicts with open change requests', () => {
  const request = (id: string, componentId: string, status: ChangeRequest['status'] = 'open'): OpenRequest => ({
    id,
    title: id,
    status,
    author: 'bob@example.com',
    componentId,
    members: [changeMember(componentId)],
  });

  it('lists open and approved requests on the component or in its blast radius, same component first', () => {
    const openRequests = [
      request('cr:4', 'prod:ecs-service/web'),
      request('cr:1', 'prod:vpc/main', 'approved'),
      request('cr:2', 'prod:vpc/main', 'applied'),
      request('cr:3', 'prod:s3-bucket/logs'),
      request('cr:5', 'prod:vpc/main'),
    ];
    const result = shop('prod:vpc/main', { cidr: '10.0.0.0/16', az_count: 2 }, { openRequests, excludeRequestId: 'cr:5' });
    expect(result.conflicts.map((c) => [c.id, c.relation])).toEqual([
      ['cr:1', 'same_component'],
      ['cr:4', 'in_blast_radius'],
    ]);
    expect(result.risk.reasons.map((r) => r.code)).toContain('open_requests');
  });
});

describe('risk', () => {
  const wide = estate({
    prod: { 'vpc/main': { cidr: '10.0.0.0/16' }, ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`ecs-cluster/c${i}`, { vpc_nickname: 'main' }])) },
    dev: { 'vpc/main': { cidr: '10.0.0.0/16' }, 'ecs-cluster/c0': { vpc_nickname: 'main' }, 'kms-key/k': {} },
  });
  const risk = (result: ReturnType<typeof shop>) => [result.risk.level, result.risk.reasons.map((r) => `${r.level}:${r.code}`)];

  it('is high when production components must be redeployed: here every consumer, since nobody said which vpc outputs az_count changes', () => {
    const result = wide('prod:vpc/main', { cidr: '10.0.0.0/16', az_count: 3 });
    expect(risk(result)).toEqual(['high', ['high:must_redeploy_production', 'medium:production', 'medium:outputs_may_change']]);
    expect(result.risk.reasons[0].message).toMatch(/^10 production components must be redeployed: prod:ecs-cluster\/c0, prod:ecs-cluster\/c1, prod:ecs-cluster\/c2 and 7 more$/);
  });

  it('is high for a stale copy of the old value in production, even from a dev change, with the identity field as a reason of its own', () => {
    const result = wide('dev:vpc/main', { cidr: '10.9.0.0/16' });
    expect(risk(result)).toEqual(['high', ['high:stale_copies', 'medium:must_redeploy', 'medium:identity_fields']]);
    expect(result.risk.reasons[0].message).toContain('prod:vpc/main cidr holds 10.0.0.0/16');
    expect(result.risk.reasons[2].message).toContain('cidr');
    expect(risk(shop('prod:ecs-cluster/core', { vpc_nickname: 'main', cluster_name: 'core-2' }))[1]).toContain('medium:identity_fields');
  });

  it('is medium for removed references and for a type without a schema', () => {
    expect(risk(wide('dev:ecs-cluster/c0', { size: 2 }))).toEqual(['medium', ['medium:removed_references', 'medium:no_schema']]);
  });

  it('is low for a new component nobody depends on, and for dependents that rely on nothing that changes', () => {
    const created = wide({ env: 'dev', type: 'vpc', nickname: 'edge' }, { cidr: '10.5.0.0/16' });
    expect(risk(created)).toEqual(['low', ['low:new_component']]);
  });
});

describe('a new component', () => {
  it('is simulated like any other, with no base version and every field added', () => {
    const result = shop({ env: 'prod', type: 's3-bucket', nickname: 'exports' }, { versioning: true, kms_key_nickname: null });
    expect(result).toMatchObject({ componentId: 'prod:s3-bucket/exports', isNew: true, baseVersion: null, isValid: true });
    expect(result.diff).toEqual([
      { kind: 'added', path: 'kms_key_nickname', after: null },
      { kind: 'added', path: 'versioning', after: true },
    ]);
  });

  it('refuses invalid names, unknown environments and components that exist', () => {
    expect(codes(shop({ env: 'prod', type: 'S3 bucket', nickname: 'x' }, {}).errors)).toEqual(['invalid_name']);
    expect(codes(shop({ env: 'staging', type: 's3-bucket', nickname: 'x' }, {}).errors)).toEqual(['unknown_environment']);
    expect(codes(shop({ env: 'prod', type: 'vpc', nickname: 'main' }, { cidr: '10.0.0.0/16', az_count: 1 }).errors)).toEqual(['already_exists']);
  });

  it('has the components whose dangling references it resolves as its blast radius', () => {
    const result = shop({ env: 'prod', type: 'aurora-postgres', nickname: 'legacy' }, { engine_version: '16.4' });
    expect(result.blastRadius.components.map((c) => c.id)).toEqual(['prod:grafana/ops']);
  });
});

describe('the target', () => {
  it('is a 404 when the component does not exist', () => {
    expect(() => shop('prod:vpc/nope', {})).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => shop('not an id', {})).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('carries the base version, the time passed in and the component key', () => {
    expect(shop('prod:vpc/main', { cidr: '10.0.0.0/16', az_count: 2 })).toMatchObject({
      componentId: 'prod:vpc/main',
      env: 'prod',
      type: 'vpc',
      nickname: 'main',
      isNew: false,
      baseVersion: 1,
      simulatedAt: NOW.toISOString(),
    });
  });
});

describe('a change set', () => {
  const estateOf = () =>
    estate({
      prod: {
        'vpc/main': { cidr: '10.40.0.0/16' },
        'ecs-service/web': { vpc_nickname: 'main' },
        'clickhouse/analytics': { allowed_cidrs: ['10.40.0.0/16'] },
        'sqs-queue/old': {},
        'lambda/reader': { sqs_queue_nickname: 'old' },
      },
    });
  const valid = (result: ProposalSimulation): SimulationResult => {
    if (!result.isDocument) throw new Error(result.errors.map((e) => e.message).join('; '));
    return result;
  };

  it('simulates every member, each with its own diff, and one combined blast radius and consequence list', () => {
    const result = valid(
      estateOf().set([
        ['prod:vpc/main', { cidr: '10.50.0.0/16' }],
        ['prod:clickhouse/analytics', { allowed_cidrs: ['10.50.0.0/16'] }],
      ]),
    );
    expect(result.isValid).toBe(true);
    expect(result.members.map((m) => [m.componentId, m.action, m.diff?.map((c) => c.path)])).toEqual([
      ['prod:vpc/main', 'update', ['cidr']],
      ['prod:clickhouse/analytics', 'update', ['allowed_cidrs[0]']],
    ]);
    expect(result.blastRadius.components.map((c) => c.id)).toEqual(['prod:ecs-service/web']);
    // The allow-list follows the vpc in the same set: its proposal, not its current config, is what holds no stale copy.
    expect(result.consequences.staleCopies).toEqual([]);
    const alone = valid(estateOf().set([['prod:vpc/main', { cidr: '10.50.0.0/16' }]]));
    expect(alone.consequences.staleCopies.map((c) => [c.componentId, c.path, c.match])).toEqual([['prod:clickhouse/analytics', 'allowed_cidrs[0]', 'exact']]);
  });

  it('resolves a reference to a component added in the same set, and writes it as new', () => {
    const result = valid(
      estateOf().set([
        ['prod:ecs-service/web', { vpc_nickname: 'main', sqs_queue_nickname: 'orders' }],
        [{ env: 'prod', type: 'sqs-queue', nickname: 'orders' }, { fifo: false }],
      ]),
    );
    expect(result.errors).toEqual([]);
    expect(result.members.map((m) => m.action)).toEqual(['update', 'create']);
    expect(result.members[0].references?.added).toEqual([expect.objectContaining({ to: 'prod:sqs-queue/orders', dangling: false })]);
    const without = estateOf().set([['prod:ecs-service/web', { vpc_nickname: 'main', sqs_queue_nickname: 'orders' }]]);
    expect(codes(without.errors)).toEqual(['dangling_reference']);
  });

  it('finds a cycle that only the set as a whole closes', () => {
    const result = estateOf().set([
      ['prod:ecs-service/web', { vpc_nickname: 'main', lambda_nickname: 'reader' }],
      ['prod:lambda/reader', { sqs_queue_nickname: 'old', ecs_service_nickname: 'web' }],
    ]);
    const cycles = result.errors.filter((e) => e.code === 'cycle');
    expect(cycles.map((e) => [e.componentId, e.message])).toEqual([
      [
        'prod:ecs-service/web',
        'lambda_nickname refers to prod:lambda/reader, which depends on prod:ecs-service/web: prod:ecs-service/web → prod:lambda/reader → prod:ecs-service/web',
      ],
      [
        'prod:lambda/reader',
        'ecs_service_nickname refers to prod:ecs-service/web, which depends on prod:lambda/reader: prod:lambda/reader → prod:ecs-service/web → prod:lambda/reader',
      ],
    ]);
    // Either half alone closes no loop.
    expect(codes(estateOf().set([['prod:lambda/reader', { sqs_queue_nickname: 'old', ecs_service_nickname: 'web' }]]).errors)).toEqual([]);
  });

  it('removes a component only when nothing depends on it once the set is applied', () => {
    const refused = estateOf().set([['prod:sqs-queue/old', null]]);
    expect(refused.errors.map((e) => [e.code, e.message])).toEqual([
      ['has_dependents', 'prod:lambda/reader depends on prod:sqs-queue/old (at sqs_queue_nickname): change or remove that reference first, in this change or before it'],
    ]);
    const together = valid(
      estateOf().set([
        ['prod:lambda/reader', {}],
        ['prod:sqs-queue/old', null],
      ]),
    );
    expect(together.errors).toEqual([]);
    expect(together.members[1]).toMatchObject({ action: 'remove', proposedConfig: null, diff: [] });
    // Its outputs go away, which its own reason says; they do not "may change".
    expect(together.risk.reasons.map((r) => r.code)).toContain('removes_component');
    expect(together.risk.reasons.map((r) => r.code)).not.toContain('outputs_may_change');
    expect(
      codes(
        estateOf().set([
          ['prod:lambda/reader', { sqs_queue_nickname: 'old', v: 2 }],
          ['prod:sqs-queue/old', null],
        ]).errors,
      ),
    ).toEqual(['dangling_reference', 'has_dependents']);
    expect(
      codes(
        estateOf().set([
          ['prod:lambda/reader', null],
          ['prod:sqs-queue/old', null],
        ]).errors,
      ),
    ).toEqual([]);
  });

  it('judges the set whole: one member that is no valid document, and nothing is worked out for any', () => {
    const result = estateOf().set([
      ['prod:vpc/main', { cidr: '10.50.0.0/16' }],
      ['prod:clickhouse/analytics', '{' as unknown as JsonValue],
    ]);
    expect(result).toMatchObject({ isDocument: false, risk: null, blastRadius: null, consequences: null });
    expect(result.members.map((m) => m.diff)).toEqual([null, null]);
  });

  it('refuses the same component twice, and conflicts with open requests on any member', () => {
    expect(
      codes(
        estateOf().set([
          ['prod:vpc/main', { cidr: '10.50.0.0/16' }],
          ['prod:vpc/main', { cidr: '10.60.0.0/16' }],
        ]).errors,
      ),
    ).toContain('duplicate_member');
    const openRequests: OpenRequest[] = [
      {
        id: 'cr:a',
        title: 'a',
        status: 'open',
        author: 'bob',
        componentId: 'prod:sqs-queue/old',
        members: [changeMember('prod:sqs-queue/old'), changeMember('prod:clickhouse/analytics')],
      },
    ];
    const result = valid(
      estateOf().set(
        [
          ['prod:vpc/main', { cidr: '10.50.0.0/16' }],
          ['prod:clickhouse/analytics', { allowed_cidrs: ['10.50.0.0/16'] }],
        ],
        { openRequests },
      ),
    );
    expect(result.conflicts).toEqual([expect.objectContaining({ id: 'cr:a', componentId: 'prod:clickhouse/analytics', relation: 'same_component' })]);
  });
});
