// Live events across the supported deployment: two portal processes (`next
// start` on the production build) on one Gremlin Server and one moto. What
// one instance does reaches the streams open on the other: change-request
// transitions through the store's change feed, syncs through the graph
// generation; a stream resumed on the other instance replays what it missed.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChangeRequest } from '@/lib/model/change-request';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { decodePosition } from '@/lib/server/events-position';
import { StreamReader } from '@/lib/server/events-testing';
import { seedEstate } from '@/lib/workflow/testing/review-harness';
import { signIn, startPortal, TEST_SECRET, type Portal, type Session } from '../support/portal';

const ssmEndpoint = inject('ssmEndpoint');
const gremlinEndpoint = inject('gremlinEndpoint');
const client = new SSMClient({ region: 'us-east-1', endpoint: ssmEndpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

const env = `live-${randomUUID().slice(0, 8)}`;
const vpc = `${env}:vpc/main`;
const direct = new SsmParameterStore({ env, prefix: `/${env}`, client });
const dir = mkdtempSync(path.join(tmpdir(), 'karma-live-'));
const portals: Portal[] = [];
const streams: StreamReader[] = [];
type Instance = { portal: Portal; alice: Session; bob: Session; carol: Session; dana: Session };
let a: Instance;
let b: Instance;

beforeAll(async () => {
  await seedEstate(direct);
  const settingsFile = path.join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ approvals: { default: 1, perEnv: {} } }));
  const instance = async (): Promise<Instance> => {
    const portal = await startPortal({
      KARMA_DEMO: '1',
      KARMA_SETTINGS: settingsFile,
      KARMA_PARAMETERS: 'ssm',
      KARMA_ENVIRONMENTS: `${env}=/${env}`,
      AWS_ENDPOINT_URL_SSM: ssmEndpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      NEPTUNE_ENDPOINT: gremlinEndpoint,
      NEXTAUTH_SECRET: TEST_SECRET,
    });
    portals.push(portal);
    if (portal.exitCode() !== null) throw new Error(`a portal did not start:\n${portal.output()}`);
    const [alice, bob, carol, dana] = await Promise.all(['alice', 'bob', 'carol', 'dana'].map((name) => signIn(portal, name)));
    return { portal, alice, bob, carol, dana };
  };
  // One after the other: both start-up syncs at once would only wait on each other's lease.
  a = await instance();
  b = await instance();
});

afterAll(async () => {
  await Promise.all(streams.map((s) => s.cancel().catch(() => {})));
  await Promise.all(portals.map((p) => p.stop()));
  rmSync(dir, { recursive: true, force: true });
  client.destroy();
});

/** GET /api/events as this user, optionally resuming. */
async function stream(session: Session, lastEventId?: string): Promise<StreamReader> {
  const response = await fetch(`${session.portal.url}/api/events`, { headers: { cookie: session.cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = new StreamReader(response.body!);
  streams.push(reader);
  return reader;
}

async function propose(session: Session, title: string): Promise<ChangeRequest> {
  const { body } = await session.api('GET', `/api/components/${encodeURIComponent(vpc)}`);
  const current = (body as { component: { config: Record<string, unknown>; configVersion: number } }).component;
  const created = await session.api('POST', '/api/changes', {
    componentId: vpc,
    proposedConfig: JSON.stringify({ ...current.config, az_count: 3 }, null, 2),
    title,
    baseVersion: current.configVersion,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as ChangeRequest;
}

const changePath = (change: { id: string }) => `/api/changes/${encodeURIComponent(change.id.replace(/^cr:/, ''))}`;

describe('live events across two instances', () => {
  it('sends a request proposed and approved on A to a stream open on B, each event once', async () => {
    const onB = await stream(b.carol);
    await onB.nextOf('ready');

    const change = await propose(a.alice, 'Three AZs');
    const approved = await a.bob.api('POST', `${changePath(change)}/approve`, { comment: 'Fine' });
    expect(approved.status).toBe(200);

    const seen = [];
    for (;;) {
      const event = await onB.nextOf('change');
      if (event.data.changeRequestId !== change.id) continue;
      seen.push(event.data);
      if (event.data.kind === 'approved') break;
    }
    expect(seen.map((e) => [e.kind, e.actor, e.status, e.componentId])).toEqual([
      ['proposed', 'alice@example.com', 'open', vpc],
      ['approved', 'bob@example.com', 'approved', vpc],
    ]);
  });

  it('resumes on A a stream that was open on B, replaying what happened in between', async () => {
    const onB = await stream(b.carol);
    const { id } = await onB.nextOf('ready');
    await onB.cancel();
    const change = await propose(b.alice, 'Proposed on B while carol was away');
    expect((await b.alice.api('POST', `${changePath(change)}/withdraw`, {})).status).toBe(200);

    const onA = await stream(a.carol, id!);
    const replayed = [];
    for (let m = await onA.next(); m && m.type !== 'ready'; m = await onA.next()) if (m.type === 'change' && m.data.changeRequestId === change.id) replayed.push(m.data.kind);

    expect(replayed).toEqual(['proposed', 'withdrawn']);
  });

  it('sends a sync on A that changed a component to a stream open on B, as a graph event naming it', async () => {
    const onB = await stream(b.carol);
    const { id } = await onB.nextOf('ready');
    const before = decodePosition(id!)!.generation;
    const name = `/${env}/sqs-queue/jobs/config`;
    const current = await direct.get(name);
    await direct.put({ name, value: JSON.stringify({ visibility_timeout_seconds: 45 }), expectedVersion: current!.version, user: 'seed' });

    const synced = await a.dana.api('POST', '/api/graph/sync');
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    const event = await onB.nextOf('graph');

    expect(before).not.toBeNull();
    expect(event.data.generation).toBeGreaterThan(before!);
    expect(event.data.changes?.updated).toContain(`${env}:sqs-queue/jobs`);
    expect(decodePosition(event.id!)!.generation).toBe(event.data.generation);
  });
});
