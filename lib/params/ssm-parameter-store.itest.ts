import { SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, inject, it } from 'vitest';
import { describeParameterStoreContract } from './parameter-store.contract';
import { SsmParameterStore } from './ssm-parameter-store';
import { startSsmProxy } from '../../tests/support/ssm-proxy';

// Runs the contract against a real moto server started by the integration
// project's global setup (scripts/peers/vitest-global-setup.ts).
const endpoint = inject('ssmEndpoint');
// The adapter's own client (createSsmClient) takes credentials from the SDK's
// standard chain, which reads these.
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const client = new SSMClient({ region: 'us-east-1', endpoint, credentials, retryMode: 'adaptive', maxAttempts: 3 });
const THROTTLED = { status: 400, errorType: 'ThrottlingException', message: 'Rate exceeded' };

describeParameterStoreContract('ssm (moto)', async (prefix) => new SsmParameterStore({ env: 'dev', prefix, client }));

describe('ssm adapter failures', () => {
  it('reports an unreachable endpoint as unavailable, naming the environment', async () => {
    const down = new SsmParameterStore({
      env: 'prod',
      prefix: '/iac',
      client: new SSMClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials, maxAttempts: 1 }),
    });

    // Which dependency is down, never its address (that is for the log).
    await expect(down.readAll()).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('"prod"'), internal: expect.stringContaining('ECONNREFUSED') });
    await expect(down.readAll()).rejects.toMatchObject({ message: expect.not.stringContaining('127.0.0.1') });
    await expect(down.ping()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(down.put({ name: '/iac/vpc/a/config', value: '{}', expectedVersion: null, user: 'a' })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  /** A client that records the name of every command it sends. */
  function countedClient(): { client: SSMClient; calls: string[] } {
    const calls: string[] = [];
    const counted = new SSMClient({ region: 'us-east-1', endpoint, credentials });
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize' },
    );
    return { client: counted, calls };
  }

  it('reads the whole prefix in ceil(n / 10) pages', async () => {
    const prefix = `/pages-${Date.now().toString(36)}/iac`;
    const { client: counted, calls } = countedClient();
    const store = new SsmParameterStore({ env: 'dev', prefix, client: counted });
    for (let i = 0; i < 30; i++) {
      await store.put({ name: `${prefix}/vpc/v${i}/config`, value: '{}', expectedVersion: null, user: 'a' });
    }
    calls.length = 0;

    expect(await store.readAll()).toHaveLength(30);

    // moto may end with one empty page after the last full one.
    expect(calls.filter((c) => c === 'GetParametersByPathCommand').length).toBeLessThanOrEqual(4);
  });

  it('reads 25 names in 3 GetParameters calls, and no names in none', async () => {
    const prefix = `/many-${Date.now().toString(36)}/iac`;
    const { client: counted, calls } = countedClient();
    const store = new SsmParameterStore({ env: 'dev', prefix, client: counted });
    const names = Array.from({ length: 25 }, (_, i) => `${prefix}/ecs-service/s${i}/runtime`);
    for (const name of names.filter((_, i) => i % 3 !== 0)) await store.put({ name, value: '{}', expectedVersion: null, user: 'tf' });
    calls.length = 0;

    const found = await store.getMany(names);

    expect(found.size).toBe(16);
    expect(calls).toEqual(['GetParametersCommand', 'GetParametersCommand', 'GetParametersCommand']);
    calls.length = 0;
    expect(await store.getMany([])).toEqual(new Map());
    expect(calls).toEqual([]);
  });

  it('asks for each parameter decrypted, at most 10 names a call', async () => {
    const proxy = await startSsmProxy(endpoint);
    const bodies: Array<{ Names: string[]; WithDecryption?: boolean }> = [];
    proxy.rule('GetParameters', ({ body }) => {
      bodies.push(JSON.parse(body));
      return 'forward';
    });
    try {
      const prefix = `/many-proxy-${Date.now().toString(36)}/iac`;
      const store = new SsmParameterStore({ env: 'dev', prefix, region: 'us-east-1', endpoint: proxy.endpoint });
      const names = Array.from({ length: 21 }, (_, i) => `${prefix}/vpc/v${i}/runtime`);
      await store.put({ name: names[20], value: '{"vpc_id":"vpc-20"}', expectedVersion: null, user: 'tf' });

      expect([...(await store.getMany(names)).keys()]).toEqual([names[20]]);
      expect(bodies.map((b) => [b.Names.length, b.WithDecryption])).toEqual([
        [10, true],
        [10, true],
        [1, true],
      ]);
      expect(bodies.flatMap((b) => b.Names)).toEqual(names);
    } finally {
      await proxy.close();
    }
  });
});

describe('ssm adapter under throttling', () => {
  it('retries ThrottlingException answers and still reads everything', async () => {
    const proxy = await startSsmProxy(endpoint);
    // Every other page is answered the way SSM does when throttling.
    proxy.rule('GetParametersByPath', ({ n }) => (n % 2 === 1 ? { respond: THROTTLED } : 'forward'));
    try {
      const prefix = `/throttle-${Date.now().toString(36)}/iac`;
      const direct = new SsmParameterStore({ env: 'dev', prefix, client });
      for (let i = 0; i < 15; i++) await direct.put({ name: `${prefix}/vpc/v${i}/config`, value: '{}', expectedVersion: null, user: 'a' });
      // Built by the adapter itself, so this checks Karma's retry settings.
      const viaProxy = new SsmParameterStore({ env: 'dev', prefix, region: 'us-east-1', endpoint: proxy.endpoint });

      expect(await viaProxy.readAll()).toHaveLength(15);
      expect(proxy.count('GetParametersByPath')).toBeGreaterThanOrEqual(4);
    } finally {
      await proxy.close();
    }
  });

  it('tries a throttled write again, since SSM did not perform it, and writes it once', async () => {
    const proxy = await startSsmProxy(endpoint);
    proxy.rule('PutParameter', ({ n }) => (n === 1 ? { respond: THROTTLED } : 'forward'));
    try {
      const prefix = `/throttle-put-${Date.now().toString(36)}/iac`;
      const store = new SsmParameterStore({ env: 'dev', prefix, region: 'us-east-1', endpoint: proxy.endpoint });

      expect(await store.put({ name: `${prefix}/vpc/a/config`, value: '{"v":1}', expectedVersion: null, user: 'a' })).toMatchObject({ version: 1 });
      expect(proxy.count('PutParameter')).toBe(2);
      expect((await store.history(`${prefix}/vpc/a/config`)).map((v) => v.version)).toEqual([1]);
    } finally {
      await proxy.close();
    }
  });
});

describe('a write whose answer is lost (SSM committed it, the connection broke)', () => {
  // The adapter's own client, retries and all, as in production.
  async function setup() {
    const proxy = await startSsmProxy(endpoint);
    const prefix = `/lost-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}/iac`;
    const name = `${prefix}/vpc/main/config`;
    const direct = new SsmParameterStore({ env: 'dev', prefix, client });
    await direct.put({ name, value: '{"v":1}', expectedVersion: null, user: 'seed' });
    proxy.rule('PutParameter', ({ n }) => (n === 1 ? 'drop-response' : 'forward'));
    const store = new SsmParameterStore({ env: 'dev', prefix, region: 'us-east-1', endpoint: proxy.endpoint });
    return { proxy, name, direct, store };
  }

  it('is sent once and confirmed from the history when the writer can recognise it', async () => {
    const { proxy, name, direct, store } = await setup();
    try {
      const result = await store.put({
        name,
        value: '{"v":2}',
        expectedVersion: 1,
        user: 'bob',
        description: 'Karma change request cr:lost-1: two',
        isOwnWrite: (v) => v.description?.startsWith('Karma change request cr:lost-1:') ?? false,
      });

      expect(result).toMatchObject({ version: 2, isConfirmedFromHistory: true, interleaved: 0 });
      expect(proxy.count('PutParameter')).toBe(1);
      const history = await direct.history(name);
      expect(history.map((v) => [v.version, v.value])).toEqual([
        [1, '{"v":1}'],
        [2, '{"v":2}'],
      ]);
      expect(history[1].description).toBe('Karma change request cr:lost-1: two (by bob)');
    } finally {
      await proxy.close();
    }
  });

  it('is reported as unconfirmed, never sent again, when nothing can recognise it', async () => {
    const { proxy, name, direct, store } = await setup();
    try {
      await expect(store.put({ name, value: '{"v":2}', expectedVersion: 1, user: 'bob' })).rejects.toMatchObject({
        code: 'unavailable',
        details: { isWriteUnconfirmed: true },
        message: expect.not.stringContaining('127.0.0.1'),
      });
      expect(proxy.count('PutParameter')).toBe(1);
      expect((await direct.history(name)).map((v) => v.version)).toEqual([1, 2]);
    } finally {
      await proxy.close();
    }
  });
});
