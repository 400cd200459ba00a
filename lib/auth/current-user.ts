import 'server-only';
import { getServerSession } from 'next-auth';
import { AppError } from '@/lib/model/errors';
import { getSettings } from '@/lib/server/settings';
import { getAuthOptions } from './auth-options';
import { DEMO_USERS, hasRole, roleFor, type Role, type User } from './roles';

/** The signed-in user with their current role, or null. Reads the session cookie on the server. */
export async function getCurrentUser(): Promise<User | null> {
  const session = await getServerSession(getAuthOptions());
  if (!session?.user) return null;
  const settings = getSettings();
  const { email, name, provider, login, subject, groups } = session.user;
  const demo = settings.isDemo && provider === 'demo' ? DEMO_USERS.find((u) => u.email === email) : undefined;
  if (provider === 'demo' && !demo) return null; // a demo session outside demo mode is no session
  const id = email?.toLowerCase() ?? (login ? `${provider}:${login}` : `${provider}:${subject ?? 'unknown'}`);
  const role: Role = roleFor({ email: email ?? null, groups }, settings.file.roles, demo?.role ?? 'viewer');
  return { id, name: name ?? login ?? id, email: email ?? null, role, groups };
}

export async function requireUser(role: Role = 'viewer'): Promise<User> {
  const user = await getCurrentUser();
  if (!user) throw new AppError('unauthenticated', 'Sign in first');
  if (!hasRole(user.role, role)) throw new AppError('forbidden', `This needs the ${role} role; ${user.name} is a ${user.role}`);
  return user;
}
