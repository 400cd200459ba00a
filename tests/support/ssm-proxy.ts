/**
 * A small HTTP proxy in front of moto for fault injection: SSM's JSON
 * protocol names the operation in `X-Amz-Target`, so the proxy can count
 * every operation and, per operation, forward it, forward it and then drop
 * the answer (the request reached SSM and was committed, the client never
 * hears), or hold the answer for a while (a slow page). The real moto does
 * the work; nothing is mocked.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type net from 'node:net';

export type ProxyAction =
  | 'forward'
  | 'drop-response'
  /** Hold SSM's answer for a while (only answers `onlyIf` accepts, when given: e.g. the last page of a read). */
  | { delayResponseMs: number; onlyIf?: (answer: string) => boolean }
  /** Answer in SSM's place, without forwarding (a throttled call never reaches SSM). */
  | { respond: { status: number; errorType: string; message: string } };

/** Decides the fate of one request: `n` counts that operation's requests so far, this one included. */
export type ProxyRule = (request: { operation: string; n: number; body: string }) => ProxyAction;

export type SsmProxy = {
  endpoint: string;
  /** How many requests of an operation (`PutParameter`, `GetParametersByPath`…) reached the proxy. */
  count(operation: string): number;
  /** Sets (or, with null, removes) the rule for an operation; without one, requests are forwarded. */
  rule(operation: string, rule: ProxyRule | null): void;
  close(): Promise<void>;
};

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startSsmProxy(target: string): Promise<SsmProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const rules = new Map<string, ProxyRule>();
  const sockets = new Set<net.Socket>();

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSSM\./, '') || `${req.method} ${req.url}`;
    const n = (counts.get(operation) ?? 0) + 1;
    counts.set(operation, n);
    const action = rules.get(operation)?.({ operation, n, body: body.toString('utf8') }) ?? 'forward';
    if (typeof action === 'object' && 'respond' in action) {
      const { status, errorType, message } = action.respond;
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': errorType });
      res.end(JSON.stringify({ __type: errorType, message }));
      return;
    }

    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      async (answer) => {
        const answerBody = await readBody(answer);
        if (action === 'drop-response') {
          // moto has done the work; the client's connection dies before any answer.
          req.socket.destroy();
          return;
        }
        if (typeof action === 'object' && 'delayResponseMs' in action && (action.onlyIf?.(answerBody.toString('utf8')) ?? true)) {
          await new Promise((resolve) => setTimeout(resolve, action.delayResponseMs));
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(answerBody);
      },
    );
    forwarded.on('error', () => req.socket.destroy());
    forwarded.end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    count: (operation) => counts.get(operation) ?? 0,
    rule: (operation, rule) => {
      if (rule) rules.set(operation, rule);
      else rules.delete(operation);
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
