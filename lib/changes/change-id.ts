/**
 * Change request and rollout ids in URLs. The ids are `cr:<uuid>` and
 * `ro:<uuid>`; pages and the API use the bare uuid as the path segment
 * (`/changes/<uuid>`, `/rollouts/<uuid>`) and also accept the full id,
 * encoded or not. Pure; shared by route handlers and the client.
 */
import { AppError } from '@/lib/model/errors';
import { decodeIdSegment } from '@/lib/model/ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The three conversions for ids of the form `<prefix>:<uuid>`. */
export function uuidIds(prefix: 'cr' | 'ro', what: string) {
  const head = `${prefix}:`;
  const fromSegment = (segment: string): string | null => {
    const decoded = decodeIdSegment(segment);
    const uuid = decoded.startsWith(head) ? decoded.slice(head.length) : decoded;
    return UUID.test(uuid) ? `${head}${uuid.toLowerCase()}` : null;
  };
  return {
    /** The id a URL segment names, or null when it cannot name one. */
    fromSegment,
    /** `<prefix>:<uuid>` → `<uuid>`. */
    segment: (id: string): string => (id.startsWith(head) ? id.slice(head.length) : id),
    /** The id a route's `[id]` segment names; a segment that cannot name one is something that does not exist (404). */
    orNotFound: (segment: string): string => {
      const id = fromSegment(segment);
      if (!id) throw new AppError('not_found', `No ${what} ${segment}`);
      return id;
    },
  };
}

const changes = uuidIds('cr', 'change request');
export const changeIdFromSegment = changes.fromSegment;
export const changeSegment = changes.segment;
export const changeIdOrNotFound = changes.orNotFound;
