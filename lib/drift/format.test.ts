import { describe, expect, it } from 'vitest';
import { formatTime, formatValue, shortUser } from './format';

describe('shortUser', () => {
  it.each([
    ['arn:aws:sts::1:assumed-role/AWSReservedSSO_Developer_8d2f/alice@example.com', 'alice@example.com'],
    ['arn:aws:sts::1:assumed-role/terraform-deployer/gha-11745417264-1', 'terraform-deployer/gha-11745417264-1'],
    ['arn:aws:iam::1:user/svc-legacy-deploy', 'svc-legacy-deploy'],
    ['arn:aws:iam::1:user/team/path/bob', 'bob'],
    ['karma-cli', 'karma-cli'],
  ])('%s → %s', (arn, short) => expect(shortUser(arn)).toBe(short));
});

describe('formatTime and formatValue', () => {
  it('writes UTC minutes and shows an unparseable time as given', () => {
    expect(formatTime('2026-09-15T13:38:05.000Z')).toBe('2026-09-15 13:38 UTC');
    expect(formatTime('2026-09-15T15:38:05+02:00')).toBe('2026-09-15 13:38 UTC');
    expect(formatTime('soon')).toBe('"soon"');
  });

  it('cuts long values short', () => {
    expect(formatValue('x'.repeat(100))).toHaveLength(60);
    expect(formatValue(undefined)).toBe('(absent)');
  });
});
