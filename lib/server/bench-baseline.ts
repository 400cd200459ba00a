import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/model/errors';

/**
 * bench/api-load's yardstick: a response of a given size that costs the
 * server nothing but the session check and writing the bytes, so a route's
 * latency can be read against the most this machine serves through the same
 * server. Off (a 404) unless KARMA_BENCH_BASELINE_BYTES is set, which is also
 * the largest size it serves; never set it in a deployment. It is read here
 * rather than in settings.ts because nothing but the benchmark ever sets it.
 */
export const BENCH_BASELINE_VARIABLE = 'KARMA_BENCH_BASELINE_BYTES';

const MAX_BYTES = 512 * 1024 * 1024;
const limitSchema = z.coerce.number().int().min(1).max(MAX_BYTES).optional();
const querySchema = z.strictObject({ bytes: z.coerce.number().int().min(0).optional() });

/** The last size asked for, made once: the bench asks for one size per run. */
let buffer: Buffer<ArrayBuffer> | null = null;

function limit(): number | null {
  const parsed = limitSchema.safeParse(process.env[BENCH_BASELINE_VARIABLE] || undefined);
  if (!parsed.success) throw new AppError('internal', `${BENCH_BASELINE_VARIABLE} must be a byte count from 1 to ${MAX_BYTES}`);
  return parsed.data ?? null;
}

/** `GET /api/bench/baseline?bytes=N`: N bytes (default: the limit), the same buffer for every request of that size. */
export function baselineResponse(url: string): Response {
  const max = limit();
  if (max === null) throw new AppError('not_found', 'No such route');
  const { bytes = max } = querySchema.parse(Object.fromEntries(new URL(url).searchParams));
  if (bytes > max) throw new AppError('bad_request', `bytes is at most ${max} (${BENCH_BASELINE_VARIABLE})`);
  if (buffer?.length !== bytes) buffer = Buffer.alloc(bytes, 'karma-bench-baseline ');
  // octet-stream and no-transform: nothing compresses it on the way out, it is sent as it is.
  return new Response(buffer, {
    headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-store, no-transform' },
  });
}
