import 'server-only';
import { z } from 'zod';
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

/** The same check as a zod schema, for pages that want `safeParse`. */
export const componentIdParam = z.string().transform((raw, context) => {
  try {
    return componentIdFromParam(raw);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
