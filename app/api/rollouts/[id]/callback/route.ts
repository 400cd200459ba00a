import { rolloutIdOrNotFound } from '@/lib/changes/rollout-id';
import { AppError } from '@/lib/model/errors';
import { readBodyText } from '@/lib/server/parse-request';
import { getServices } from '@/lib/server/services';
import { withoutSession } from '@/lib/server/with-session';
import { SIGNATURE_HEADER } from '@/lib/workflow/webhook-signature';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A report is a few hundred bytes (rolloutCallbackSchema); anything near this is not one. */
const MAX_CALLBACK_BYTES = 16 * 1024;

const tooLarge = () => new AppError('payload_too_large', `A rollout callback is at most ${MAX_CALLBACK_BYTES / 1024} KB`);

/**
 * The raw text, exactly as signed. A declared length over the limit is
 * refused before anything is read; a chunked body is read under the
 * portal's general limit and time (readBodyText) and then held to this one.
 */
async function rawBodyOf(request: Request): Promise<string> {
  if (Number(request.headers.get('content-length') ?? '0') > MAX_CALLBACK_BYTES) throw tooLarge();
  const text = await readBodyText(request);
  if (Buffer.byteLength(text, 'utf8') > MAX_CALLBACK_BYTES) throw tooLarge();
  return text;
}

// POST /api/rollouts/[id]/callback – the deploy pipeline reports a member's deploy (rolloutCallbackSchema), signed like the webhook:
// X-Karma-Signature over the raw body. No session and no same-origin check (withoutSession): it is no browser's call, the signature is
// its authentication (401 when it does not match); 400 bad body, 404 no such rollout or member, 409 not its current wave, 413 over 16 KB
export const POST = withoutSession<{ id: string }>(async ({ request, params }) => {
  const id = rolloutIdOrNotFound(params.id);
  const rawBody = await rawBodyOf(request);
  const { rollouts } = await getServices();
  return rollouts.callback({ id, rawBody, signature: request.headers.get(SIGNATURE_HEADER) });
});
