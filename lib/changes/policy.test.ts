import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@/lib/auth/roles';
import { assertMay, may, requiredApprovals, type ChangeAction } from './policy';

const user = (role: Role) => ({ role, name: `${role} user` });

describe('who may do what with change requests', () => {
  const table: Array<[ChangeAction, Record<Role, boolean>]> = [
    ['view', { viewer: true, proposer: true, approver: true, admin: true }],
    ['simulate', { viewer: false, proposer: true, approver: true, admin: true }],
    ['propose', { viewer: false, proposer: true, approver: true, admin: true }],
  ];

  it.each(table)('%s', (action, expected) => {
    expect(Object.fromEntries(ROLES.map((role) => [role, may(user(role), action)]))).toEqual(expected);
  });

  it('refuses a viewer with a 403 that says which role is needed', () => {
    expect(() => assertMay(user('viewer'), 'propose')).toThrow(
      expect.objectContaining({ code: 'forbidden', status: 403, message: 'Only a proposer or above may propose changes; viewer user is a viewer' }),
    );
    expect(() => assertMay(user('viewer'), 'simulate')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertMay(user('proposer'), 'propose')).not.toThrow();
  });
});

describe('required approvals', () => {
  it('takes the environment’s own number, else the default', () => {
    const approvals = { default: 1, perEnv: { prod: 2 } };
    expect(requiredApprovals('prod', approvals)).toBe(2);
    expect(requiredApprovals('dev', approvals)).toBe(1);
  });
});
