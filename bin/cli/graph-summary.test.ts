import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build-graph';
import { markSchemaViolations } from '@/lib/schemas/schema-violations';
import { env, param } from '@/lib/testing/builders';
import { summariseGraph } from './graph-summary';

const VPC_SCHEMA = { type: 'object', required: ['cidr', 'cognito_sso_nickname'], properties: { cidr: { type: 'string' } } };

/** Every kind of problem the build knows, once each. */
function estate() {
  const built = buildGraph({
    environments: [
      env(
        'dev',
        {
          'vpc/main': { cidr: '10.0.0.0/16' },
          'vpc/edge': { cidr: '10.1.0.0/16', cognito_sso_nickname: 'staff' },
          'cognito-sso/staff': {},
          's3-bucket/broken': '{ "a": 1, }',
          'ecs-cluster/core': { vpc_nickname: 'gone' },
          'lambda/self': { lambda_nickname: 'self' },
          'serverless-api/a': { serverless_api_nickname: 'b' },
          'serverless-api/b': { serverless_api_nickname: 'a' },
          'clickhouse/analytics': { nickname: 'clickhouse-analytics' },
        },
        {},
        [param('/iac/aurora-postgres/orders/runtime/port', '5432', { minute: 5 })],
      ),
    ],
  });
  return markSchemaViolations(built, { vpc: VPC_SCHEMA });
}

describe('the human summary of karma graph build', () => {
  it('lists every problem kind the JSON has, each problem with its component', () => {
    const graph = estate();
    const { text } = summariseGraph(graph, []);
    const problems = graph.components.flatMap((c) => c.problems.map((p) => ({ id: c.id, ...p })));
    const kinds = [...new Set(problems.map((p) => p.code))].sort();
    // The estate really has every kind, so the assertion below is not about nothing.
    expect(kinds).toEqual(['dangling_reference', 'in_cycle', 'nickname_mismatch', 'runtime_assembled', 'schema_violation', 'self_reference', 'config_not_json'].sort());
    for (const p of problems.filter((p) => p.code !== 'dangling_reference' && p.code !== 'in_cycle')) expect(text).toContain(`${p.id}  ${p.message}`);
    expect(text).toContain('Dangling references: 1\n  dev:ecs-cluster/core  vpc_nickname → dev:vpc/gone (does not exist)');
    expect(text).toContain('  dev:serverless-api/a → dev:serverless-api/b → dev:serverless-api/a');
    expect(text).toMatch(/Other problems: 3\n {2}nickname_mismatch \(1\)\n {4}dev:clickhouse\/analytics {2}The config says nickname "clickhouse-analytics"/);
  });

  it('counts a config that fails its schema as an invalid document, as drift calls it invalid, and says the key once', () => {
    const { text, problems } = summariseGraph(estate(), []);
    expect(text).toContain('Invalid documents: 2\n');
    expect(text).toContain('  dev:vpc/main  The config fails the vpc schema: cognito_sso_nickname is required');
    expect(text).not.toContain('"cognito_sso_nickname"');
    expect(text).toMatch(/ {2}dev:s3-bucket\/broken {2}The published config is not valid JSON/);
    // A dangling reference, two cycles (a self-reference is a loop too) and two invalid documents fail the build; the others are listed only.
    expect(problems).toBe(5);
  });

  it('has nothing to fail on a clean estate', () => {
    const clean = markSchemaViolations(buildGraph({ environments: [env('dev', { 'vpc/main': { cidr: '10.0.0.0/16', cognito_sso_nickname: 'x' }, 'cognito-sso/x': {} })] }), {
      vpc: VPC_SCHEMA,
    });
    expect(summariseGraph(clean, [])).toMatchObject({ problems: 0, text: expect.stringContaining('Invalid documents: 0\nOther problems: 0') });
  });
});
