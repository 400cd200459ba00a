import 'server-only';
import type { z } from 'zod';
import { formatSyntaxError, parseStrictJson } from '@/lib/json/parse-strict-json';
import { AppError } from '@/lib/model/errors';

/** Request bodies Karma accepts are small JSON documents; a config is at most 8 KB. */
export const MAX_BODY_BYTES = 256 * 1024;
/** A client that declared more than it sends (or sends it a byte at a time) does not hold a handler longer than this. */
export const BODY_TIMEOUT_MS = 10_000;

const tooLarge = () => new AppError('payload_too_large', `The request body is over ${MAX_BODY_BYTES / 1024} KB`);

/**
 * The body as text, read as it arrives and given up on at the size limit
 * (a chunked body has no Content-Length to check first) or the deadline.
 */
export async function readBodyText(request: Request, { timeoutMs = BODY_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('request_timeout', `The request body did not arrive within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    // Not awaited: with a read still pending (a client that went quiet), cancelling settles only when the client does.
    void reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid UTF-8');
  }
}

/**
 * Parses a JSON body: not JSON → 400 `invalid_json` with line and column
 * before any schema runs (duplicate keys and numbers that would not survive
 * storage are refused, as in configs); schema → 422. `isOptional`: no body
 * at all stands for `{}` (decisions whose fields are all optional, so
 * `curl -X POST` works).
 */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, { isOptional = false }: { isOptional?: boolean } = {}): Promise<z.infer<S>> {
  const text = await readBodyText(request);
  if (text.trim() === '') {
    if (isOptional) return schema.parse({});
    throw new AppError('invalid_json', 'The request body is empty; expected a JSON object');
  }
  const parsed = parseStrictJson(text, { isExactNumbers: true });
  if (!parsed.ok) throw new AppError('invalid_json', `The request body is not valid JSON: ${formatSyntaxError(parsed.error)}`, { details: parsed.error });
  return schema.parse(parsed.value);
}

/** Parses query parameters; repeated keys and comma lists become arrays where the schema wants arrays. */
export function parseQuery<S extends z.ZodType>(url: string | URL, schema: S): z.infer<S> {
  const params = new URL(url).searchParams;
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params
      .getAll(key)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return schema.parse(out);
}
