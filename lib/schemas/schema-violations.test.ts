import { describe, expect, it } from 'vitest';
import { assessDrift } from '@/lib/drift/assess-drift';
import { buildGraph } from '@/lib/graph/build-graph';
import { isInvalid } from '@/lib/model/graph';
import { env } from '@/lib/testing/builders';
import { markSchemaViolations } from './schema-violations';

const SCHEMAS = {
  vpc: { type: 'object', required: ['cidr'], properties: { cidr: { type: 'string', format: 'cidr' } }, additionalProperties: false },
  'cognito-sso': { type: 'object', required: ['cognito_sso_nickname'] },
};

describe('schema violations: one rule for the graph and for drift', () => {
  const graph = markSchemaViolations(
    buildGraph({
      environments: [
        env(
          'dev',
          {
            'vpc/ok': { cidr: '10.0.0.0/16' },
            'vpc/bad-cidr': { cidr: '10.300.0.0/16' },
            'vpc/extra': { cidr: '10.1.0.0/16', colour: 'blue' },
            'vpc/not-json': '{ "cidr": ',
            'cognito-sso/staff': { pool: 'x' },
            'lambda/no-schema': { anything: true },
          },
          { 'vpc/ok': { vpc_cidr: '10.0.0.0/16' }, 'lambda/no-schema': '(not json)' },
        ),
      ],
    }),
    SCHEMAS,
  );
  const byId = new Map(graph.components.map((c) => [c.id, c]));

  it('marks each violation as a problem of its component, the key said once', () => {
    expect(byId.get('dev:cognito-sso/staff')!.problems).toEqual([
      { code: 'schema_violation', message: 'The config fails the cognito-sso schema: cognito_sso_nickname is required', path: 'cognito_sso_nickname' },
    ]);
    expect(byId.get('dev:vpc/extra')!.problems.map((p) => p.message)).toEqual(['The config fails the vpc schema: colour is not allowed here']);
    expect(byId.get('dev:vpc/ok')!.problems).toEqual([]);
  });

  it('calls invalid exactly what drift calls invalid', () => {
    const invalid = graph.components.filter(isInvalid).map((c) => c.id);
    const driftInvalid = graph.components
      .filter((c) => assessDrift({ component: c, schema: SCHEMAS[c.type as keyof typeof SCHEMAS], fieldMirrors: {}, now: new Date('2026-12-01T00:00:00Z') }).status === 'invalid')
      .map((c) => c.id);
    expect(invalid).toEqual(['dev:cognito-sso/staff', 'dev:lambda/no-schema', 'dev:vpc/bad-cidr', 'dev:vpc/extra', 'dev:vpc/not-json']);
    expect(driftInvalid).toEqual(invalid);
  });
});
