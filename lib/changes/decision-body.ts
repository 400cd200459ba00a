import 'server-only';
import type { z } from 'zod';
import { parseBody } from '@/lib/server/parse-request';

/**
 * The body of a decision whose fields are all optional (approve, withdraw,
 * apply): no body at all means "no comment", so `curl -X POST` works; any
 * body there is must be JSON that fits the schema.
 */
export async function parseOptionalBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if ((await request.clone().text()).trim() === '') return schema.parse({});
  return parseBody(request, schema);
}
