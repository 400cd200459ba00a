import type { Session } from 'next-auth';
import { describe, expect, it } from 'vitest';
import { userFromSession } from './session-user';

const grants = [
  { role: 'approver' as const, emails: ['Bob@Example.com'], groups: [] },
  { role: 'proposer' as const, emails: [], groups: ['engineers'] },
];

function session(overrides: Partial<Session['user']>): Session['user'] {
  return { name: 'Someone', email: null, image: null, provider: 'oidc', login: null, subject: 'sub-1', groups: [], ...overrides };
}

describe('the user of a session', () => {
  it('is nobody without a session', () => {
    expect(userFromSession(undefined, { isDemo: true, grants })).toBeNull();
  });

  it('gives demo users their demo role in demo mode', () => {
    const user = userFromSession(session({ provider: 'demo', email: 'alice@example.com', name: 'Alice Proposer' }), { isDemo: true, grants: [] });
    expect(user).toEqual({ id: 'alice@example.com', name: 'Alice Proposer', email: 'alice@example.com', role: 'proposer', groups: [] });
    expect(userFromSession(session({ provider: 'demo', email: 'victor@example.com' }), { isDemo: true, grants: [] })?.role).toBe('viewer');
  });

  it('gives demo users the demo’s groups (carol is in data-team), whatever the session says', () => {
    expect(userFromSession(session({ provider: 'demo', email: 'carol@example.com' }), { isDemo: true, grants: [] })?.groups).toEqual(['data-team']);
    expect(userFromSession(session({ provider: 'demo', email: 'bob@example.com', groups: ['data-team'] }), { isDemo: true, grants: [] })?.groups).toEqual([]);
    // Groups grant roles for demo users as they do for OIDC ones.
    const grants = [{ role: 'admin' as const, emails: [], groups: ['data-team'] }];
    expect(userFromSession(session({ provider: 'demo', email: 'carol@example.com' }), { isDemo: true, grants })?.role).toBe('admin');
  });

  it('refuses a demo session outside demo mode, and an unknown demo user', () => {
    expect(userFromSession(session({ provider: 'demo', email: 'dana@example.com' }), { isDemo: false, grants })).toBeNull();
    expect(userFromSession(session({ provider: 'demo', email: 'mallory@example.com' }), { isDemo: true, grants })).toBeNull();
  });

  it('grants roles by e-mail (any case) or OIDC group; everyone else is a viewer', () => {
    expect(userFromSession(session({ email: 'bob@example.com' }), { isDemo: false, grants })).toMatchObject({ id: 'bob@example.com', role: 'approver' });
    expect(userFromSession(session({ groups: ['engineers'] }), { isDemo: false, grants })).toMatchObject({ id: 'oidc:sub-1', role: 'proposer' });
    expect(userFromSession(session({ email: 'stranger@example.com', groups: ['other'] }), { isDemo: false, grants })?.role).toBe('viewer');
  });

  it('identifies people without an e-mail address by provider and login', () => {
    expect(userFromSession(session({ provider: 'github', login: 'octocat', name: null }), { isDemo: false, grants })).toMatchObject({ id: 'github:octocat', name: 'octocat' });
  });
});
