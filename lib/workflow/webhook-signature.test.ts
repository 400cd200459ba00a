import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appliedPayload, signBody, verifyWebhook, webhookHeaders } from './webhook-signature';

const SECRET = 'a-shared-secret-of-some-length';
const request = {
  id: 'cr:11111111-1111-4111-8111-111111111111',
  title: 'Longer retention',
  author: 'alice@example.com',
  componentId: 'dev:sqs-queue/ops-alerts',
  env: 'dev',
  type: 'sqs-queue',
  nickname: 'ops-alerts',
  baseVersion: 1,
  approvals: ['bob@example.com'],
};
const sentAt = new Date('2026-11-20T10:00:05Z');
const members = [{ componentId: request.componentId, action: 'update' as const, parameter: '/iac/sqs-queue/ops-alerts/config', version: 2, previousVersion: 1 }];
const payload = appliedPayload({
  request,
  parameter: '/iac/sqs-queue/ops-alerts/config',
  appliedVersion: 2,
  members,
  actor: 'bob@example.com',
  appliedAt: '2026-11-20T10:00:04.000Z',
  sentAt,
  delivery: 'd-1',
});
const body = JSON.stringify(payload);

describe('the webhook payload', () => {
  it('names the request, the component, the version written, who applied and who approved it', () => {
    expect(payload).toEqual({
      event: 'change_request.applied',
      delivery: 'd-1',
      changeRequest: { id: request.id, title: 'Longer retention', author: 'alice@example.com' },
      component: { id: 'dev:sqs-queue/ops-alerts', env: 'dev', type: 'sqs-queue', nickname: 'ops-alerts' },
      parameter: '/iac/sqs-queue/ops-alerts/config',
      appliedVersion: 2,
      previousVersion: 1,
      members: [{ componentId: 'dev:sqs-queue/ops-alerts', action: 'update', parameter: '/iac/sqs-queue/ops-alerts/config', version: 2, previousVersion: 1 }],
      actor: 'bob@example.com',
      approvers: ['bob@example.com'],
      git: null,
      appliedAt: '2026-11-20T10:00:04.000Z',
      sentAt: '2026-11-20T10:00:05.000Z',
    });
  });

  it('names the config repo commit that carries the change, when there is one', () => {
    const git = {
      remote: 'r',
      branch: 'main',
      file: 'iac/dev/sqs-queue/ops-alerts/config.json',
      commit: 'a'.repeat(40),
      blob: null,
      baseText: null,
      text: '{}',
      author: { name: 'a', email: 'a@x' },
      from: null,
    };
    const withGit = appliedPayload({
      request: { ...request, git, gitCommit: 'b'.repeat(40) },
      parameter: 'p',
      appliedVersion: 2,
      members,
      actor: 'bob',
      appliedAt: 'x',
      sentAt,
      delivery: 'd',
    });
    expect(withGit.git).toEqual({ branch: 'main', file: 'iac/dev/sqs-queue/ops-alerts/config.json', commit: 'b'.repeat(40) });
  });
});

describe('signing', () => {
  it('is the hex HMAC-SHA256 of the raw body with the secret, as any HMAC library computes it', () => {
    const expected = createHmac('sha256', SECRET).update(body).digest('hex');
    expect(signBody(SECRET, body)).toBe(`sha256=${expected}`);
    expect(signBody(SECRET, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('sends the signature, a timestamp in seconds, the event and the delivery id as headers', () => {
    expect(webhookHeaders(SECRET, body, payload)).toEqual({
      'content-type': 'application/json',
      'user-agent': 'karma-webhook/1',
      'X-Karma-Signature': signBody(SECRET, body),
      'X-Karma-Timestamp': String(Date.parse('2026-11-20T10:00:05Z') / 1000),
      'X-Karma-Event': 'change_request.applied',
      'X-Karma-Delivery': 'd-1',
    });
  });
});

describe('verifying', () => {
  const signature = signBody(SECRET, body);

  it('accepts the body as signed and hands back the payload', () => {
    expect(verifyWebhook({ secret: SECRET, rawBody: body, signature })).toEqual({ ok: true, payload });
  });

  it.each([
    ['another secret', { secret: 'not-the-shared-secret-at-all' }, 'the signature does not match the body'],
    ['a body changed by one byte', { rawBody: body.replace('"appliedVersion":2', '"appliedVersion":3') }, 'the signature does not match the body'],
    ['the same JSON re-serialised', { rawBody: JSON.stringify(payload, null, 2) }, 'the signature does not match the body'],
    ['no signature header', { signature: null }, 'no X-Karma-Signature: sha256=… header'],
    ['a signature of the wrong length', { signature: 'sha256=abc' }, 'the signature does not match the body'],
  ])('refuses %s', (_, change, reason) => {
    expect(verifyWebhook({ secret: SECRET, rawBody: body, signature, ...change })).toEqual({ ok: false, reason });
  });

  it('refuses a delivery older than the receiver allows, judged by the signed sentAt', () => {
    expect(verifyWebhook({ secret: SECRET, rawBody: body, signature, now: new Date('2026-11-20T10:04:00Z'), maxAgeSeconds: 300 })).toMatchObject({ ok: true });
    expect(verifyWebhook({ secret: SECRET, rawBody: body, signature, now: new Date('2026-11-20T10:10:06Z'), maxAgeSeconds: 300 })).toEqual({
      ok: false,
      reason: 'sent 601 s ago, outside ±300 s',
    });
  });
});
