/**
 * A deployment pipeline's webhook receiver on loopback: verifies each
 * delivery's signature as a real one would (lib/workflow/webhook-signature.ts)
 * and answers with `status`; tests count what arrived.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type net from 'node:net';
import { verifyWebhook, type AppliedPayload } from '@/lib/workflow/webhook-signature';

export type Delivery = { headers: IncomingMessage['headers']; body: string };

export type WebhookReceiver = {
  url: string;
  deliveries: Delivery[];
  verified: AppliedPayload[];
  close(): Promise<void>;
};

export async function startWebhookReceiver(secret: string, { status = 204, query = '' }: { status?: number; query?: string } = {}): Promise<WebhookReceiver> {
  const deliveries: Delivery[] = [];
  const verified: AppliedPayload[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ headers: req.headers, body });
      const check = verifyWebhook({ secret, rawBody: body, signature: req.headers['x-karma-signature'] as string | undefined, maxAgeSeconds: 300 });
      if (!check.ok) {
        res.writeHead(401).end(check.reason);
        return;
      }
      verified.push(check.payload);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/karma${query}`,
    deliveries,
    verified,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
