/**
 * The apply webhook's payload and signature. A deployment pipeline that
 * receives it checks `X-Karma-Signature: sha256=<hex>`, the HMAC-SHA256 of
 * the raw body with the shared secret, before trusting anything in it; the
 * body carries its own `sentAt` (signed, unlike the timestamp header), so a
 * receiver can also refuse old deliveries. Deterministic: the clock and the
 * delivery id are passed in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChangeRequest, MemberAction } from '@/lib/model/change-request';

export const SIGNATURE_HEADER = 'X-Karma-Signature';
export const TIMESTAMP_HEADER = 'X-Karma-Timestamp';
export const EVENT_HEADER = 'X-Karma-Event';
export const DELIVERY_HEADER = 'X-Karma-Delivery';
export const APPLIED_EVENT = 'change_request.applied';
/** A rollout asks the pipeline to deploy one member (rollout-payload.ts). */
export const DEPLOY_EVENT = 'rollout.deploy';

export type AppliedPayload = {
  event: typeof APPLIED_EVENT;
  delivery: string;
  changeRequest: { id: string; title: string; author: string };
  component: { id: string; env: string; type: string; nickname: string };
  parameter: string;
  /** The first member's version written; null when that member was a removal. */
  appliedVersion: number | null;
  previousVersion: number | null;
  /** Every member written, providers first (a request of one has one). */
  members: Array<{ componentId: string; action: MemberAction; parameter: string; version: number | null; previousVersion: number | null }>;
  actor: string;
  approvers: string[];
  /** The config repo commit that carries the change; null when it went to SSM only or Git already held it. */
  git: { branch: string; file: string; commit: string | null } | null;
  appliedAt: string;
  sentAt: string;
};

/** What every delivery says about its change request: which one, who approved it, and its config repo commit. */
export function aboutRequest(
  request: Pick<ChangeRequest, 'id' | 'title' | 'author' | 'approvals'> & Partial<Pick<ChangeRequest, 'git' | 'gitCommit'>>,
): Pick<AppliedPayload, 'changeRequest' | 'approvers' | 'git'> {
  return {
    changeRequest: { id: request.id, title: request.title, author: request.author },
    approvers: [...request.approvals],
    git: request.git ? { branch: request.git.branch, file: request.git.file, commit: request.gitCommit ?? null } : null,
  };
}

export function appliedPayload(input: {
  request: Pick<ChangeRequest, 'id' | 'title' | 'author' | 'componentId' | 'env' | 'type' | 'nickname' | 'baseVersion' | 'approvals'> &
    Partial<Pick<ChangeRequest, 'git' | 'gitCommit'>>;
  parameter: string;
  appliedVersion: number | null;
  members: AppliedPayload['members'];
  actor: string;
  appliedAt: string;
  sentAt: Date;
  delivery: string;
}): AppliedPayload {
  const { request } = input;
  return {
    event: APPLIED_EVENT,
    delivery: input.delivery,
    component: { id: request.componentId, env: request.env, type: request.type, nickname: request.nickname },
    parameter: input.parameter,
    appliedVersion: input.appliedVersion,
    previousVersion: request.baseVersion,
    members: input.members,
    actor: input.actor,
    ...aboutRequest(request),
    appliedAt: input.appliedAt,
    sentAt: input.sentAt.toISOString(),
  };
}

/** `sha256=<hex HMAC-SHA256 of the raw body>` */
export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** The headers of one delivery; the body must be sent byte for byte as signed. */
export function webhookHeaders(secret: string, rawBody: string, payload: { sentAt: string; delivery: string; event: string }): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'karma-webhook/1',
    [SIGNATURE_HEADER]: signBody(secret, rawBody),
    [TIMESTAMP_HEADER]: String(Math.floor(Date.parse(payload.sentAt) / 1000)),
    [EVENT_HEADER]: payload.event,
    [DELIVERY_HEADER]: payload.delivery,
  };
}

export type VerifyResult = { ok: true; payload: AppliedPayload } | { ok: false; reason: string };

/**
 * What a receiver runs: the signature over the raw body (compared in
 * constant time), then, when `maxAgeSeconds` is given, the signed `sentAt`
 * against the receiver's clock.
 */
export function verifyWebhook({
  secret,
  rawBody,
  signature,
  now = new Date(),
  maxAgeSeconds,
}: {
  secret: string;
  rawBody: string;
  signature: string | null | undefined;
  now?: Date;
  maxAgeSeconds?: number;
}): VerifyResult {
  if (!signature?.startsWith('sha256=')) return { ok: false, reason: `no ${SIGNATURE_HEADER}: sha256=… header` };
  const expected = Buffer.from(signBody(secret, rawBody));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'the signature does not match the body' };
  let payload: AppliedPayload;
  try {
    payload = JSON.parse(rawBody) as AppliedPayload;
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  if (maxAgeSeconds !== undefined) {
    const age = (now.getTime() - Date.parse(payload.sentAt)) / 1000;
    if (!Number.isFinite(age) || Math.abs(age) > maxAgeSeconds) return { ok: false, reason: `sent ${Math.round(age)} s ago, outside ±${maxAgeSeconds} s` };
  }
  return { ok: true, payload };
}
