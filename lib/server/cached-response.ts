import 'server-only';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { ServedSnapshot } from './graph-service';
import { yieldToEventLoop } from './graph-snapshot';
import { ENCODING_HEADER, isPrecompressionAllowed } from './precompressed';

/**
 * JSON answers computed once per graph generation and question, then sent
 * to everyone who asks it: serialised once, compressed once per encoding
 * (zlib runs on libuv's threads, off the event loop), validated by an ETag
 * so a browser or dashboard that has the answer gets a bodiless 304. The
 * entries live on the snapshot (graph-snapshot.ts), so a new generation
 * starts afresh and nothing outlives the graph it was computed from.
 */
type Entry = {
  etag: string;
  identity: Buffer;
  encoded: Map<Encoding, Promise<Buffer>>;
};

type Encoding = 'br' | 'gzip';

/** Below this, compressing costs more than it saves. */
const MIN_COMPRESSED_BYTES = 1_024;

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  // Quality 5 compresses within a few percent of 11 at a small fraction of its time; answers are compressed once per generation, but a generation can be short.
  br: (body) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => promisify(gzip)(body, { level: 6 }),
};

/** The best encoding the client accepts (q=0 refuses one), brotli first. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const quality = (name: Encoding) => accepted.get(name) ?? (accepted.get('*') || 0);
  if (quality('br') > 0) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return null;
}

/** Whether If-None-Match names this ETag (a list, `*`, weak or strong). */
export function isNotModified(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * JSON.stringify in slices: a top-level array property of many items (the
 * nodes of a 20,000-component graph) is written a slice at a time with the
 * event loop let go in between, so one answer never holds up the others.
 */
export async function stringifyInSlices(value: Record<string, unknown>, sliceSize = 2_000): Promise<string> {
  const parts: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    const name = JSON.stringify(key);
    if (!Array.isArray(field) || field.length <= sliceSize) {
      parts.push(`${name}:${JSON.stringify(field)}`);
      continue;
    }
    const slices: string[] = [];
    for (let i = 0; i < field.length; i += sliceSize) {
      if (i > 0) await yieldToEventLoop();
      slices.push(JSON.stringify(field.slice(i, i + sliceSize)).slice(1, -1));
    }
    parts.push(`${name}:[${slices.filter((s) => s !== '').join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}

async function buildEntry(served: ServedSnapshot, build: () => Promise<Record<string, unknown>> | Record<string, unknown>): Promise<Entry> {
  const identity = Buffer.from(await stringifyInSlices(await build()));
  // Weak: one validator for every encoding of the same JSON.
  const etag = `W/"${served.snapshot.generation}-${createHash('sha1').update(identity).digest('base64url').slice(0, 20)}"`;
  return { etag, identity, encoded: new Map() };
}

/**
 * The response to a GET whose answer depends only on the snapshot and
 * `key` (the route and its normalised query): from the snapshot's cache,
 * or computed by `build` once for everyone asking meanwhile. Errors thrown
 * by `build` (a 404 for an unknown focus) are not kept.
 */
export async function cachedJson(
  request: Request,
  served: ServedSnapshot,
  key: string,
  build: () => Promise<Record<string, unknown>> | Record<string, unknown>,
): Promise<Response> {
  const entry = await served.snapshot.derive(`response:${key}:${served.stale ? 'stale' : 'fresh'}`, () => buildEntry(served, build));
  const headers = new Headers({
    ETag: entry.etag,
    Vary: 'Accept-Encoding',
    // The browser may keep it but asks each time; the 304 makes asking cheap.
    'Cache-Control': 'private, no-cache',
  });
  if (isNotModified(request.headers.get('if-none-match'), entry.etag)) return new Response(null, { status: 304, headers });
  headers.set('Content-Type', 'application/json');
  // Without the boot-time hook (precompressed.ts) Next would drop the encoding header: then it is Next that gzips.
  const encoding = entry.identity.length >= MIN_COMPRESSED_BYTES && isPrecompressionAllowed() ? chooseEncoding(request.headers.get('accept-encoding')) : null;
  let body = entry.identity;
  if (encoding) {
    let encoded = entry.encoded.get(encoding);
    if (!encoded) {
      encoded = compressors[encoding](entry.identity);
      entry.encoded.set(encoding, encoded);
      encoded.catch(() => entry.encoded.delete(encoding));
    }
    body = await encoded;
    headers.set(ENCODING_HEADER, encoding);
  }
  return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

/** A stable cache key for a parsed query: keys sorted, lists kept in their order (the answer follows it). */
export function queryKey(route: string, query: Record<string, unknown>): string {
  const entries = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${route}?${JSON.stringify(entries)}`;
}
