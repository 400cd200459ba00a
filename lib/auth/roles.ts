/**
 * Roles and who has them. Pure: the settings mapping is passed in.
 * viewer < proposer < approver < admin; each role can do everything the
 * roles below it can.
 */
import { ROLES, type Role, type SettingsFile } from '@/lib/model/settings';

export type { Role };
export { ROLES };

export type User = {
  /** Stable identity used as author/actor: the e-mail address, lower-cased, or `github:<login>`. */
  id: string;
  name: string;
  email: string | null;
  role: Role;
  groups: string[];
};

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function hasRole(actual: Role, required: Role): boolean {
  return roleRank(actual) >= roleRank(required);
}

/** The highest role any grant gives this identity; `viewer` when none does. */
export function roleFor(identity: { email: string | null; groups: readonly string[] }, grants: SettingsFile['roles'], fallback: Role = 'viewer'): Role {
  const email = identity.email?.toLowerCase() ?? null;
  let best: Role = fallback;
  for (const grant of grants) {
    const byEmail = email !== null && grant.emails.some((e) => e.toLowerCase() === email);
    const byGroup = grant.groups.some((g) => identity.groups.includes(g));
    if ((byEmail || byGroup) && roleRank(grant.role) > roleRank(best)) best = grant.role;
  }
  return best;
}

/**
 * The people of the demo, each with the role the demo shows off, and the
 * groups a sign-in provider would report for them (demo only): carol is in
 * `data-team`, which owns the production databases in the demo's settings
 * (approvals by ownership).
 */
export const DEMO_USERS = [
  { username: 'alice', name: 'Alice Proposer', email: 'alice@example.com', role: 'proposer', groups: [] },
  { username: 'bob', name: 'Bob Approver', email: 'bob@example.com', role: 'approver', groups: [] },
  { username: 'carol', name: 'Carol Approver', email: 'carol@example.com', role: 'approver', groups: ['data-team'] },
  { username: 'dana', name: 'Dana Admin', email: 'dana@example.com', role: 'admin', groups: [] },
  { username: 'victor', name: 'Victor Viewer', email: 'victor@example.com', role: 'viewer', groups: [] },
] as const satisfies ReadonlyArray<{ username: string; name: string; email: string; role: Role; groups: readonly string[] }>;

export type DemoUsername = (typeof DEMO_USERS)[number]['username'];
