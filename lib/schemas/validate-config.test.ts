import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@/lib/model/json';
import { formatSchemaIssue, validateAgainstSchema } from './validate-config';

const vpcSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['cidr'],
  additionalProperties: false,
  properties: {
    cidr: { type: 'string', format: 'cidr' },
    azs: { type: 'array', items: { type: 'string' } },
  },
};

describe('validateAgainstSchema', () => {
  it('accepts a config that follows the schema', () => {
    expect(validateAgainstSchema({ cidr: '10.0.0.0/16', azs: ['us-east-1a'] }, vpcSchema)).toEqual({ status: 'valid', issues: [], schemaProblems: [] });
  });

  it('reports each violation with its JSON path, including the custom cidr format', () => {
    const result = validateAgainstSchema({ cidr: '10.300.0.0/16', azs: [1], extra: true }, vpcSchema);
    expect(result).toEqual({
      status: 'invalid',
      schemaProblems: [],
      issues: expect.arrayContaining([
        { path: 'cidr', message: 'must match format "cidr"' },
        { path: 'azs[0]', message: 'must be string' },
        { path: 'extra', message: 'is not allowed here' },
      ]),
    });
  });

  it('reports a missing required field by name', () => {
    expect(validateAgainstSchema({}, vpcSchema)).toMatchObject({ status: 'invalid', issues: [{ path: 'cidr', message: 'is required' }] });
  });

  it('words an issue with its key said once, at any depth and at the root', () => {
    const schema = { type: 'object', required: ['cognito_sso_nickname'], properties: { sso: { type: 'object', required: ['cognito_sso_nickname'], additionalProperties: false } } };
    const texts = (config: JsonValue) => validateAgainstSchema(config, schema).issues.map(formatSchemaIssue);
    expect(texts({ sso: { x: 1 } })).toEqual(['cognito_sso_nickname is required', 'sso.cognito_sso_nickname is required', 'sso.x is not allowed here']);
    expect(texts([])).toEqual(['the config must be object']);
  });

  it('reports an unknown format as a problem of the schema and checks the rest', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', format: 'made-up-format' }, b: { type: 'number' } } };
    expect(validateAgainstSchema({ a: 'x', b: 'y' }, schema)).toEqual({
      status: 'invalid',
      issues: [{ path: 'b', message: 'must be number' }],
      schemaProblems: ['unknown format "made-up-format" is not checked'],
    });
  });

  it('reports a schema that cannot be compiled instead of throwing', () => {
    expect(validateAgainstSchema({}, { type: 'not-a-type' })).toMatchObject({ status: 'unusable', schemaProblems: [expect.stringMatching(/cannot be compiled/)] });
  });
});

describe('schemas with an $id', () => {
  it('validates with a second copy of the same schema (a re-read file) and with a changed one', () => {
    const first = { $id: 'https://karma.example/vpc.json', type: 'object', required: ['cidr'] };
    expect(validateAgainstSchema({}, first).status).toBe('invalid');
    expect(validateAgainstSchema({}, structuredClone(first)).status).toBe('invalid');
    expect(validateAgainstSchema({}, { ...first, required: [] }).status).toBe('valid');
  });
});
