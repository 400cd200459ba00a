import 'server-only';
import type { z } from 'zod';
import { AppError } from '@/lib/model/errors';

/** Request bodies Karma accepts are small JSON documents; a config is at most 8 KB. */
const MAX_BODY_BYTES = 256 * 1024;

/** Parses a JSON body: not JSON → 400 `invalid_json` before any schema runs; schema → 422. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new AppError('payload_too_large', `The request body is over ${MAX_BODY_BYTES / 1024} KB`);
  const text = await request.text();
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) {
    throw new AppError('payload_too_large', `The request body is over ${MAX_BODY_BYTES / 1024} KB`);
  }
  let json: unknown;
  try {
    json = text.length === 0 ? undefined : JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (json === undefined) throw new AppError('invalid_json', 'The request body is empty; expected a JSON object');
  return schema.parse(json);
}

/** Parses query parameters; repeated keys and comma lists become arrays where the schema wants arrays. */
export function parseQuery<S extends z.ZodType>(url: string | URL, schema: S): z.infer<S> {
  const params = new URL(url).searchParams;
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return schema.parse(out);
}

