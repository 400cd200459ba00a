import 'server-only';
import { z } from 'zod';
import { parseComponentId } from '@/lib/model/ids';

/** A component id from a URL segment (`prod%3Avpc%2Fmain`, decoded or not). */
export const componentIdParam = z
  .string()
  .transform((raw) => {
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  })
  .refine((id) => parseComponentId(id) !== null, { message: 'not a component id; expected <env>:<type>/<nickname>' });
