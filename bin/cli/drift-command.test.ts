import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKarma, type KarmaRun } from './testing/run-karma';

// Runs the real `bin/karma drift` in a child process, so the exit codes CI sees are the ones tested.
vi.setConfig({ testTimeout: 60_000 });
let tmp: string;

function karma(args: string[], env: Record<string, string> = {}): KarmaRun {
  return runKarma(args, { env: { KARMA_DEMO: '1', KARMA_PARAMETERS: 'local', KARMA_DATA_DIR: path.join(tmp, 'demo-data'), ...env } });
}

/** A one-environment estate whose only component is deployed and in sync. */
async function tidyEstate(): Promise<Record<string, string>> {
  const fixtures = path.join(tmp, 'tidy');
  await mkdir(path.join(fixtures, 'parameters'), { recursive: true });
  await writeFile(path.join(fixtures, 'settings.json'), JSON.stringify({ environments: [{ name: 'dev' }] }));
  const by = 'arn:aws:sts::1:assumed-role/terraform-deployer/gha-1-1';
  await writeFile(
    path.join(fixtures, 'parameters', 'dev.json'),
    JSON.stringify({
      environment: 'dev',
      parameters: [
        { name: '/iac/vpc/main/config', history: [{ at: '2026-06-01T10:00:00Z', by, value: { cidr: '10.0.0.0/16' } }] },
        { name: '/iac/vpc/main/runtime', history: [{ at: '2026-06-01T10:20:00Z', by, value: { vpc_cidr: '10.0.0.0/16' } }] },
      ],
    }),
  );
  return { KARMA_FIXTURES: fixtures, KARMA_DATA_DIR: path.join(tmp, 'tidy-data') };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'karma-drift-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('karma drift', () => {
  it('lists the drifted demo components with status and reason, and exits 1', () => {
    const { code, stdout } = karma(['drift']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Drift in dev, prod: 12 of 62 components drifted, 50 in sync/);
    expect(stdout).toMatch(/mismatch +prod:aurora-postgres\/orders .*\n {4}engine_version is "16\.2" in the deployed config v3 but engine_version_actual is "16\.4"/);
    // Pending since the first version not deployed: v4 by alice, not v5 by bob.
    expect(stdout).toMatch(/pending +prod:serverless-api\/orders +2026-10-28 16:40 UTC +alice@example\.com/);
    // Unpublished rows say since when and who, from the demo's Git config repo and SSM.
    expect(stdout).toMatch(/unpublished +prod:ecs-service\/storefront +2026-\d\d-\d\d \d\d:\d\d UTC +\S+/);
    expect(stdout).not.toMatch(/in_sync +prod:vpc\/main/);
  });

  it('narrows to one environment and prints JSON for scripts', () => {
    const { code, stdout } = karma(['drift', '--env', 'prod', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { environments: string[]; total: number; drifted: number; rows: Array<{ id: string; status: string; reason: string }> };
    expect(report.environments).toEqual(['prod']);
    expect(report.total).toBe(36);
    expect(report.rows.map((r) => `${r.status} ${r.id}`)).toEqual([
      'orphaned prod:lambda/pdf-export',
      'not_deployed prod:sqs-queue/search-indexing',
      'mismatch prod:aurora-postgres/orders',
      'pending prod:serverless-api/orders',
      'unpublished prod:ecs-service/storefront',
    ]);
    expect(report.rows.every((r) => r.reason.length > 0)).toBe(true);
  });

  it('exits 0 when everything is in sync', async () => {
    const { code, stdout } = karma(['drift'], await tidyEstate());
    expect(stdout).toMatch(/^Drift in dev: 0 of 1 components drifted, 1 in sync/);
    expect(code).toBe(0);
  });

  it('exits 2 on usage errors: an unknown environment, option or argument', () => {
    const unknown = karma(['drift', '--env', 'staging']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no environment "staging"; configured: dev, prod');
    expect(karma(['drift', '--verbose']).code).toBe(2);
    expect(karma(['drift', 'now']).code).toBe(2);
  });
});
