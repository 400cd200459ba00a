import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/auth-options';

export const runtime = 'nodejs';

type Context = { params: Promise<{ nextauth: string[] }> };

// GET|POST /api/auth/* – next-auth's sign-in, callback, session and sign-out endpoints
async function handler(request: Request, context: Context) {
  return NextAuth(getAuthOptions())(request, { params: await context.params });
}

export { handler as GET, handler as POST };
