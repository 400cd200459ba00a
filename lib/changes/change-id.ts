/**
 * Change request ids in URLs. The id is `cr:<uuid>`; pages and the API use
 * the bare uuid as the path segment (`/changes/<uuid>`) and also accept the
 * full id, encoded or not. Pure; shared by route handlers and the client.
 */
import { AppError } from '@/lib/model/errors';
import { decodeIdSegment } from '@/lib/model/ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id a URL segment names, or null when it cannot name one. */
export function changeIdFromSegment(segment: string): string | null {
  const decoded = decodeIdSegment(segment);
  const uuid = decoded.startsWith('cr:') ? decoded.slice(3) : decoded;
  return UUID.test(uuid) ? `cr:${uuid.toLowerCase()}` : null;
}

/** `cr:<uuid>` → `<uuid>`. */
export function changeSegment(id: string): string {
  return id.startsWith('cr:') ? id.slice(3) : id;
}

/** The id a route's `[id]` segment names; a segment that cannot name one is a request that does not exist (404). */
export function changeIdOrNotFound(segment: string): string {
  const id = changeIdFromSegment(segment);
  if (!id) throw new AppError('not_found', `No change request ${segment}`);
  return id;
}
