import 'server-only';
import { webhookHeaders } from './webhook-signature';

/** A pipeline that takes longer than this to say "received" is reported as failed; the apply itself stands. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

export type WebhookOutcome =
  { ok: true; status: number; durationMs: number; target: string } | { ok: false; status: number | null; durationMs: number; target: string; error: string };

/** The URL without its query or credentials, which may hold tokens: what the audit trail records. */
export function targetOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** One signed POST, no retries: the outcome is recorded as an event and a person (or the pipeline) takes it from there. */
export async function sendWebhook(
  { url, secret }: { url: string; secret: string },
  payload: { event: string; delivery: string; sentAt: string },
  { timeoutMs = WEBHOOK_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<WebhookOutcome> {
  const body = JSON.stringify(payload);
  const target = targetOf(url);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: webhookHeaders(secret, body, payload),
      signal: AbortSignal.timeout(timeoutMs),
      // A redirect would re-send the signed body somewhere the settings do not name.
      redirect: 'manual',
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, durationMs: elapsed(), target };
    return { ok: false, status: response.status, durationMs: elapsed(), target, error: `${target} answered ${response.status}` };
  } catch (error) {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    const reason = err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { ok: false, status: null, durationMs: elapsed(), target, error: `${target} could not be reached: ${reason}` };
  }
}
