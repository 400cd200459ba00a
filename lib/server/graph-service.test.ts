import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Graph } from '@/lib/model/graph';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { settingsFileSchema } from '@/lib/model/settings';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { GraphService } from './graph-service';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A real embedded setup whose store holds each sync at a gate until the test opens it. */
async function setup() {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-graph-service-'));
  dirs.push(dir);
  const file = LocalParameterFile.inDataDir(dir);
  const params = file.store('dev');
  await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.0.0.0/16"}', expectedVersion: null, user: 'seed' });
  const sources: ParameterSources = { kind: 'local', stores: [params], forEnv: () => params, localFile: file };
  const store = new MemoryGraphStore({ dataDir: dir });
  const gates: Array<() => void> = [];
  const synced: Graph[] = [];
  const gated = Object.assign(Object.create(store) as MemoryGraphStore, {
    async syncGraph(graph: Graph) {
      await new Promise<void>((open) => gates.push(open));
      synced.push(graph);
      return store.syncGraph(graph);
    },
  });
  const service = new GraphService({ sources, store: gated, file: settingsFileSchema.parse({}), configRepo: null });
  const openNextGate = async () => {
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    gates.shift()!();
  };
  return { service, params, synced, openNextGate };
}

describe('GraphService.sync', () => {
  it('answers a call made during a sync with the next sync, shared by everyone who asked meanwhile', async () => {
    const { service, params, synced, openNextGate } = await setup();
    const first = service.sync('start');
    await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.1.0.0/16"}', expectedVersion: 1, user: 'bob' });
    const afterWrite = service.sync('apply');
    const alsoAfterWrite = service.sync('manual');
    expect(alsoAfterWrite).toBe(afterWrite);

    await openNextGate();
    expect((await first).ok).toBe(true);
    await openNextGate();
    const report = await afterWrite;

    expect(report.trigger).toBe('apply');
    expect(synced).toHaveLength(2);
    expect(synced[1].components[0].configVersion).toBe(2);
    expect((await service.readGraph()).graph.components[0].config).toEqual({ cidr: '10.1.0.0/16' });
  });

  it('starts a fresh sync when none is running', async () => {
    const { service, openNextGate } = await setup();
    const one = service.sync('manual');
    await openNextGate();
    await one;
    const two = service.sync('manual');
    expect(two).not.toBe(one);
    await openNextGate();
    expect((await two).ok).toBe(true);
  });
});
