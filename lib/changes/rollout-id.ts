/**
 * Rollout ids in URLs. The id is `ro:<uuid>` (the uuid of its change
 * request); pages and the API use the bare uuid as the path segment
 * (`/rollouts/<uuid>`) and also accept the full id, encoded or not. Pure;
 * shared by route handlers and the client.
 */
import { AppError } from '@/lib/model/errors';
import { decodeIdSegment } from '@/lib/model/ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id a URL segment names, or null when it cannot name one. */
export function rolloutIdFromSegment(segment: string): string | null {
  const decoded = decodeIdSegment(segment);
  const uuid = decoded.startsWith('ro:') ? decoded.slice(3) : decoded;
  return UUID.test(uuid) ? `ro:${uuid.toLowerCase()}` : null;
}

/** `ro:<uuid>` → `<uuid>`. */
export function rolloutSegment(id: string): string {
  return id.startsWith('ro:') ? id.slice(3) : id;
}

/** The id a route's `[id]` segment names; a segment that cannot name one is a rollout that does not exist (404). */
export function rolloutIdOrNotFound(segment: string): string {
  const id = rolloutIdFromSegment(segment);
  if (!id) throw new AppError('not_found', `No rollout ${segment}`);
  return id;
}
