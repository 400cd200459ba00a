import { describe, expect, it } from 'vitest';
import type { DriftStatus } from '@/lib/model/graph';
import { component } from '@/lib/testing/builders';
import { searchComponents, searchFacets } from './search-components';

const components = [
  component('prod:vpc/main', { config: { cidr: '10.40.0.0/16', azs: ['a', 'b'] }, runtime: { vpc_id: 'vpc-0abc' }, runtimeRaw: '{}' }),
  component('dev:vpc/sandbox', { config: { cidr: '10.30.0.0/16' } }),
  component('prod:ecs-service/storefront', { config: { image: 'registry/storefront:2026.11.3', dns: { host: 'shop.tidepool.example' } } }),
  component('dev:s3-bucket/scratch', { config: null, configRaw: '{ "bucket_name": "tidepool-scratch", }' }),
  component('prod:vpc/mainframe'),
];

const ids = (q: string) => searchComponents(components, q).matches.map((m) => m.id);

describe('searchComponents', () => {
  it('finds by nickname, exact matches first, then prefixes', () => {
    expect(ids('main')).toEqual(['prod:vpc/main', 'prod:vpc/mainframe']);
  });

  it('finds by type', () => {
    expect(ids('ecs-serv')).toEqual(['prod:ecs-service/storefront']);
  });

  it('finds by any config value, nested, and says which field matched', () => {
    const [match] = searchComponents(components, 'SHOP.tidepool').matches;
    expect(match).toMatchObject({ id: 'prod:ecs-service/storefront', field: 'config.dns.host', value: 'shop.tidepool.example' });
    expect(ids('10.40.')).toEqual(['prod:vpc/main']);
  });

  it('searches a config that is not JSON as text, and runtime values', () => {
    expect(searchComponents(components, 'tidepool-scratch').matches[0]).toMatchObject({ id: 'dev:s3-bucket/scratch', field: 'config' });
    expect(searchComponents(components, 'vpc-0abc').matches[0]).toMatchObject({ id: 'prod:vpc/main', field: 'runtime.vpc_id' });
  });

  it('answers nothing for blank text, and caps the list but not the total', () => {
    expect(searchComponents(components, '  ')).toEqual({ matches: [], total: 0 });
    expect(searchComponents(components, 'vpc', { limit: 1 })).toMatchObject({ total: 3, matches: [expect.objectContaining({ id: 'dev:vpc/sandbox' })] });
  });
});

describe('searchFacets', () => {
  it('lists the environments and types there are', () => {
    const { envs, types } = searchFacets(components);
    expect({ envs, types }).toEqual({ envs: ['dev', 'prod'], types: ['ecs-service', 's3-bucket', 'vpc'] });
  });

  it('counts components per environment, type and drift status (null when drift is not known)', () => {
    const drift = (status: DriftStatus) => ({ drift: { status, reasons: [], deployedConfigVersion: 1 } });
    const withDrift = [...components, component('prod:vpc/edge', drift('pending')), component('prod:vpc/core', drift('pending')), component('prod:vpc/old', drift('in_sync'))];
    expect(searchFacets(withDrift).counts).toEqual([
      { env: 'dev', type: 's3-bucket', status: null, count: 1 },
      { env: 'dev', type: 'vpc', status: null, count: 1 },
      { env: 'prod', type: 'ecs-service', status: null, count: 1 },
      { env: 'prod', type: 'vpc', status: 'in_sync', count: 1 },
      { env: 'prod', type: 'vpc', status: 'pending', count: 2 },
      { env: 'prod', type: 'vpc', status: null, count: 2 },
    ]);
  });
});
