/**
 * The setup integration tests of the graph service share: the demo estate's
 * parameters and settings (outside demo mode) in a data folder of their own,
 * and a Gremlin Server the file starts before its tests and stops after
 * them, with every store opened on it closed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createParameterSources, type ParameterSources } from '@/lib/params/create-parameter-sources';
import { loadSettings, type Settings } from '@/lib/server/settings';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import { startGremlinServer } from '../../scripts/peers/gremlin.mjs';
import type { RunningPeer } from '../../scripts/peers/proc.mjs';

const root = path.resolve(import.meta.dirname, '../..');

export type DemoOnGremlin = {
  server(): RunningPeer;
  /** Starts a new, empty Gremlin Server on the same port (after the test stopped this one). */
  restart(): Promise<void>;
  sources(): ParameterSources;
  settings(): Settings;
  /** A store of its own on the file's Gremlin Server (closed after the file's tests). */
  store(options?: { endpoint?: string; timeoutMs?: number }): GremlinGraphStore;
};

export function demoOnGremlin(name: string): DemoOnGremlin {
  let dataDir = '';
  let server: RunningPeer | null = null;
  let sources: ParameterSources | null = null;
  const stores: GremlinGraphStore[] = [];
  const settings = () => loadSettings({ KARMA_DATA_DIR: dataDir, KARMA_SETTINGS: 'fixtures/demo/settings.json' }, root);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), `karma-${name}-`));
    sources = await createParameterSources(settings());
    server = await startGremlinServer();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const started = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`${what} is used before the file's beforeAll ran`);
    return value;
  };
  return {
    server: () => started(server, 'the Gremlin Server'),
    sources: () => started(sources, 'the parameter sources'),
    settings,
    restart: async () => {
      server = await startGremlinServer({ port: started(server, 'the Gremlin Server').port });
    },
    store: ({ endpoint, timeoutMs = 10_000 } = {}) => {
      const made = new GremlinGraphStore({ endpoint: endpoint ?? started(server, 'the Gremlin Server').endpoint, iam: false, timeoutMs });
      stores.push(made);
      return made;
    },
  };
}
