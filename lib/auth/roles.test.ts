import { describe, expect, it } from 'vitest';
import { hasRole, roleFor } from './roles';

const grants = [
  { role: 'approver' as const, emails: ['Bob@Example.com'], groups: [] },
  { role: 'admin' as const, emails: [], groups: ['platform-admins'] },
  { role: 'proposer' as const, emails: ['bob@example.com'], groups: ['engineers'] },
];

describe('roles', () => {
  it('orders roles viewer < proposer < approver < admin', () => {
    expect(hasRole('admin', 'approver')).toBe(true);
    expect(hasRole('approver', 'proposer')).toBe(true);
    expect(hasRole('proposer', 'approver')).toBe(false);
    expect(hasRole('viewer', 'proposer')).toBe(false);
    expect(hasRole('viewer', 'viewer')).toBe(true);
  });

  it('grants the highest role any e-mail (case-insensitive) or group grant gives', () => {
    expect(roleFor({ email: 'bob@example.com', groups: [] }, grants)).toBe('approver');
    expect(roleFor({ email: 'x@example.com', groups: ['engineers'] }, grants)).toBe('proposer');
    expect(roleFor({ email: 'bob@example.com', groups: ['platform-admins'] }, grants)).toBe('admin');
  });

  it('makes everyone else a viewer', () => {
    expect(roleFor({ email: 'stranger@example.com', groups: ['other'] }, grants)).toBe('viewer');
    expect(roleFor({ email: null, groups: [] }, grants)).toBe('viewer');
  });
});
