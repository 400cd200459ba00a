import { describe, expect, it } from 'vitest';
import { compareMirrors, valueAtPath } from './compare-mirrors';
import { BUILT_IN_FIELD_MIRRORS, mergeFieldMirrors, mirrorPairs } from './field-mirrors';

describe('mirror pairs', () => {
  it('pairs top-level keys the runtime also has, plus the type mappings, and a mapping replaces the same-key default', () => {
    const table = { vpc: { cidr: 'vpc_cidr' } };
    expect(mirrorPairs('vpc', ['cidr', 'azs', 'tags'], ['vpc_id', 'vpc_cidr', 'azs', 'cidr'], table)).toEqual([
      { configPath: 'cidr', runtimePath: 'vpc_cidr', source: 'mapping' },
      { configPath: 'azs', runtimePath: 'azs', source: 'same-key' },
    ]);
  });

  it('merges the settings over the built-in table, field by field', () => {
    const merged = mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, { vpc: { ipv6: 'ipv6_cidr' }, 'ecs-cluster': { cluster_name: 'name' } });
    expect(merged).toEqual({ vpc: { cidr: 'vpc_cidr', ipv6: 'ipv6_cidr' }, 'ecs-cluster': { cluster_name: 'name' } });
    expect(mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, { vpc: { cidr: 'cidr_block' } }).vpc).toEqual({ cidr: 'cidr_block' });
  });
});

describe('compareMirrors', () => {
  it('follows dotted paths on either side of a mapping', () => {
    const result = compareMirrors('api', { dns: { zone: 'a.example' } }, { zone_name: 'b.example' }, { api: { 'dns.zone': 'zone_name' } });
    expect(result.differences).toEqual([{ path: 'dns.zone', runtimePath: 'zone_name', desired: 'a.example', actual: 'b.example' }]);
  });

  it('reports array elements the runtime lacks or adds', () => {
    const result = compareMirrors('vpc', { azs: ['a', 'b'] }, { azs: ['a', 'b', 'c'] }, {});
    expect(result.differences).toEqual([{ path: 'azs[2]', runtimePath: 'azs[2]', actual: 'c' }]);
  });

  it('compares nothing when either document is not an object', () => {
    expect(compareMirrors('x', ['a'], { a: 1 }, {})).toEqual({ fields: [], differences: [] });
    expect(compareMirrors('x', { a: 1 }, null, {})).toEqual({ fields: [], differences: [] });
  });

  it('reads a top-level key with a dot in it as written', () => {
    expect(valueAtPath({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
    expect(valueAtPath({ a: { b: 2 } }, 'a.b')).toBe(2);
  });
});
