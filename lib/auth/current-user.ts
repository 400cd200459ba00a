import 'server-only';
import { getServerSession } from 'next-auth';
import { AppError } from '@/lib/model/errors';
import { getSettings } from '@/lib/server/settings';
import { getAuthOptions } from './auth-options';
import { hasRole, type Role, type User } from './roles';
import { userFromSession } from './session-user';

/** The signed-in user with their current role, or null. Reads the session cookie on the server. */
export async function getCurrentUser(): Promise<User | null> {
  const session = await getServerSession(getAuthOptions());
  const settings = getSettings();
  return userFromSession(session?.user, { isDemo: settings.isDemo, grants: settings.file.roles });
}

export async function requireUser(role: Role = 'viewer'): Promise<User> {
  const user = await getCurrentUser();
  if (!user) throw new AppError('unauthenticated', 'Sign in first');
  if (!hasRole(user.role, role)) throw new AppError('forbidden', `This needs the ${role} role; ${user.name} is a ${user.role}`);
  return user;
}
