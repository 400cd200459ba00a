import { describe, expect, it } from 'vitest';
import { cidrContains, cidrRelation, cidrsOverlap, formatIp, identifyingValue, parseCidr, parseIp, stopWordsWith } from './identifying-values';

const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`not a CIDR: ${text}`);
  return parsed;
};

describe('parseCidr', () => {
  it('reads IPv4 ranges and addresses', () => {
    expect(cidr('10.40.0.0/16')).toEqual({ version: 4, start: 0x0a280000n, end: 0x0a28ffffn, prefix: 16, isAddress: false, text: '10.40.0.0/16' });
    expect(cidr('10.40.17.42')).toMatchObject({ start: 0x0a28112an, end: 0x0a28112an, prefix: 32, isAddress: true, text: '10.40.17.42' });
    expect(cidr('10.40.17.42/32').text).toBe('10.40.17.42');
  });

  it('keeps the address as written but the range of its network when host bits are set', () => {
    expect(cidr('10.40.3.5/24')).toMatchObject({ start: cidr('10.40.3.0/24').start, end: cidr('10.40.3.0/24').end, text: '10.40.3.5/24' });
  });

  it('reads IPv6 in every spelling and writes it compressed and lowercase', () => {
    expect(cidr('2001:DB8:0:0::/32').text).toBe('2001:db8::/32');
    expect(cidr('2001:0db8:0000:0000:0000:ff00:0042:8329').text).toBe('2001:db8::ff00:42:8329');
    expect(cidr('::ffff:10.0.0.1').text).toBe('::ffff:a00:1');
    expect(cidr('fd00:1::/48')).toMatchObject({ version: 6, prefix: 48, start: 0xfd000001n << 96n, end: (0xfd000001n << 96n) | ((1n << 80n) - 1n) });
  });

  it.each(['10.40.0.0/33', '10.256.0.0/16', '10.40.0/16', '010.1.1.1', '10.40.0.0/016', '2001:db8::1::2', '2001:db8:1', 'vpc-0abc12', 'sun:05:00-sun:06:00', '12:30', ''])(
    'refuses %j',
    (text) => {
      expect(parseCidr(text)).toBeNull();
    },
  );
});

describe('formatIp and parseIp', () => {
  it('compresses the longest run of zero groups, the first on a tie, and never a single group', () => {
    expect(formatIp(6, parseIp('2001:db8:0:0:1:0:0:1')!.value)).toBe('2001:db8::1:0:0:1');
    expect(formatIp(6, parseIp('2001:db8:0:1:1:1:1:1')!.value)).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIp(6, 1n)).toBe('::1');
    expect(formatIp(6, 0n)).toBe('::');
    expect(formatIp(4, parseIp('192.168.0.1')!.value)).toBe('192.168.0.1');
  });
});

describe('containment and overlap', () => {
  it('finds ranges and addresses inside, around and apart (IPv4)', () => {
    const old = cidr('10.40.0.0/16');
    expect(cidrRelation(old, cidr('10.40.3.0/24'))).toBe('inside');
    expect(cidrRelation(old, cidr('10.40.17.42'))).toBe('inside');
    expect(cidrRelation(old, cidr('10.40.0.0/16'))).toBe('exact');
    expect(cidrRelation(old, cidr('10.40.9.9/16'))).toBe('exact');
    expect(cidrRelation(old, cidr('10.0.0.0/8'))).toBe('overlaps');
    expect(cidrRelation(old, cidr('10.41.0.0/16'))).toBeNull();
    expect(cidrRelation(old, cidr('10.39.255.255'))).toBeNull();
  });

  it('finds them for IPv6, and never across versions', () => {
    const old = cidr('2001:db8::/32');
    expect(cidrRelation(old, cidr('2001:db8:40::/48'))).toBe('inside');
    expect(cidrRelation(old, cidr('2001:db8::17'))).toBe('inside');
    expect(cidrRelation(old, cidr('2001::/16'))).toBe('overlaps');
    expect(cidrRelation(old, cidr('2001:db9::/32'))).toBeNull();
    expect(cidrsOverlap(cidr('0.0.0.0/1'), cidr('::/1'))).toBe(false);
    expect(cidrContains(cidr('10.0.0.0/8'), cidr('10.0.0.0/8'))).toBe(true);
  });

  it('treats partial overlap of ranges that are not CIDR-aligned as overlap', () => {
    const a = { ...cidr('10.0.0.0/16'), end: cidr('10.0.0.0/16').end + 256n };
    expect(cidrRelation(a, cidr('10.1.0.0/16'))).toBe('overlaps');
    expect(cidrRelation(a, cidr('10.1.0.0/24'))).toBe('inside');
  });
});

describe('identifyingValue', () => {
  const key = (value: Parameters<typeof identifyingValue>[0], stop?: ReadonlySet<string>) => identifyingValue(value, stop)?.key ?? null;

  it.each([
    ['10.40.0.0/16', '10.40.0.0/16'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['10.40.17.42', '10.40.17.42'],
    ['arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0c29a5c076fd953a3', 'arn:aws:ec2:us-east-1:444455556666:vpc/vpc-0c29a5c076fd953a3'],
    ['Tidepool.Example.', 'tidepool.example'],
    ['ip-10-40-17-42.ec2.internal', 'ip-10-40-17-42.ec2.internal'],
    ['vpc-0abc12', 'vpc-0abc12'],
    ['sg-0fc624125cb806eb9', 'sg-0fc624125cb806eb9'],
    ['1d96e2d4-50fc-4ebb-aa52-8bb3df4f91e1', '1d96e2d4-50fc-4ebb-aa52-8bb3df4f91e1'],
    ['Z0845123K7QX2M9VDA1TB', 'Z0845123K7QX2M9VDA1TB'],
    ['tidepool-prod-core', 'tidepool-prod-core'],
    ['https://grafana.tidepool.example', 'https://grafana.tidepool.example'],
    ['/iac/vpc/main/runtime', '/iac/vpc/main/runtime'],
    [444455556666, '444455556666'],
    ['444455556666', '444455556666'],
    [' vpc-0abc12 ', 'vpc-0abc12'],
  ])('%j identifies something: key %j', (value, expected) => {
    expect(key(value)).toBe(expected);
  });

  it.each([
    [true, 'a boolean'],
    [null, 'null'],
    [3, 'a small number'],
    [86400, 'a number of 5 digits'],
    [12.5, 'a fraction'],
    ['main', 'a short string'],
    ['web01', 'a short string with a digit'],
    ['enabled', 'a common word'],
    ['Private', 'a common word in another case'],
    ['internal', 'a common word'],
    ['0.0.0.0/0', 'the everything range'],
    ['::/0', 'the everything range (IPv6)'],
    ['0.0.0.0', 'the unspecified address'],
    ['2026.11.3', 'a version'],
    ['2027-03-31', 'a date'],
    ['2026-06-06T10:00:00Z', 'a timestamp'],
    ['03:00-04:00', 'a time window'],
    ['FARGATE_SPOT', 'an enum constant'],
    ['us-east-1', 'a region'],
    ['us-east-1a', 'an availability zone'],
    ['Encrypts order data at rest', 'free text'],
    [{ cidr: '10.0.0.0/16' }, 'an object'],
    [['10.0.0.0/16'], 'an array'],
  ])('%j identifies nothing (%s)', (value, _why) => {
    expect(key(value)).toBeNull();
  });

  it('adds the estate\u2019s environment names and component types to the stop list', () => {
    const stop = stopWordsWith(['staging-eu', 'clickhouse', 'aurora-postgres']);
    expect(key('clickhouse', stop)).toBeNull();
    expect(key('Aurora-Postgres', stop)).toBeNull();
    expect(key('staging-eu', stop)).toBeNull();
    expect(key('clickhouse')).toBe('clickhouse');
    expect(key('enabled', stop)).toBeNull();
  });

  it('keeps the value as written and its parsed range', () => {
    expect(identifyingValue('10.40.3.5/24')).toMatchObject({ key: '10.40.3.5/24', text: '10.40.3.5/24', cidr: { prefix: 24, isAddress: false } });
    expect(identifyingValue('vpc-0abc12')).toEqual({ key: 'vpc-0abc12', text: 'vpc-0abc12', cidr: null });
  });
});
