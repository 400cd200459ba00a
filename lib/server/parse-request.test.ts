import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_BODY_BYTES, parseBody, readBodyText } from './parse-request';

/** A request whose body arrives as these chunks, then ends (or never does). */
function streamed(chunks: Uint8Array[], { isEndless = false, headers = {} }: { isEndless?: boolean; headers?: Record<string, string> } = {}) {
  let pulled = 0;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        pulled += 1;
        if (sent < chunks.length) controller.enqueue(chunks[sent++]);
        else if (!isEndless) controller.close();
        else await new Promise(() => {}); // holds the stream open, as a client that declared more than it sends
      },
    },
    { highWaterMark: 0 },
  ); // pulled only when read, so `pulled` counts what the reader asked for
  const request = new Request('http://127.0.0.1/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { request, pulled: () => pulled };
}

const kb = (n: number) => new Uint8Array(n * 1024).fill(0x20);

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; status: number; message: string };
  }
  throw new Error('expected a refusal');
}

describe('reading a request body', () => {
  it('stops reading a chunked body at the limit, without taking the rest into memory', async () => {
    const chunks = Array.from({ length: (20 * 1024) / 64 }, () => kb(64)); // 20 MB in 64 KB chunks
    const { request, pulled } = streamed(chunks);
    expect(await errorOf(readBodyText(request))).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES / (64 * 1024) + 2);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const { request, pulled } = streamed([kb(1)], { headers: { 'content-length': String(MAX_BODY_BYTES + 1) } });
    expect(await errorOf(readBodyText(request))).toMatchObject({ code: 'payload_too_large' });
    expect(pulled()).toBe(0);
  });

  it('gives up on a body that stops arriving, with 408', async () => {
    const { request } = streamed([new TextEncoder().encode('{"comment": "')], { isEndless: true });
    const started = Date.now();
    expect(await errorOf(readBodyText(request, { timeoutMs: 200 }))).toMatchObject({ code: 'request_timeout', status: 408 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reads a body that arrives in pieces, and refuses bytes that are not UTF-8', async () => {
    const text = '{"comment": "grüße"}';
    const bytes = new TextEncoder().encode(text);
    expect(await readBodyText(streamed([bytes.slice(0, 15), bytes.slice(15)]).request)).toBe(text);
    expect(await errorOf(readBodyText(streamed([new Uint8Array([0x7b, 0xff, 0x7d])]).request))).toMatchObject({ code: 'invalid_json' });
  });
});

describe('parsing a JSON body', () => {
  const schema = z.strictObject({ comment: z.string().default(''), count: z.number().optional() });
  const post = (body: string) => new Request('http://127.0.0.1/api/x', { method: 'POST', body });

  it.each<[string, string, RegExp]>([
    ['duplicate keys, like configs', '{"comment": "a", "comment": "b"}', /line 1, column 18: duplicate key "comment"/],
    ['a number that would not survive', '{\n  "count": 12345678901234567890\n}', /line 2, column 12: the number 12345678901234567890 cannot be stored exactly/],
    ['text that is not JSON', '{"comment": nope}', /line 1, column 13/],
    ['an empty body', '', /empty/],
  ])('refuses %s with 400 invalid_json and where', async (_, body, message) => {
    expect(await errorOf(parseBody(post(body), schema))).toMatchObject({ code: 'invalid_json', status: 400, message: expect.stringMatching(message) });
  });

  it('lets an optional body be absent, and checks the schema of one that is there (422)', async () => {
    expect(await parseBody(post(''), schema, { isOptional: true })).toEqual({ comment: '' });
    expect(await parseBody(post('{"comment":"ok"}'), schema, { isOptional: true })).toEqual({ comment: 'ok' });
    await expect(parseBody(post('{"other": 1}'), schema, { isOptional: true })).rejects.toMatchObject({ name: 'ZodError' });
  });
});
