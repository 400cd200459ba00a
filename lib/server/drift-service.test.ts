import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/model/errors';
import { DEMO_DRIFT_CASES } from '@/lib/testing/demo-drift-cases';
import { getDriftDetail, listDrift, type DriftServiceDeps } from './drift-service';
import { createServices, type Services } from './services';
import { loadSettings } from './settings';

// The demo estate in the embedded stores (a temp data folder), synced once: drift as the portal serves it.
let dataDir: string;
let services: Services;
let deps: DriftServiceDeps;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'karma-drift-'));
  const settings = loadSettings({ NODE_ENV: 'test', KARMA_DEMO: '1', KARMA_DATA_DIR: dataDir }, path.resolve(import.meta.dirname, '../..'));
  services = await createServices(settings, { syncOnStart: false, syncInterval: false });
  const report = await services.graph.sync('cli');
  expect(report.error).toBeNull();
  deps = { graph: services.graph, sources: services.sources, file: settings.file, now: () => new Date('2026-11-20T00:00:00Z') };
}, 60_000);

afterAll(async () => {
  await services?.graphStore.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the demo estate (fixtures/demo/README.md)', () => {
  it.each(DEMO_DRIFT_CASES)('%s is %s', async (id, status) => {
    const { rows } = await listDrift(deps, {});
    expect(rows.find((r) => r.id === id)?.status).toBe(status);
  });

  it('has two of each drift status, 38 configured components in sync and 12 owned runtime-only ones in sync', async () => {
    const { counts, rows } = await listDrift(deps, {});
    expect(counts.byStatus).toEqual({ in_sync: 50, pending: 2, mismatch: 2, not_deployed: 2, orphaned: 2, invalid: 2, unpublished: 2 });
    expect(rows.filter((r) => r.status === 'in_sync' && r.configVersion !== null)).toHaveLength(38);
    expect(counts.byEnv).toEqual({ dev: 26, prod: 36 });
  });
});

describe('listDrift', () => {
  it('filters by env, type and status; counts each facet with the other filters applied', async () => {
    const result = await listDrift(deps, { env: ['dev'], status: ['pending', 'mismatch'] });
    expect(result.rows.map((r) => [r.id, r.status])).toEqual([
      ['dev:sqs-queue/order-events', 'mismatch'],
      ['dev:ecs-service/storefront', 'pending'],
    ]);
    expect(result.counts.total).toBe(2);
    expect(result.counts.byStatus.pending).toBe(1);
    expect(result.counts.byStatus.in_sync).toBe(19);
    expect(result.counts.byEnv).toEqual({ dev: 2, prod: 2 });
    expect(result.environments).toEqual(['dev', 'prod']);
    expect((await listDrift(deps, { type: ['vpc'] })).rows.map((r) => r.id)).toEqual(['dev:vpc/sandbox', 'dev:vpc/main', 'prod:vpc/main']);
  });

  it('gives since and changed by from the stored component', async () => {
    const { rows } = await listDrift(deps, { status: ['pending'] });
    const orders = rows.find((r) => r.id === 'prod:serverless-api/orders')!;
    // Pending since the first version not deployed (v4, alice), not the newest (v5, bob).
    expect(orders).toMatchObject({ since: '2026-10-28T16:40:00.000Z', changedBy: 'alice@example.com', deployedConfigVersion: 3, configVersion: 5 });
    expect(orders.reason).toContain('v4 (2026-10-28 16:40 UTC, alice@example.com) and v5 (2026-11-16 08:55 UTC, bob@example.com) are not deployed');
  });
});

describe('getDriftDetail', () => {
  it('shows the lineage with every version in between and the deployed-vs-current diff', async () => {
    const detail = await getDriftDetail(deps, 'prod:serverless-api/orders');
    expect(detail.status).toBe('pending');
    expect(detail.lineage.deployedConfigVersion).toBe(3);
    expect(detail.lineage.between.map((v) => v.version)).toEqual([4, 5]);
    expect(detail.lineage.between.map((v) => v.modifiedBy?.split('/').pop())).toEqual(['alice@example.com', 'bob@example.com']);
    expect(detail).toMatchObject({ since: '2026-10-28T16:40:00.000Z', changedBy: 'alice@example.com' });
    expect(detail.lineage.runtimeWrites.map((w) => w.fromConfigVersion)).toEqual([1, 2, 3]);
    expect(detail.configChange).toMatchObject({ fromVersion: 3, toVersion: 5, diff: { mode: 'fields' } });
    expect(detail.configChange?.diff?.mode === 'fields' && detail.configChange.diff.changes.length).toBeGreaterThan(0);
  });

  it('shows the differing mirrored field, desired against actual, and who wrote the runtime', async () => {
    const detail = await getDriftDetail(deps, 'prod:aurora-postgres/orders');
    expect(detail.differences).toEqual([{ path: 'engine_version', runtimePath: 'engine_version_actual', desired: '16.2', actual: '16.4' }]);
    expect(detail.changedBy).toMatch(/^terraform-deployer\//);
    expect(detail.lineage.runtimeWrites.map((w) => w.fromConfigVersion)).toEqual([1, 2, 3, 3]);
  });

  it('compares a config that is not JSON as text against the deployed version', async () => {
    const detail = await getDriftDetail(deps, 'dev:s3-bucket/scratch');
    expect(detail.configChange).toMatchObject({ fromVersion: 1, toVersion: 2, diff: { mode: 'text', equal: false } });
    expect(detail.reasons[0]).toContain('is not valid JSON');
  });

  it('answers not_found for an unknown component', async () => {
    await expect(getDriftDetail(deps, 'prod:vpc/nope')).rejects.toMatchObject({ code: 'not_found' } satisfies Partial<AppError>);
  });
});
