/**
 * Where to go after signing in (or out): only a page of this site, as a
 * path. The value is normalised as a browser would (dot segments, `%2e`,
 * backslashes) and only then judged, so `/.//evil.example`,
 * `/..//evil.example`, `/%2e//evil.example` and `/./\evil.example`, which
 * normalise to the protocol-relative `//evil.example`, are caught like
 * `https://evil.example` and `//evil.example`. Anything that could leave the
 * site, an API URL, or the sign-in page itself (a loop, unless allowed:
 * signing out goes there) becomes `/`. Pure.
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
  // A path that starts with two slashes is another host to a browser (the URL parser turned `\` into `/`).
  if (url.pathname.startsWith('//')) return '/';
  if ((url.pathname === '/signin' && !isSignInAllowed) || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
