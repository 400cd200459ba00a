import { describe, expect, it } from 'vitest';
import { groupsFromProfile, trustedEmail } from './oidc-claims';

describe('groups from the OIDC profile', () => {
  it('reads the configured claim: a list, or a space- or comma-separated string', () => {
    expect(groupsFromProfile({ groups: ['eng', 7, 'ops'] }, 'groups')).toEqual(['eng', 'ops']);
    expect(groupsFromProfile({ groups: 'eng ops,platform' }, 'groups')).toEqual(['eng', 'ops', 'platform']);
  });

  it('takes names with colons or dots as whole claims (Cognito, Auth0), else as a path (Keycloak)', () => {
    expect(groupsFromProfile({ 'cognito:groups': ['admins'] }, 'cognito:groups')).toEqual(['admins']);
    expect(groupsFromProfile({ 'https://karma.example/groups': ['eng'] }, 'https://karma.example/groups')).toEqual(['eng']);
    expect(groupsFromProfile({ realm_access: { roles: ['karma-approver'] } }, 'realm_access.roles')).toEqual(['karma-approver']);
  });

  it('finds none when the claim is missing or of another shape', () => {
    expect(groupsFromProfile(undefined, 'groups')).toEqual([]);
    expect(groupsFromProfile({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(groupsFromProfile({}, 'realm_access.roles')).toEqual([]);
  });
});

describe('the e-mail address roles are granted to', () => {
  it('is kept unless the provider says it is unverified', () => {
    expect(trustedEmail({ sub: '1', email: 'a@example.com', email_verified: true })).toBe('a@example.com');
    expect(trustedEmail({ sub: '1', email: 'a@example.com' })).toBe('a@example.com');
    expect(trustedEmail({ sub: '1', email: 'a@example.com', email_verified: false })).toBeNull();
    expect(trustedEmail({ sub: '1', email: 'a@example.com', email_verified: 'false' })).toBeNull();
    expect(trustedEmail({ sub: '1' })).toBeNull();
  });
});
