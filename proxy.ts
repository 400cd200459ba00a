import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { authSecret } from '@/lib/auth/auth-secret';
import { getSettings } from '@/lib/server/settings';

/**
 * Runs before routing, for everything but Next's own files:
 * - an address with a malformed %-escape (`/api/components/%E0%A4%A`) is
 *   answered here, since Next's own decoding of the route's params would
 *   fail with a bare 500: 400 in the API's error shape, the 404 page
 *   otherwise;
 * - pages without a session go to the sign-in page, remembering where they
 *   were going (`/signin?callbackUrl=<path+query>`). Only the early
 *   redirect: every page and API route still checks the session on the
 *   server (app/(portal)/layout.tsx, lib/server/with-session.ts), and API
 *   routes answer 401 themselves.
 */

function isWellEncoded(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');
const isSignIn = (pathname: string) => pathname === '/signin' || pathname.startsWith('/signin/');
/** Where a malformed address is rewritten to: no route has this name, so it is the 404 page, signed in or not. */
const MALFORMED = '/_karma/malformed-address';

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (!isWellEncoded(pathname)) {
    if (isApi(pathname)) {
      return NextResponse.json({ error: { code: 'bad_request', message: 'The address has a malformed %-escape; encode ids with encodeURIComponent' } }, { status: 400 });
    }
    return NextResponse.rewrite(new URL(MALFORMED, request.url), { status: 404 });
  }
  if (isApi(pathname) || isSignIn(pathname) || pathname === MALFORMED) return NextResponse.next();
  const token = await getToken({ req: request, secret: authSecret(getSettings()) });
  if (token) return NextResponse.next();
  const signIn = new URL('/signin', request.url);
  signIn.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: [
    // Pages: everything but the API, Next's own files and the favicon.
    '/((?!api/|api$|_next/|favicon\\.ico$).*)',
    // The API only for requests without a body: Next buffers the whole body of any request a proxy sees
    // (up to 10 MB) before the route runs, which would undo the route's own size and time limits…
    {
      source: '/api/:path*',
      missing: [
        { type: 'header', key: 'content-length' },
        { type: 'header', key: 'transfer-encoding' },
      ],
    },
    // …and for addresses that may not decode (a `%` not followed by an ASCII byte's two hex digits), whatever
    // their body: Next would fail on them with a bare 500, and valid ids are ASCII.
    '/api/(.*%(?![0-7][0-9a-fA-F]).*)',
  ],
};
