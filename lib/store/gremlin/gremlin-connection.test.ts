import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GremlinConnection } from './gremlin-connection';
import { signHandshake } from './sigv4-headers';

type FakeServer = { endpoint: string; handshakes: IncomingHttpHeaders[]; close(): Promise<void> };
const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that records WebSocket handshakes and then hangs up (or, with `isSilent`, never answers). */
async function fakeServer({ isSilent = false } = {}): Promise<FakeServer> {
  const handshakes: IncomingHttpHeaders[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request, socket) => {
    handshakes.push(request.headers);
    if (!isSilent) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const fake: FakeServer = {
    endpoint: `ws://127.0.0.1:${port}/gremlin`,
    handshakes,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

const sessionCredentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token-1' });

describe('IAM (SigV4) handshake', () => {
  it('signs GET /gremlin for neptune-db with host, date and session token', async () => {
    const signed = await signHandshake({
      endpoint: 'wss://db.cluster-x.eu-west-1.neptune.amazonaws.com:8182/gremlin',
      region: 'eu-west-1',
      credentials: sessionCredentials,
      now: new Date('2026-03-04T05:06:07Z'),
    });

    expect(signed.headers).toMatchObject({
      host: 'db.cluster-x.eu-west-1.neptune.amazonaws.com:8182',
      'x-amz-date': '20260304T050607Z',
      'x-amz-security-token': 'token-1',
    });
    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260304\/eu-west-1\/neptune-db\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.renewAt).toBeNull();
  });

  it('renews five minutes before temporary credentials expire', async () => {
    const expiration = new Date('2026-03-04T06:00:00Z');
    const signed = await signHandshake({
      endpoint: 'wss://db:8182/gremlin',
      region: 'eu-west-1',
      credentials: async () => ({ ...(await sessionCredentials()), expiration }),
    });
    expect(signed.renewAt).toBe(expiration.getTime() - 5 * 60_000);
  });

  it('sends the signed headers with the WebSocket upgrade request', async () => {
    const server = await fakeServer();
    const connection = new GremlinConnection({ endpoint: server.endpoint, iam: true, region: 'us-east-1', timeoutMs: 5_000 }, { credentials: sessionCredentials });

    await expect(connection.run('ping', (g) => g.inject(0).toList())).rejects.toMatchObject({ code: 'unavailable' });
    await connection.close();

    expect(server.handshakes).toHaveLength(1);
    expect(server.handshakes[0]).toMatchObject({
      host: server.endpoint.slice('ws://'.length, -'/gremlin'.length),
      'x-amz-security-token': 'token-1',
      authorization: expect.stringContaining('/us-east-1/neptune-db/aws4_request'),
    });
  });

  it('needs a region', () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      expect(() => new GremlinConnection({ endpoint: 'wss://db:8182/gremlin', iam: true, timeoutMs: 1_000 })).toThrow(/region/);
    } finally {
      Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
    }
  });
});

describe('deadlines and failures', () => {
  it('gives up on a server that never answers with a timeout error, and keeps trying on later calls', async () => {
    const server = await fakeServer({ isSilent: true });
    const connection = new GremlinConnection({ endpoint: server.endpoint, iam: false, timeoutMs: 300 });
    const started = Date.now();

    await expect(connection.run('read graph', (g) => g.V().toList())).rejects.toMatchObject({
      code: 'timeout',
      message: 'The graph store (Neptune) did not answer read graph within 300 ms',
      internal: server.endpoint,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(connection.run('read graph', (g) => g.V().toList())).rejects.toMatchObject({ code: 'timeout' });

    expect(server.handshakes.length).toBe(2);
    await server.close();
    await connection.close();
  });

  it('reports a refused connection as unavailable, keeping the endpoint and the driver error for the log', async () => {
    const server = await fakeServer();
    const endpoint = server.endpoint;
    await server.close();
    const connection = new GremlinConnection({ endpoint, iam: false, timeoutMs: 5_000 });

    await expect(connection.run('ping', (g) => g.inject(0).toList())).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The graph store (Neptune) is unreachable (ping)',
      internal: expect.stringMatching(new RegExp(`^${endpoint}: .*ECONNREFUSED`)),
    });
    await connection.close();
  });

  it('refuses calls after close', async () => {
    const connection = new GremlinConnection({ endpoint: 'ws://127.0.0.1:9/gremlin', iam: false, timeoutMs: 1_000 });
    await connection.close();
    await expect(connection.run('ping', (g) => g.inject(0).toList())).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('closed') });
  });
});
