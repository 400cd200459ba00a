import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build-graph';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import type { ParameterStore } from '@/lib/params/parameter-store';
import { annotateDrift } from './annotate-drift';

// The embedded parameter store in a temp folder, with a few parameters written through its own put().
let dir: string;
let store: ParameterStore;
const historyReads: string[] = [];

async function put(name: string, value: object | string, user = 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Dev_x/alice@example.com') {
  const current = await store.get(name);
  await store.put({ name, value: typeof value === 'string' ? value : JSON.stringify(value), expectedVersion: current?.version ?? null, user });
}

function sources(): ParameterSources {
  // Counts history reads on the real store: which ones a sync makes is the behaviour under test.
  const counting: ParameterStore = Object.assign(Object.create(store) as ParameterStore, {
    history: (name: string) => {
      historyReads.push(name);
      return store.history(name);
    },
  });
  return { kind: 'local', stores: [counting], forEnv: (env) => (env === 'dev' ? counting : undefined), localFile: null };
}

async function annotate(overrides: Partial<ParameterSources> = {}) {
  const src = { ...sources(), ...overrides };
  const graph = buildGraph({ environments: [{ env: 'dev', prefix: '/iac', parameters: await store.readAll() }] });
  return annotateDrift({ graph, sources: src, schemas: {}, fieldMirrors: {}, now: new Date() });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'karma-annotate-'));
  store = LocalParameterFile.inDataDir(dir).store('dev', '/iac');
  historyReads.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('annotateDrift', () => {
  it('sets a drift summary on every component, reading histories only where they change the answer', async () => {
    await put('/iac/vpc/main/config', { cidr: '10.0.0.0/16' });
    await put('/iac/vpc/main/runtime', { vpc_cidr: '10.0.0.0/16' });
    await put('/iac/sqs-queue/jobs/runtime', { queue_name: 'jobs' });
    await put('/iac/sqs-queue/jobs/config', { queue_name: 'jobs' });
    await put('/iac/sqs-queue/jobs/config', { queue_name: 'jobs', fifo: true });

    const graph = await annotate();
    const drift = Object.fromEntries(graph.components.map((c) => [c.id, c.drift]));
    expect(drift['dev:vpc/main']).toMatchObject({ status: 'in_sync', deployedConfigVersion: 1 });
    // The runtime was written before both config versions: no known version produced it.
    expect(drift['dev:sqs-queue/jobs']).toMatchObject({ status: 'pending', deployedConfigVersion: null });
    expect(drift['dev:sqs-queue/jobs']?.reasons[0]).toContain('is older than every config version in the history');
    expect(historyReads).toEqual(['/iac/sqs-queue/jobs/config']);
  });

  it('reads the runtime history of a mismatch to say who wrote the runtime', async () => {
    await put('/iac/sqs-queue/jobs/config', { visibility_timeout_seconds: 60 });
    await put('/iac/sqs-queue/jobs/runtime', { visibility_timeout_seconds: 30 }, 'arn:aws:sts::1:assumed-role/PlatformEngineer/omar.haddad');
    const graph = await annotate();
    expect(graph.components[0].drift?.reasons[0]).toMatch(
      /^visibility_timeout_seconds is 60 in the deployed config v1 but 30 in the runtime v1 \(.*, PlatformEngineer\/omar\.haddad\)$/,
    );
    expect(historyReads).toEqual(['/iac/sqs-queue/jobs/runtime']);
  });

  it('never fails the sync when a history cannot be read: the reason says the history is not available', async () => {
    await put('/iac/sqs-queue/jobs/runtime', { queue_name: 'jobs' });
    await put('/iac/sqs-queue/jobs/config', { queue_name: 'jobs' });
    const failing: ParameterStore = Object.assign(Object.create(store) as ParameterStore, {
      history: () => Promise.reject(new Error('ThrottlingException: Rate exceeded')),
    });
    const graph = await annotate({ stores: [failing], forEnv: () => failing });
    expect(graph.components[0].drift).toMatchObject({ status: 'pending', deployedConfigVersion: null });
    expect(graph.components[0].drift?.reasons[0]).toContain('The config history is not available, so the deployed config version is not known');
  });
});
