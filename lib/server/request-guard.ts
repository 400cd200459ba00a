import 'server-only';
import { AppError } from '@/lib/model/errors';

/**
 * The CSRF defence of every route that changes something. A browser sends
 * the session cookie with requests from same-site pages (another port, a
 * sibling subdomain: SameSite=Lax does not stop them), so a mutation must
 * prove it comes from Karma's own pages:
 * - its body is declared JSON: a cross-site page can send `text/plain` or a
 *   form without asking, but not `application/json` (that needs a CORS
 *   preflight, which Karma never grants);
 * - the browser says it is same-origin: `Sec-Fetch-Site: same-origin` (or
 *   `none`, typed by the user), which no page can forge; a browser that does
 *   not send it sends `Origin`, which must be the portal's own. A request
 *   with neither comes from no browser (curl, a script), which cannot ride a
 *   user's cookie unless given it.
 * The portal's own origin is the one the request reached (its Host, or the
 * X-Forwarded-Host a proxy in front set: a cross-site page can set neither)
 * or its configured public URL (NEXTAUTH_URL), so a demo opened as
 * localhost or as 127.0.0.1 works either way.
 */

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Every origin this request could rightly come from. */
function ownOrigins(request: Request, publicUrl: string | null): Set<string> {
  const url = new URL(request.url);
  const protocol = request.headers.get('x-forwarded-proto')?.split(',')[0].trim() ?? url.protocol.replace(/:$/, '');
  const hosts = [request.headers.get('host'), request.headers.get('x-forwarded-host')?.split(',')[0].trim(), url.host];
  const origins = new Set(hosts.filter((host): host is string => Boolean(host)).map((host) => `${protocol}://${host}`.toLowerCase()));
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  return origins;
}

export function assertSameOriginMutation(request: Request, publicUrl: string | null): void {
  if (!MUTATING.has(request.method.toUpperCase())) return;
  const type = mediaType(request.headers.get('content-type'));
  if (type !== 'application/json') {
    throw new AppError('csrf_refused', `A request that changes something must send Content-Type: application/json${type ? `, not ${type}` : ''}; nothing was changed`);
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) {
    if (site === 'same-origin' || site === 'none') return;
    throw new AppError('csrf_refused', `A ${site} request may not change anything here${originNote(request)}; nothing was changed`);
  }
  const origin = request.headers.get('origin');
  if (origin !== null && !ownOrigins(request, publicUrl).has(origin.toLowerCase())) {
    throw new AppError('csrf_refused', `Requests from ${origin} may not change anything here; nothing was changed`);
  }
}

function originNote(request: Request): string {
  const origin = request.headers.get('origin');
  return origin ? ` (it came from ${origin})` : '';
}
