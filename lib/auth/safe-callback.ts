/**
 * Where to go after signing in (or out): only a page of this site, as a
 * path. Anything that could leave it (`https://evil.example`,
 * `//evil.example`, `/\evil.example`, which browsers read as `//`), an API
 * URL, or the sign-in page itself (a loop, unless allowed: signing out goes
 * there) becomes `/`. Pure.
 */

const PLACEHOLDER = 'http://karma.invalid';

export function safeCallbackPath(value: string | null | undefined, origin: string = PLACEHOLDER, { isSignInAllowed = false } = {}): string {
  if (!value) return '/';
  let url: URL;
  let site: string;
  try {
    url = new URL(value, origin);
    site = new URL(origin).origin;
  } catch {
    return '/';
  }
  // Relative values resolve against `origin`; absolute ones must already be on it.
  if (url.origin !== site) return '/';
  if ((url.pathname === '/signin' && !isSignInAllowed) || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
