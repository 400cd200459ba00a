import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { authSecret } from '@/lib/auth/auth-secret';
import { getSettings } from '@/lib/server/settings';

/**
 * Sends page requests without a session to the sign-in page, remembering
 * where they were going (`/signin?callbackUrl=<path+query>`). Only the early
 * redirect: every page and API route still checks the session on the server
 * (app/(portal)/layout.tsx, lib/server/with-session.ts), and API routes answer
 * 401 themselves, so /api is not matched here.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const token = await getToken({ req: request, secret: authSecret(getSettings()) });
  if (token) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  const signIn = new URL('/signin', request.url);
  signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything but the API, Next's own files, the sign-in page and the favicon.
  matcher: ['/((?!api/|api$|_next/|signin/|signin$|favicon\\.ico$).*)'],
};
