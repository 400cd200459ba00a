import { describe, expect, it } from 'vitest';
import { formatUtc, shortUser, timeAgo } from './format-time';

describe('shortUser', () => {
  it('keeps the part of an SSM user ARN people recognise', () => {
    expect(shortUser('arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Developer_0123/alice@example.com')).toBe('alice@example.com');
    expect(shortUser('arn:aws:sts::444455556666:assumed-role/terraform-deployer/gha-812-1')).toBe('terraform-deployer/gha-812-1');
    expect(shortUser('arn:aws:iam::111122223333:user/svc-legacy-deploy')).toBe('svc-legacy-deploy');
    expect(shortUser('karma-cli')).toBe('karma-cli');
    expect(shortUser(null)).toBe('—');
  });
});

describe('formatUtc and timeAgo', () => {
  it('formats to the minute in UTC', () => {
    expect(formatUtc('2026-11-19T14:05:33.000Z')).toBe('2026-11-19 14:05 UTC');
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-11-19T14:00:00Z');
    expect(timeAgo('2026-11-19T13:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-11-17T14:00:00Z', now)).toBe('2 d ago');
    expect(timeAgo('2026-06-01T00:00:00Z', now)).toBe('2026-06-01');
  });
});
