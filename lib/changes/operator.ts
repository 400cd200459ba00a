/**
 * The identity the CLI acts as (settings file `operator`: `{ name, role }`;
 * the demo's is `karma-cli`, an admin). Decisions made from the command line
 * go through the same policy as the portal's, under this name. Pure.
 */
import type { User } from '@/lib/auth/roles';
import { AppError } from '@/lib/model/errors';
import type { SettingsFile } from '@/lib/model/settings';

export function operatorUser(file: Pick<SettingsFile, 'operator'>): User {
  if (!file.operator) {
    throw new AppError('bad_request', 'No operator is configured: set "operator": { "name": "…", "role": "approver" } in the settings file (KARMA_SETTINGS)');
  }
  const { name, role } = file.operator;
  return { id: name, name, email: null, role, groups: [] };
}
