import { SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, inject, it } from 'vitest';
import { describeParameterStoreContract } from './parameter-store.contract';
import { SsmParameterStore } from './ssm-parameter-store';

// Runs the contract against a real moto server started by the integration
// project's global setup (scripts/peers/vitest-global-setup.ts).
const endpoint = inject('ssmEndpoint');
// The adapter's own client (createSsmClient) takes credentials from the SDK's
// standard chain, which reads these.
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const client = new SSMClient({ region: 'us-east-1', endpoint, credentials, retryMode: 'adaptive', maxAttempts: 3 });

describeParameterStoreContract('ssm (moto)', async (prefix) => new SsmParameterStore({ env: 'dev', prefix, client }));

describe('ssm adapter failures', () => {
  it('reports an unreachable endpoint as unavailable, naming the environment', async () => {
    const down = new SsmParameterStore({
      env: 'prod',
      prefix: '/iac',
      client: new SSMClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials, maxAttempts: 1 }),
    });

    await expect(down.readAll()).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('"prod"') });
    await expect(down.ping()).rejects.toMatchObject({ code: 'unavailable' });
    await expect(down.put({ name: '/iac/vpc/a/config', value: '{}', expectedVersion: null, user: 'a' })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('reads the whole prefix in ceil(n / 10) pages', async () => {
    const prefix = `/pages-${Date.now().toString(36)}/iac`;
    const calls: string[] = [];
    const counted = new SSMClient({ region: 'us-east-1', endpoint, credentials });
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = new SsmParameterStore({ env: 'dev', prefix, client: counted });
    for (let i = 0; i < 30; i++) {
      await store.put({ name: `${prefix}/vpc/v${i}/config`, value: '{}', expectedVersion: null, user: 'a' });
    }
    calls.length = 0;

    expect(await store.readAll()).toHaveLength(30);

    // moto may end with one empty page after the last full one.
    expect(calls.filter((c) => c === 'GetParametersByPathCommand').length).toBeLessThanOrEqual(4);
  });
});

describe('ssm adapter under throttling', () => {
  it('retries ThrottlingException answers and still reads everything', async () => {
    const { createServer } = await import('node:http');
    let throttled = 0;
    let forwarded = 0;
    // A proxy that answers every other request the way SSM does when throttling.
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if ((throttled + forwarded) % 2 === 0) {
        throttled += 1;
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      forwarded += 1;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
      const answer = await fetch(`${endpoint}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as { port: number };
    try {
      const prefix = `/throttle-${Date.now().toString(36)}/iac`;
      const direct = new SsmParameterStore({ env: 'dev', prefix, client });
      for (let i = 0; i < 15; i++) await direct.put({ name: `${prefix}/vpc/v${i}/config`, value: '{}', expectedVersion: null, user: 'a' });
      // Built by the adapter itself, so this checks Karma's retry settings.
      const viaProxy = new SsmParameterStore({ env: 'dev', prefix, region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` });

      expect(await viaProxy.readAll()).toHaveLength(15);
      expect(throttled).toBeGreaterThanOrEqual(2);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
