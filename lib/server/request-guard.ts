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
 * - its `Origin` is the portal's own; without Origin, `Sec-Fetch-Site` must
 *   be `same-origin` (or `none`: typed by the user). A request with neither
 *   comes from no browser (curl, a script), which cannot ride a user's
 *   cookie unless given it.
 * The portal's own origin is the one it was reached at (Host) or its
 * configured public URL (NEXTAUTH_URL), so a demo opened as localhost or
 * 127.0.0.1 works either way.
 */

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function assertSameOriginMutation(request: Request, publicUrl: string | null): void {
  if (!MUTATING.has(request.method.toUpperCase())) return;
  const type = mediaType(request.headers.get('content-type'));
  if (type !== 'application/json') {
    throw new AppError('csrf_refused', `A request that changes something must send Content-Type: application/json${type ? `, not ${type}` : ''}; nothing was changed`);
  }
  const own = new Set([new URL(request.url).origin]);
  if (publicUrl) own.add(new URL(publicUrl).origin);
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (!own.has(origin)) throw new AppError('csrf_refused', `Requests from ${origin} may not change anything here; nothing was changed`);
    return;
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    throw new AppError('csrf_refused', `A ${site} request may not change anything here; nothing was changed`);
  }
}
