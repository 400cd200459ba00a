import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The change-request API's answers to good and bad input, from tables:
 * 400 for a body that is not JSON, 422 for a body or a proposal that is
 * invalid (with the errors), 409 when the edited version is not current,
 * 404 for what does not exist; and the list's filters.
 */

const QUEUE = 'dev:sqs-queue/payment-events';
const VPC = 'prod:vpc/main';

type Current = { config: Record<string, unknown>; version: number };

async function current(request: APIRequestContext, id: string): Promise<Current> {
  const { component } = await (await request.get(`/api/components/${encodeURIComponent(id)}`)).json();
  return { config: component.config, version: component.configVersion };
}

const text = (config: unknown) => JSON.stringify(config, null, 2);

test.describe('the change-request API', () => {
  let request: APIRequestContext;
  let queue: Current;
  let vpc: Current;

  test.beforeEach(async ({ page, signIn }) => {
    await signIn('alice');
    request = page.context().request;
    [queue, vpc] = await Promise.all([current(request, QUEUE), current(request, VPC)]);
  });

  test('answers bad input with the right status and error code', async () => {
    const cases: Array<[name: string, path: string, body: () => unknown, status: number, code: string]> = [
      ['a body that is not JSON', '/api/changes', () => '{"componentId": ', 400, 'invalid_json'],
      ['a body without the proposed config', '/api/simulate', () => ({ componentId: QUEUE }), 422, 'validation_failed'],
      ['both an id and new names', '/api/simulate', () => ({ componentId: QUEUE, env: 'dev', type: 'x', nickname: 'y', proposedConfig: '{}' }), 422, 'validation_failed'],
      ['an unknown component', '/api/simulate', () => ({ componentId: 'prod:vpc/nope', proposedConfig: '{}' }), 404, 'not_found'],
      ['a request without a title', '/api/changes', () => ({ componentId: QUEUE, proposedConfig: text(queue.config), baseVersion: queue.version }), 422, 'validation_failed'],
      [
        'a proposal that fails its schema',
        '/api/changes',
        () => ({ componentId: VPC, proposedConfig: text({ ...vpc.config, cidr: '10.400.0.0/16' }), title: 'Bad cidr', baseVersion: vpc.version }),
        422,
        'validation_failed',
      ],
      [
        'a proposal that changes nothing',
        '/api/changes',
        () => ({ componentId: QUEUE, proposedConfig: text(queue.config), title: 'Nothing', baseVersion: queue.version }),
        422,
        'validation_failed',
      ],
      [
        'an edit of an older version',
        '/api/changes',
        () => ({ componentId: VPC, proposedConfig: text({ ...vpc.config, az_count: 2 }), title: 'Stale', baseVersion: vpc.version - 1 }),
        409,
        'stale_version',
      ],
      [
        'a new component claimed to have a version',
        '/api/changes',
        () => ({ env: 'dev', type: 's3-bucket', nickname: 'ghost', proposedConfig: text({ bucket_name: 'ghost-bucket', tags: {} }), title: 'Ghost', baseVersion: 1 }),
        409,
        'stale_version',
      ],
    ];
    for (const [name, path, body, status, code] of cases) {
      const payload = body();
      // A Buffer goes out as it is; a string would be sent as a JSON string.
      const response = await request.post(path, typeof payload === 'string' ? { data: Buffer.from(payload), headers: { 'content-type': 'application/json' } } : { data: payload });
      expect(response.status(), name).toBe(status);
      expect((await response.json()).error.code, name).toBe(code);
    }
  });

  test('refuses an invalid proposal with each of its errors, where they are', async () => {
    const response = await request.post('/api/changes', {
      data: { componentId: VPC, proposedConfig: text({ ...vpc.config, cidr: '10.400.0.0/16', extra: 1 }), title: 'Two problems', baseVersion: vpc.version },
    });
    expect(response.status()).toBe(422);
    const { error } = await response.json();
    expect(error.details.errors.map((e: { code: string; path: string }) => `${e.code}@${e.path}`)).toEqual(['schema@extra', 'schema@cidr', 'schema@cidr']);
  });

  test('simulates without writing anything, reporting syntax errors with their position', async () => {
    const before = (await (await request.get('/api/changes')).json()).changes.length;
    const response = await request.post('/api/simulate', { data: { componentId: QUEUE, proposedConfig: '{\n  "queue_name": "x",\n}' } });
    expect(response.status()).toBe(200);
    const result = await response.json();
    expect(result).toMatchObject({ isValid: false, proposedConfig: null, errors: [{ code: 'json_syntax', line: 3, column: 1 }] });
    expect((await (await request.get('/api/changes')).json()).changes.length).toBe(before);
  });

  test('creates a request that keeps its impact, and finds it by id and through every filter', async () => {
    const title = `Longer retention ${Date.now()}`;
    const created = await request.post('/api/changes', {
      data: {
        componentId: QUEUE,
        proposedConfig: text({ ...queue.config, message_retention_seconds: 432_000 }),
        title,
        description: 'Replays need 5 days',
        baseVersion: queue.version,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const change = await created.json();
    expect(change).toMatchObject({ title, status: 'open', revision: 1, author: 'alice@example.com', componentId: QUEUE, env: 'dev', baseVersion: queue.version, approvals: [] });
    expect(JSON.parse(change.proposedConfig).message_retention_seconds).toBe(432_000);
    expect(change.impact).toMatchObject({ isValid: true, componentId: QUEUE, diff: [{ kind: 'changed', path: 'message_retention_seconds' }] });

    const uuid = change.id.replace(/^cr:/, '');
    for (const segment of [uuid, encodeURIComponent(change.id)]) {
      const found = await request.get(`/api/changes/${segment}`);
      expect(found.status(), segment).toBe(200);
      expect((await found.json()).id).toBe(change.id);
    }

    const ids = async (query: string) => (await (await request.get(`/api/changes?${query}`)).json()).changes.map((c: { id: string }) => c.id);
    expect(await ids(`component=${encodeURIComponent(QUEUE)}&status=open,approved&env=dev&author=alice@example.com`)).toContain(change.id);
    expect(await ids('status=applied')).not.toContain(change.id);
    expect(await ids('env=prod')).not.toContain(change.id);
    expect(await ids('author=bob@example.com')).not.toContain(change.id);
    const listed = (await (await request.get('/api/changes')).json()).changes.find((c: { id: string }) => c.id === change.id);
    expect(listed).toMatchObject({ risk: expect.stringMatching(/^(low|medium|high)$/), blastRadius: expect.any(Number) });
    expect(listed).not.toHaveProperty('impact');
  });
});
