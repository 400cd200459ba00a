/**
 * One request as a browser sends it, measured on the wire: the body's bytes
 * as they arrive (compressed when the server compressed them) and decoded.
 * node:http never decodes, so both are exact.
 */
import http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type Probe = { status: number; encoding: string; wireBytes: number; decodedBytes: number; body: Buffer; ms: number };

const decoders: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  br: promisify(zlib.brotliDecompress),
  deflate: promisify(zlib.inflate),
};

export async function probe(url: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Probe> {
  const started = performance.now();
  const { status, encoding, raw } = await new Promise<{ status: number; encoding: string; raw: Buffer }>((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, encoding: String(response.headers['content-encoding'] ?? 'identity'), raw: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
  const ms = performance.now() - started;
  const decode = decoders[encoding];
  const decoded = decode ? await decode(raw) : raw;
  return { status, encoding, wireBytes: raw.length, decodedBytes: decoded.length, body: decoded, ms };
}
