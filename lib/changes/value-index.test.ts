import { describe, expect, it } from 'vitest';
import { formatPath } from '@/lib/model/json';
import { component } from '@/lib/testing/builders';
import { parseCidr } from './identifying-values';
import { childPath, indexEstateValues, indexValues, pathSegments, valueAtPath, type ValueMatch } from './value-index';

const estate = indexEstateValues([
  component('prod:vpc/main', {
    config: { cidr: '10.40.0.0/16', enable_flow_logs: true, az_count: 3, tags: { Owner: 'platform' } },
    runtime: { vpc_id: 'vpc-0c29a5c076fd953a3', vpc_cidr: '10.40.0.0/16', private_subnet_cidrs: ['10.40.0.0/20', '10.40.16.0/20'] },
  }),
  component('prod:clickhouse/analytics', {
    config: { allowed_cidrs: ['10.40.0.0/16', '10.40.3.5/24'], vpc_nickname: 'main', 'odd key': { account: 444455556666 } },
    runtime: { private_ip: '10.40.17.42', security_group_id: 'sg-0fc624125cb806eb9' },
  }),
  component('dev:grafana/ops', { config: { office: '10.0.0.0/8', elsewhere: '192.168.0.0/16', v6: '2001:db8::/32', kind: 'clickhouse', visibility: 'private' } }),
  component('dev:vpc/broken', { config: null, runtime: null }),
]);

const where = (matches: ValueMatch[]) => matches.map(({ occurrence: o, match }) => `${o.componentId} ${o.document} ${o.path} ${o.value} ${match}`).sort();

describe('the value index of an estate', () => {
  it('indexes identifying leaves only, with their paths', () => {
    expect(estate.exact('vpc-0c29a5c076fd953a3')).toEqual([{ componentId: 'prod:vpc/main', document: 'runtime', path: 'vpc_id', value: 'vpc-0c29a5c076fd953a3' }]);
    expect(estate.exact(444455556666)).toEqual([{ componentId: 'prod:clickhouse/analytics', document: 'config', path: '["odd key"].account', value: '444455556666' }]);
    expect(estate.exact('444455556666')).toHaveLength(1);
    expect(estate.exact(true)).toEqual([]);
    expect(estate.exact(3)).toEqual([]);
    expect(estate.exact('platform')).toHaveLength(1);
  });

  it('takes the estate\u2019s component types and environment names as common words', () => {
    expect(estate.isIdentifying('clickhouse')).toBe(false);
    expect(estate.exact('clickhouse')).toEqual([]);
    expect(estate.isIdentifying('private')).toBe(false);
    expect(estate.isIdentifying('clickhouse-analytics')).toBe(true);
  });

  it('finds the same range, ranges and addresses inside it, and ranges holding it', () => {
    expect(where(estate.matches('10.40.0.0/16'))).toEqual([
      'dev:grafana/ops config office 10.0.0.0/8 overlaps',
      'prod:clickhouse/analytics config allowed_cidrs[0] 10.40.0.0/16 exact',
      'prod:clickhouse/analytics config allowed_cidrs[1] 10.40.3.5/24 inside',
      'prod:clickhouse/analytics runtime private_ip 10.40.17.42 inside',
      'prod:vpc/main config cidr 10.40.0.0/16 exact',
      'prod:vpc/main runtime private_subnet_cidrs[0] 10.40.0.0/20 inside',
      'prod:vpc/main runtime private_subnet_cidrs[1] 10.40.16.0/20 inside',
      'prod:vpc/main runtime vpc_cidr 10.40.0.0/16 exact',
    ]);
  });

  it('finds a bare address exactly, not the ranges around it', () => {
    expect(where(estate.matches('10.40.17.42'))).toEqual(['prod:clickhouse/analytics runtime private_ip 10.40.17.42 exact']);
  });

  it('keeps IPv6 apart from IPv4', () => {
    expect(where(estate.matches('2001:db8:40::/48'))).toEqual(['dev:grafana/ops config v6 2001:db8::/32 overlaps']);
    expect(where(estate.matches('2001:0db8::/32'))).toEqual(['dev:grafana/ops config v6 2001:db8::/32 exact']);
    expect(where(estate.matches('::/1'))).toEqual(['dev:grafana/ops config v6 2001:db8::/32 inside']);
    expect(estate.matches('8000::/1')).toEqual([]);
  });

  it('answers range queries for one side at a time', () => {
    expect(estate.inside(parseCidr('10.40.16.0/20')!).map((o) => o.value)).toEqual(['10.40.17.42']);
    expect(estate.inside(parseCidr('10.40.32.0/20')!)).toEqual([]);
    expect(estate.holding(parseCidr('10.40.16.0/24')!).map((h) => [h.occurrence.value, h.same])).toEqual([
      ['10.0.0.0/8', false],
      ['10.40.0.0/16', false],
      ['10.40.0.0/16', false],
      ['10.40.0.0/16', false],
      ['10.40.16.0/20', false],
    ]);
  });

  it('indexes any documents with given stop words, and counts what it holds', () => {
    const small = indexValues([{ componentId: 'p:a/b', document: 'config', value: ['vpc-0abc12', 'orders-db'] }], { stopWords: new Set(['orders-db']) });
    expect(small.size).toBe(1);
    expect(small.exact('vpc-0abc12')[0].path).toBe('[0]');
    expect(indexValues([{ componentId: 'p:a/b', document: 'runtime', value: 'vpc-0abc12' }]).exact('vpc-0abc12')[0].path).toBe('$');
  });
});

describe('paths', () => {
  it.each([[['a', 'b', 0, 'odd key', 'c']], [[0, 'x']], [['with "quote"', 1]], [['a-b', '$x', '9lives']], [[]]])('round-trips %j through formatPath', (segments) => {
    const path = formatPath(segments);
    expect(pathSegments(path)).toEqual(segments);
    expect(segments.reduce<string>((parent, key) => childPath(parent, key), '') || '$').toBe(path);
  });

  it('reads the value at a path', () => {
    const doc = { a: { 'odd key': [1, { b: 'x' }] } };
    expect(valueAtPath(doc, 'a["odd key"][1].b')).toBe('x');
    expect(valueAtPath(doc, 'a.missing')).toBeUndefined();
    expect(valueAtPath(doc, '$')).toBe(doc);
  });
});

describe('at scale', () => {
  it('indexes 10,000 components in well under a second', () => {
    const components = Array.from({ length: 10_000 }, (_, i) =>
      component(`e${i % 2}:svc/s${i}`, {
        config: {
          cidr: `10.${i % 250}.${i % 200}.0/24`,
          vpc_nickname: 'main',
          name: `service-${i}`,
          arn: `arn:aws:ecs:us-east-1:444455556666:service/s${i}`,
          count: 2,
          tags: { Team: 'core' },
        },
        runtime: { id: `svc-${i.toString(16).padStart(8, '0')}`, ips: [`10.${i % 250}.${i % 200}.${i % 250}`], url: `https://s${i}.example.com` },
      }),
    );
    const started = performance.now();
    const index = indexEstateValues(components);
    const elapsed = performance.now() - started;
    expect(index.size).toBe(60_000);
    expect(index.inside(parseCidr('10.7.0.0/16')!).length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(1_000);
  });
});
