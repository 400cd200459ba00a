/**
 * A deploy pipeline of our own on loopback, for rollout tests: it receives
 * Karma's signed deploy requests (rollout-payload.ts), checks them as a real
 * receiver would, and, like Terraform, writes the member's runtime parameter
 * through a real parameter store adapter `delayMs` later (its mirrored
 * outputs set from the config it deployed). Per component it can instead
 * refuse the request (HTTP 500), stay silent, write a runtime whose outputs
 * disagree, or report failure on the signed callback.
 */
import { createServer, type Server } from 'node:http';
import type net from 'node:net';
import type { FieldMirrorTable } from '@/lib/drift/field-mirrors';
import { parseComponentId } from '@/lib/model/ids';
import { parseOrNull } from '@/lib/json/parse-or-null';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { simulatedRuntime } from '../deployers';
import type { RolloutDeployPayload } from '../rollout-payload';
import { signBody, verifyWebhook } from '../webhook-signature';

export type PipelineBehaviour = 'deploy' | 'refuse' | 'silent' | 'wrong_outputs' | 'report_failure';

export type PipelineDelivery = { at: number; payload: RolloutDeployPayload };

export type TestPipeline = {
  url: string;
  /** Every verified deploy request, in arrival order. */
  deliveries: PipelineDelivery[];
  /** Runtime writes done, in order: component id and when. */
  writes: Array<{ componentId: string; at: number; version: number }>;
  /** From now on, what it does for this component (default `deploy`). */
  behave(componentId: string, behaviour: PipelineBehaviour): void;
  close(): Promise<void>;
};

export async function startTestPipeline({
  secret,
  sources,
  mirrors,
  delayMs = 30,
}: {
  secret: string;
  sources: ParameterSources;
  mirrors: FieldMirrorTable;
  delayMs?: number;
}): Promise<TestPipeline> {
  const deliveries: PipelineDelivery[] = [];
  const writes: TestPipeline['writes'] = [];
  const behaviours = new Map<string, PipelineBehaviour>();
  const timers = new Set<NodeJS.Timeout>();

  const deploy = async (payload: RolloutDeployPayload, behaviour: PipelineBehaviour) => {
    const { componentId, runtimeParameter } = payload.rollout;
    const key = parseComponentId(componentId)!;
    const store = sources.forEnv(key.env)!;
    if (behaviour === 'report_failure') {
      if (!payload.rollout.callbackUrl) return;
      const body = JSON.stringify({
        rolloutId: payload.rollout.id,
        componentId,
        wave: payload.rollout.wave,
        status: 'failed',
        message: 'terraform apply: exit 1',
        sentAt: new Date().toISOString(),
      });
      await fetch(payload.rollout.callbackUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', 'X-Karma-Signature': signBody(secret, body) } });
      return;
    }
    const runtime = await store.get(runtimeParameter);
    const config = await store.get(payload.parameter);
    const value = simulatedRuntime(key.type, parseOrNull(config?.value), parseOrNull(runtime?.value), mirrors);
    if (behaviour === 'wrong_outputs') for (const k of Object.keys(value)) if (typeof value[k] === 'string') value[k] = `${value[k]}-wrong`;
    value.deployed_by = 'test-pipeline';
    const written = await store.put({ name: runtimeParameter, value: JSON.stringify(value), expectedVersion: runtime?.version ?? null, user: 'terraform' });
    writes.push({ componentId, at: Date.now(), version: written.version });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verifyWebhook({ secret, rawBody: body, signature: req.headers['x-karma-signature'] as string | undefined, maxAgeSeconds: 300 });
      if (!check.ok || req.headers['x-karma-event'] !== 'rollout.deploy') {
        res.writeHead(401).end(check.ok ? 'not a deploy request' : check.reason);
        return;
      }
      const payload = check.payload as unknown as RolloutDeployPayload;
      deliveries.push({ at: Date.now(), payload });
      const behaviour = behaviours.get(payload.rollout.componentId) ?? 'deploy';
      if (behaviour === 'refuse') {
        res.writeHead(500).end('the pipeline is broken');
        return;
      }
      res.writeHead(202).end();
      if (behaviour === 'silent') return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        deploy(payload, behaviour).catch((error: unknown) => console.error('[test-pipeline] deploy failed:', error));
      }, delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/deploy`,
    deliveries,
    writes,
    behave: (componentId, behaviour) => behaviours.set(componentId, behaviour),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
