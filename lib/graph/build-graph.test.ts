import { describe, expect, it } from 'vitest';
import type { ReferenceRule } from '@/lib/model/settings';
import { env, param } from '@/lib/testing/builders';
import { buildGraph } from './build-graph';

const edgesOf = (graph: ReturnType<typeof buildGraph>) => graph.edges.map((e) => `${e.from} -> ${e.to} @ ${e.path}${e.dangling ? ' (dangling)' : ''}`);

describe('components from parameters', () => {
  it('makes one component per <type>/<nickname> with config, runtime, versions and times', () => {
    const graph = buildGraph({
      environments: [env('prod', { 'vpc/main': { cidr: '10.0.0.0/16' } }, { 'vpc/main': { vpc_id: 'vpc-1' } })],
    });

    expect(graph.components).toHaveLength(1);
    expect(graph.components[0]).toMatchObject({
      id: 'prod:vpc/main',
      env: 'prod',
      type: 'vpc',
      nickname: 'main',
      config: { cidr: '10.0.0.0/16' },
      runtime: { vpc_id: 'vpc-1' },
      configVersion: 1,
      runtimeVersion: 1,
      problems: [],
    });
    expect(graph.components[0].runtimeModifiedAt! > graph.components[0].configModifiedAt!).toBe(true);
  });

  it('names the component by its path even when the config says otherwise', () => {
    const graph = buildGraph({ environments: [env('dev', { 'grafana/ops': { nickname: 'observability' } })] });
    expect(graph.components[0].nickname).toBe('ops');
    expect(graph.components[0].problems.map((p) => p.code)).toEqual(['nickname_mismatch']);
  });

  it('assembles a runtime written one output per parameter', () => {
    const graph = buildGraph({
      environments: [
        env('prod', { 'aurora-postgres/orders': { instance_class: 'db.r6g.large' } }, {}, [
          param('/iac/aurora-postgres/orders/runtime/port', '5432', { minute: 20 }),
          param('/iac/aurora-postgres/orders/runtime/jdbc_url', 'jdbc:postgresql://orders:5432/app', { minute: 30, version: 2 }),
        ]),
      ],
    });
    const db = graph.components[0];
    expect(db.runtime).toEqual({ jdbc_url: 'jdbc:postgresql://orders:5432/app', port: '5432' });
    expect(db.runtimeModifiedAt).toBe(param('x', '', { minute: 30 }).modifiedAt);
    expect(db.runtimeVersion).toBe(2);
  });

  it('keeps other leaves as metadata and reports leaves that belong to no component', () => {
    const graph = buildGraph({
      environments: [
        env('prod', { 'clickhouse/analytics': { instance_type: 'm6i.xlarge' } }, {}, [
          param('/iac/clickhouse/analytics/bootstrap-token-arn', 'arn:aws:secretsmanager:…'),
          param('/iac/clickhouse/ami/base', 'ami-0abc'),
          param('/iac/environment', { environment: 'prod' }),
        ]),
      ],
    });
    expect(graph.components.map((c) => c.id)).toEqual(['prod:clickhouse/analytics']);
    expect(graph.components[0].meta).toEqual({ 'bootstrap-token-arn': 'arn:aws:secretsmanager:…' });
    expect(graph.ignoredParameters.map((p) => p.name).sort()).toEqual(['/iac/clickhouse/ami/base', '/iac/environment']);
  });

  it('marks unparseable config or runtime instead of failing the build', () => {
    const graph = buildGraph({
      environments: [env('dev', { 'vpc/broken': '{"cidr": "10.0.0.0/16",}', 'vpc/ok': { cidr: '10.1.0.0/16' } }, { 'vpc/ok': 'not json' })],
    });
    const [broken, ok] = graph.components;
    expect(broken.config).toBeNull();
    expect(broken.configRaw).toBe('{"cidr": "10.0.0.0/16",}');
    expect(broken.problems[0]).toMatchObject({ code: 'config_not_json', message: expect.stringMatching(/line 1, column 24/) });
    expect(ok.problems.map((p) => p.code)).toEqual(['runtime_not_json']);
  });

  it('treats a duplicate key in a published config as not JSON', () => {
    const graph = buildGraph({ environments: [env('dev', { 'vpc/dup': '{"cidr":"a","cidr":"b"}' })] });
    expect(graph.components[0].problems[0].message).toMatch(/duplicate key "cidr"/);
  });
});

describe('references', () => {
  it('follows <type>_nickname fields at any depth, remembering the JSON path', () => {
    const graph = buildGraph({
      environments: [
        env('prod', {
          'vpc/main': {},
          's3-bucket/logs': {},
          'ecs-cluster/apps': {},
          'ecs-service/web': {
            vpc_nickname: 'main',
            logging: { s3_bucket_nickname: 'logs' },
            listeners: [{ target: { ecs_cluster_nickname: 'apps' } }],
          },
        }),
      ],
    });
    expect(edgesOf(graph)).toEqual([
      'prod:ecs-service/web -> prod:ecs-cluster/apps @ listeners[0].target.ecs_cluster_nickname',
      'prod:ecs-service/web -> prod:s3-bucket/logs @ logging.s3_bucket_nickname',
      'prod:ecs-service/web -> prod:vpc/main @ vpc_nickname',
    ]);
  });

  it('follows src_type + src_nickname pairs, e.g. in a lambda functions map', () => {
    const graph = buildGraph({
      environments: [
        env('dev', {
          's3-bucket/artifacts': {},
          'lambda/jobs': { functions: { ingest: { src_type: 's3-bucket', src_nickname: 'artifacts', handler: 'main.handler' } } },
        }),
      ],
    });
    expect(edgesOf(graph)).toEqual(['dev:lambda/jobs -> dev:s3-bucket/artifacts @ functions.ingest.src_nickname']);
    expect(graph.edges[0].rule).toBe('src-pair');
  });

  it('follows values that are another component parameter path', () => {
    const graph = buildGraph({
      environments: [env('dev', { 'vpc/main': {}, 'ecs-cluster/apps': { vpc_runtime_path: '/iac/vpc/main/runtime' } })],
    });
    expect(edgesOf(graph)).toEqual(['dev:ecs-cluster/apps -> dev:vpc/main @ vpc_runtime_path']);
  });

  it('keeps dangling references as flagged edges and reports them on the consumer', () => {
    const graph = buildGraph({ environments: [env('dev', { 'grafana/ops': { aurora_postgres_nickname: 'metrics-legacy' } })] });
    expect(edgesOf(graph)).toEqual(['dev:grafana/ops -> dev:aurora-postgres/metrics-legacy @ aurora_postgres_nickname (dangling)']);
    expect(graph.components[0].problems).toEqual([expect.objectContaining({ code: 'dangling_reference', path: 'aurora_postgres_nickname' })]);
  });

  it('stays within the environment', () => {
    const graph = buildGraph({ environments: [env('dev', { 'ecs-cluster/apps': { vpc_nickname: 'main' } }), env('prod', { 'vpc/main': {} })] });
    expect(graph.edges[0]).toMatchObject({ to: 'dev:vpc/main', dangling: true });
  });

  it('does not read src_nickname on its own or an empty nickname as a reference', () => {
    const graph = buildGraph({ environments: [env('dev', { 'lambda/a': { src_nickname: 'x', vpc_nickname: '' } })] });
    expect(graph.edges).toEqual([]);
  });
});

describe('configured reference rules', () => {
  const rules: ReferenceRule[] = [
    { kind: 'field', name: 'dns-zone', field: '*zone_name', targetType: 'route53-zone', targetField: 'zone_name', normalize: ['lowercase', 'trailing-dot'], crossEnv: 'prod' },
    { kind: 'field', name: 'cluster', field: 'cluster_nickname', targetType: 'ecs-cluster', normalize: [], crossEnv: false },
    { kind: 'same-nickname', name: 'openapi-doc', sourceType: 'serverless-api', targetType: 'openapi', required: false },
  ];

  it('matches a target config field with normalisation, across to the named environment', () => {
    const graph = buildGraph({
      referenceRules: rules,
      environments: [env('prod', { 'route53-zone/public': { zone_name: 'shop.example.com' } }), env('dev', { 'serverless-site/www': { hosted_zone_name: 'Shop.Example.COM.' } })],
    });
    expect(edgesOf(graph)).toEqual(['dev:serverless-site/www -> prod:route53-zone/public @ hosted_zone_name']);
    expect(graph.edges[0].rule).toBe('dns-zone');
  });

  it('prefers a match in the consumer environment', () => {
    const graph = buildGraph({
      referenceRules: rules,
      environments: [
        env('prod', { 'route53-zone/public': { zone_name: 'x.com' } }),
        env('dev', { 'route53-zone/private': { zone_name: 'x.com' }, 'serverless-site/www': { zone_name: 'x.com' } }),
      ],
    });
    expect(graph.edges.map((e) => e.to)).toEqual(['dev:route53-zone/private']);
  });

  it('takes precedence over the built-in name rule for the keys it matches', () => {
    const graph = buildGraph({ referenceRules: rules, environments: [env('dev', { 'ecs-cluster/apps': {}, 'ecs-service/api': { cluster_nickname: 'apps' } })] });
    expect(edgesOf(graph)).toEqual(['dev:ecs-service/api -> dev:ecs-cluster/apps @ cluster_nickname']);
  });

  it('links same-nickname components and adds nothing when the target is absent', () => {
    const graph = buildGraph({
      referenceRules: rules,
      environments: [env('dev', { 'serverless-api/orders': {}, 'serverless-api/other': {} }, { 'openapi/orders': { version: '1.2.0' } })],
    });
    expect(edgesOf(graph)).toEqual(['dev:serverless-api/orders -> dev:openapi/orders @ (openapi-doc)']);
  });

  it('reports an unmatched field rule as a dangling edge in the environment it looked in last', () => {
    const graph = buildGraph({ referenceRules: rules, environments: [env('dev', { 'serverless-site/www': { zone_name: 'nowhere.example.' } })] });
    expect(graph.edges[0]).toMatchObject({ to: 'prod:route53-zone/nowhere.example', dangling: true });
  });
});

describe('runtime owners', () => {
  it('gives runtime-only components an owner by map key or same nickname', () => {
    const graph = buildGraph({
      runtimeOwners: [
        { match: 'map-key', type: 'lambda', ownerType: 'lambda', field: 'functions' },
        { match: 'same-nickname', type: 'openapi', ownerType: 'serverless-api' },
      ],
      environments: [
        env(
          'dev',
          { 'lambda/jobs': { functions: { ingest: { handler: 'h' } } }, 'serverless-api/orders': {} },
          { 'lambda/ingest': { arn: 'a' }, 'openapi/orders': { version: '1' }, 'lambda/stray': { arn: 'b' } },
        ),
      ],
    });
    const owner = Object.fromEntries(graph.components.map((c) => [c.id, c.ownedBy]));
    expect(owner['dev:lambda/ingest']).toBe('dev:lambda/jobs');
    expect(owner['dev:openapi/orders']).toBe('dev:serverless-api/orders');
    expect(owner['dev:lambda/stray']).toBeNull();
  });
});

describe('cycles', () => {
  it('detects and reports each cycle once, as a loop through its smallest id', () => {
    const graph = buildGraph({
      referenceRules: [{ kind: 'field', name: 'api', field: '*_api_nickname', targetType: 'serverless-api', normalize: [], crossEnv: false }],
      environments: [
        env('dev', {
          'serverless-api/orders': { payments_api_nickname: 'payments' },
          'serverless-api/payments': { callback_api_nickname: 'orders' },
          'serverless-api/solo': { self_api_nickname: 'solo' },
          'serverless-api/leaf': { x_api_nickname: 'orders' },
        }),
      ],
    });
    expect(graph.cycles).toEqual([['dev:serverless-api/orders', 'dev:serverless-api/payments'], ['dev:serverless-api/solo']]);
    const codes = Object.fromEntries(graph.components.map((c) => [c.nickname, c.problems.map((p) => p.code)]));
    expect(codes).toEqual({ leaf: [], orders: ['in_cycle'], payments: ['in_cycle'], solo: ['self_reference', 'in_cycle'] });
  });
});

describe('the Git config repo', () => {
  it('attaches Git configs and adds components only in Git', () => {
    const graph = buildGraph({
      environments: [env('dev', { 'vpc/main': { cidr: 'a' } })],
      gitConfigs: [
        { env: 'dev', type: 'vpc', nickname: 'main', raw: '{"cidr":"b"}' },
        { env: 'dev', type: 'vpc', nickname: 'new', raw: '{}' },
      ],
    });
    expect(graph.components.map((c) => [c.id, c.gitConfigRaw, c.configRaw])).toEqual([
      ['dev:vpc/main', '{"cidr":"b"}', '{"cidr":"a"}'],
      ['dev:vpc/new', '{}', null],
    ]);
  });
});
