import 'server-only';
import { AppError } from '@/lib/model/errors';
import { decodeIdSegment, parseComponentId } from '@/lib/model/ids';

/**
 * A component id from a URL segment (`prod%3Avpc%2Fmain`, decoded or not).
 * A malformed id is a bad address: 400, not a body that failed validation.
 */
export function componentIdFromParam(raw: string): string {
  const id = decodeIdSegment(raw);
  if (!parseComponentId(id)) {
    throw new AppError('bad_request', `"${raw}" is not a component id; expected <env>:<type>/<nickname>, URL-encoded`);
  }
  return id;
}
