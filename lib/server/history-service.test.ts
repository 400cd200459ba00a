import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsFileSchema } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { GraphService } from './graph-service';
import { HistoryService } from './history-service';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A real embedded estate synced by a GraphService that records into a HistoryService, with a clock the test moves. */
async function setup() {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-history-service-'));
  dirs.push(dir);
  let now = new Date('2026-12-01T10:00:00.000Z');
  const file = new LocalParameterFile({ file: path.join(dir, 'parameters.json'), now: () => now });
  const params = file.store('dev');
  const sources: ParameterSources = { kind: 'local', stores: [params], forEnv: () => params, localFile: file };
  const store = new MemoryGraphStore({ dataDir: dir });
  const settings = settingsFileSchema.parse({});
  let graph: GraphService | null = null;
  const history = new HistoryService({ store, sources, file: settings, backfill: true, current: async () => (await graph!.current()).snapshot.graph });
  graph = new GraphService({ sources, store, file: settings, configRepo: null, history, now: () => now });
  const at = (iso: string) => (now = new Date(iso));
  return { graph, history, store, params, at };
}

describe('the history a sync records', () => {
  it('records what is new, and a sync that sees nothing new writes nothing', async () => {
    const { graph, history, store, params, at } = await setup();
    await params.put({ name: '/iac/vpc/main/config', value: '{"cidr":"10.0.0.0/16"}', expectedVersion: null, user: 'alice' });
    await params.put({ name: '/iac/ecs-service/web/config', value: '{"vpc_nickname":"main"}', expectedVersion: null, user: 'alice' });
    at('2026-12-01T11:00:00.000Z');
    const first = await graph.sync('start');
    expect(first.history).toMatchObject({ versions: 2, transitions: 2, pending: 2 });
    expect((await store.readHistoryState()).versions).toBe(2);

    at('2026-12-01T12:00:00.000Z');
    const again = await graph.sync('manual');
    expect(again.history).toMatchObject({ versions: 0, transitions: 0, written: 0 });
    const state = await store.readHistoryState();
    expect(state).toMatchObject({ revision: 1, versions: 2, transitions: 2 });

    at('2026-12-01T13:00:00.000Z');
    await params.put({ name: '/iac/ecs-service/web/config', value: '{"vpc_nickname":"main","cpu":512}', expectedVersion: 1, user: 'bob' });
    at('2026-12-01T14:00:00.000Z');
    const changed = await graph.sync('manual');
    expect(changed.history).toMatchObject({ versions: 1, transitions: 0 });

    // The past: before the change, the old version; before anything, nothing; compared with now, the field that changed.
    const past = await history.graphAt('2026-12-01T12:30:00Z');
    expect(past.graph.components.find((c) => c.id === 'dev:ecs-service/web')?.configVersion).toBe(1);
    expect((await history.graphAt('2026-12-01T09:00:00Z')).graph.components).toEqual([]);
    const compared = await history.compare({ at: null, compare: '2026-12-01T12:30:00Z' });
    expect(compared.diff.changed.map((c) => [c.id, c.config?.before, c.config?.after, c.config?.fields.map((f) => f.path)])).toEqual([['dev:ecs-service/web', 1, 2, ['cpu']]]);
  });

  it('records a removed component with a drift transition to gone, and keeps its past', async () => {
    const { graph, history, params, at } = await setup();
    await params.put({ name: '/iac/s3-bucket/media/config', value: '{"versioning":true}', expectedVersion: null, user: 'alice' });
    at('2026-12-01T11:00:00.000Z');
    await graph.sync('start');
    await params.remove({ name: '/iac/s3-bucket/media/config', expectedVersion: 1 });
    at('2026-12-01T12:00:00.000Z');
    const report = await graph.sync('manual');
    expect(report.history).toMatchObject({ versions: 1, transitions: 1 });
    const { versions, transitions } = await history.componentHistory('dev:s3-bucket/media');
    expect(versions.map((v) => [v.version, v.raw === null])).toEqual([
      [1, false],
      [1, true],
    ]);
    expect(transitions.map((t) => t.to)).toEqual(['not_deployed', null]);
    expect((await history.graphAt('2026-12-01T11:30:00Z')).graph.components.map((c) => c.id)).toEqual(['dev:s3-bucket/media']);
  });

  it('refuses a moment that is not a date-time', async () => {
    const { history } = await setup();
    await expect(history.graphAt('yesterday')).rejects.toMatchObject({ code: 'bad_request' });
  });
});
