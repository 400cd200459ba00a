/**
 * Who may do what with change requests (ARCHITECTURE.md §6). Pure: the user
 * and the settings are passed in. Route handlers take their role from
 * REQUIRED_ROLE, so the wrapper's check and the service's check cannot
 * disagree.
 *
 * Simulating is a proposer's action, not a viewer's: it is the first step of
 * proposing, and it runs the proposal through the graph and schemas. Viewers
 * see the proposal page read-only and every submitted request with its impact.
 */
import { hasRole, type Role, type User } from '@/lib/auth/roles';
import { AppError } from '@/lib/model/errors';
import type { SettingsFile } from '@/lib/model/settings';

export const CHANGE_ACTIONS = ['view', 'simulate', 'propose'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export const REQUIRED_ROLE: Record<ChangeAction, Role> = {
  view: 'viewer',
  simulate: 'proposer',
  propose: 'proposer',
};

export function may(user: Pick<User, 'role'>, action: ChangeAction): boolean {
  return hasRole(user.role, REQUIRED_ROLE[action]);
}

const VERB: Record<ChangeAction, string> = { view: 'see change requests', simulate: 'simulate changes', propose: 'propose changes' };

export function assertMay(user: Pick<User, 'role' | 'name'>, action: ChangeAction): void {
  if (!may(user, action)) {
    throw new AppError('forbidden', `Only a ${REQUIRED_ROLE[action]} or above may ${VERB[action]}; ${user.name} is a ${user.role}`);
  }
}

/** Distinct approvals a request in `env` needs before it may be applied. */
export function requiredApprovals(env: string, approvals: SettingsFile['approvals']): number {
  return approvals.perEnv[env] ?? approvals.default;
}
