// The backfill of an existing estate against moto: components whose config has 120 versions (SSM keeps 100: two pages of
// 50) and many with a few, pending as a first sync leaves them; `karma history backfill` (the real CLI, a process of its
// own, paced) is killed with SIGKILL part way and run again to the end. Every version is then recorded exactly once with
// its author and Description, the second run read none of what the first had finished, and a run with nothing pending
// asks SSM nothing and writes nothing. GetParameterHistory calls are counted by a loopback proxy in front of moto.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { HistoryState } from '@/lib/model/history';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { HistoryWorker } from '@/lib/workflow/history-worker';
import { writeFirstSyncHistory } from '@/lib/workflow/testing/first-sync-history';
import { sourcesOf } from '@/lib/workflow/testing/review-harness';
import { startSsmProxy, type SsmProxy } from '../support/ssm-proxy';

const endpoint = inject('ssmEndpoint');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const client = new SSMClient({ region: 'us-east-1', endpoint, credentials });
const root = path.resolve(import.meta.dirname, '../..');
const REQUEST = 'cr:7e2d9c41-8a3b-4f5e-b6c7-d8e9f0a1b2c3';
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  client.destroy();
});

/** What a version says about itself: every tenth one is a Karma apply naming its change request. */
const descriptionOf = (v: number) => (v % 10 === 0 ? `Karma change request ${REQUEST}: step ${v} (by bob)` : `terraform apply #${v}`);

async function putVersions(name: string, count: number): Promise<void> {
  for (let v = 1; v <= count; v++) {
    await client.send(new PutParameterCommand({ Name: name, Value: JSON.stringify({ v, name }), Type: 'String', Overwrite: v > 1, Description: descriptionOf(v) }));
  }
}

/** Every GetParameterHistory request through the proxy, by parameter name. */
function recordHistoryReads(proxy: SsmProxy): string[] {
  const names: string[] = [];
  proxy.rule('GetParameterHistory', ({ body }) => {
    names.push((JSON.parse(body) as { Name: string }).Name);
    return 'forward';
  });
  return names;
}

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** The real `bin/karma` in a process group of its own, so a SIGKILL takes the CLI and the process running it together. */
function karma(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(root, 'bin/karma'), ...args], { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Run>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  });
  return { done, kill: () => process.kill(-child.pid!, 'SIGKILL'), output: () => stdout + stderr };
}

describe('karma history backfill against moto', () => {
  it('backfills histories longer than a page, resumes after a kill without reading again what was done, and then reads nothing', { timeout: 240_000 }, async () => {
    const env = `hb-${randomUUID().slice(0, 8)}`;
    const prefix = `/${env}`;
    const long = Array.from({ length: 6 }, (_, i) => `lambda/long-${i}`);
    const short = Array.from({ length: 54 }, (_, i) => `sqs-queue/q-${String(i).padStart(2, '0')}`);
    for (const path of long) {
      await putVersions(`${prefix}/${path}/config`, 120);
      await putVersions(`${prefix}/${path}/runtime`, 3);
    }
    for (const [i, path] of short.entries()) {
      await putVersions(`${prefix}/${path}/config`, 2 + (i % 3));
      await putVersions(`${prefix}/${path}/runtime`, 1 + (i % 2));
    }
    const direct = new SsmParameterStore({ env, prefix, client });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'karma-history-backfill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const graph = new MemoryGraphStore({ dataDir });
    // As a first sync leaves them: the listed versions, and every component pending; one for a parameter gone since.
    const heads = await writeFirstSyncHistory(graph, direct, { extra: [{ env, type: 'vpc', nickname: 'gone' }] });
    expect(heads).toHaveLength(61);
    expect((await graph.readHistoryState()).pendingComponents).toBe(61);

    const proxy = await startSsmProxy(endpoint);
    cleanups.push(() => proxy.close());
    const settings = {
      KARMA_PARAMETERS: 'ssm',
      KARMA_ENVIRONMENTS: `${env}=${prefix}`,
      KARMA_GRAPH_STORE: 'memory',
      KARMA_DATA_DIR: dataDir,
      AWS_ENDPOINT_URL_SSM: proxy.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    };

    // The first run, paced, is killed once its first batch of 25 components is written.
    const firstReads = recordHistoryReads(proxy);
    const first = karma(['history', 'backfill', '--calls-per-second', '20'], settings);
    await expect.poll(async () => (await graph.readHistoryState()).pendingComponents, { timeout: 60_000, interval: 50 }).toBeLessThan(61);
    first.kill();
    const killed = await first.done;
    expect(killed.signal, first.output()).toBe('SIGKILL');
    const afterKill = await graph.readHistoryHeads();
    const finished = new Set(afterKill.filter((h) => h.pending.length === 0).map((h) => h.componentId));
    expect(finished.size).toBeGreaterThanOrEqual(25);
    expect(finished.size).toBeLessThan(61);
    expect(first.output()).toMatch(/^Backfill: 61 components pending: 122–244 GetParameterHistory calls at 20\/s/m);

    // The second run takes over the lease the killed one left and reads only the rest.
    const secondReads = recordHistoryReads(proxy);
    const second = await karma(['history', 'backfill', '--calls-per-second', '50'], settings).done;
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const componentOf = (name: string) => `${env}:${name.slice(prefix.length + 1).replace(/\/(config|runtime)$/, '')}`;
    expect(secondReads.filter((name) => finished.has(componentOf(name)))).toEqual([]);
    expect(new Set(secondReads.map(componentOf))).toEqual(new Set(heads.map((h) => h.componentId).filter((id) => !finished.has(id))));
    expect(firstReads.length).toBeGreaterThan(0);
    expect(second.stdout).toMatch(/^Read \d+ components: /m);
    // The killed run's lease is taken over at once (its process is gone), not waited out.
    expect(second.stdout).not.toMatch(/Another instance/);
    const done: HistoryState = await graph.readHistoryState();
    expect(done.pendingComponents).toBe(0);

    // Every version SSM holds is recorded exactly once, with its author and Description, under the id the listing gave it.
    for (const path of [...long, ...short]) {
      const componentId = `${env}:${path}`;
      const index = await graph.readVersionIndex({ componentId });
      for (const document of ['config', 'runtime'] as const) {
        const ssm = await direct.history(`${prefix}/${path}/${document}`);
        const recorded = index.filter((k) => k.document === document);
        expect({ componentId, document, versions: recorded.map((k) => k.version) }).toEqual({ componentId, document, versions: ssm.map((v) => v.version) });
      }
      expect(new Set(index.map((k) => k.id)).size).toBe(index.length);
      const versions = await graph.readVersions(index.map((k) => k.id));
      expect(versions.every((v) => v.modifiedBy !== null && v.description === descriptionOf(v.version))).toBe(true);
      expect(versions.filter((v) => v.changeRequestId === REQUEST).map((v) => v.version)).toEqual(versions.filter((v) => v.version % 10 === 0).map((v) => v.version));
    }
    expect((await graph.readVersionIndex({ componentId: `${env}:${long[0]}` })).filter((k) => k.document === 'config')).toHaveLength(100);

    // Nothing pending: no SSM call, nothing written.
    const callsBefore = proxy.count('GetParameterHistory');
    const idle = await karma(['history', 'backfill'], settings).done;
    expect(idle.code, idle.stdout + idle.stderr).toBe(0);
    expect(idle.stdout).toMatch(/nothing pending/);
    expect(proxy.count('GetParameterHistory')).toBe(callsBefore);
    expect((await graph.readHistoryState()).revision).toBe(done.revision);

    const status = await karma(['history', 'status', '--json'], settings).done;
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual(done);
  });

  it('reads again a history SSM throttled past the SDK’s retries', async () => {
    const env = `hbt-${randomUUID().slice(0, 8)}`;
    const prefix = `/${env}`;
    await putVersions(`${prefix}/vpc/main/config`, 3);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'karma-history-throttle-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const graph = new MemoryGraphStore({ dataDir });
    await writeFirstSyncHistory(graph, new SsmParameterStore({ env, prefix, client }));
    const proxy = await startSsmProxy(endpoint);
    cleanups.push(() => proxy.close());
    // The first two requests are refused as SSM refuses when throttling: with one attempt a call, two reads fail.
    proxy.rule('GetParameterHistory', ({ n }) => (n <= 2 ? { respond: { status: 400, errorType: 'ThrottlingException', message: 'Rate exceeded' } } : 'forward'));
    const viaProxy = new SsmParameterStore({ env, prefix, client: new SSMClient({ region: 'us-east-1', endpoint: proxy.endpoint, credentials, maxAttempts: 1 }) });
    const pauses: number[] = [];
    const worker = new HistoryWorker({
      store: graph,
      sources: sourcesOf([viaProxy]),
      callsPerSecond: null,
      concurrency: 1,
      clock: { now: Date.now, sleep: async (ms) => void pauses.push(ms) },
    });

    const report = await worker.runOnce();

    expect(report).toMatchObject({ ok: true, components: 1, retries: 2, failed: 0, remaining: 0 });
    expect(pauses).toHaveLength(2);
    expect(proxy.count('GetParameterHistory')).toBe(4);
    expect((await graph.readVersionIndex({ componentId: `${env}:vpc/main` })).map((k) => k.version)).toEqual([1, 2, 3]);
  });
});
