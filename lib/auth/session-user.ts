/**
 * The signed-in user from a session: a stable id, the display name and the
 * role, looked up on every request from the settings' grants so a changed
 * grant applies at the next request. Pure.
 */
import type { Session } from 'next-auth';
import type { SettingsFile } from '@/lib/model/settings';
import { DEMO_USERS, roleFor, type Role, type User } from './roles';

export type SessionUserContext = { isDemo: boolean; grants: SettingsFile['roles'] };

export function userFromSession(sessionUser: Session['user'] | undefined, { isDemo, grants }: SessionUserContext): User | null {
  if (!sessionUser) return null;
  const { email, name, provider, login, subject, groups } = sessionUser;
  let fallback: Role = 'viewer';
  let memberOf = groups;
  if (provider === 'demo') {
    // A demo cookie is worth nothing outside demo mode, even one signed with the right secret.
    const demo = isDemo ? DEMO_USERS.find((u) => u.email === email) : undefined;
    if (!demo) return null;
    fallback = demo.role;
    // Demo people's groups are the demo's own (roles.ts), as an OIDC provider's would be, looked up like their role.
    memberOf = [...demo.groups];
  }
  const id = email?.toLowerCase() ?? (login ? `${provider}:${login}` : `${provider}:${subject ?? 'unknown'}`);
  return { id, name: name ?? login ?? id, email: email ?? null, role: roleFor({ email: email ?? null, groups: memberOf }, grants, fallback), groups: memberOf };
}
