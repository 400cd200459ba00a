import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalParameterFile } from './local-parameter-store';
import { describeParameterStoreContract } from './parameter-store.contract';
import { readParameterFixtures, seedFromFixtures } from './seed-local';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-params-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeParameterStoreContract('local', async (prefix) => LocalParameterFile.inDataDir(await tempDir()).store('dev', prefix));

describe('local parameter file', () => {
  it('persists writes so a second process (a new file object) reads them', async () => {
    const dir = await tempDir();
    await LocalParameterFile.inDataDir(dir).store('dev').put({ name: '/iac/vpc/a/config', value: '{}', expectedVersion: null, user: 'alice' });

    const reopened = LocalParameterFile.inDataDir(dir).store('dev');

    expect(await reopened.get('/iac/vpc/a/config')).toMatchObject({ version: 1, modifiedBy: 'alice' });
  });

  it('lets exactly one of many concurrent writers based on the same version win', async () => {
    const dir = await tempDir();
    const store = LocalParameterFile.inDataDir(dir).store('dev');
    await store.put({ name: '/iac/vpc/a/config', value: '{"v":0}', expectedVersion: null, user: 'seed' });
    // Separate file objects stand in for separate processes sharing the file.
    const writers = Array.from({ length: 8 }, (_, i) =>
      LocalParameterFile.inDataDir(dir)
        .store('dev')
        .put({ name: '/iac/vpc/a/config', value: `{"v":${i + 1}}`, expectedVersion: 1, user: `w${i}` }),
    );

    const results = await Promise.allSettled(writers);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'stale_version')).toBe(true);
    expect(await store.history('/iac/vpc/a/config')).toHaveLength(2);
  });

  it('keeps environments apart', async () => {
    const file = LocalParameterFile.inDataDir(await tempDir());
    await file.store('dev').put({ name: '/iac/vpc/a/config', value: '{"env":"dev"}', expectedVersion: null, user: 'a' });
    await file.store('prod').put({ name: '/iac/vpc/a/config', value: '{"env":"prod"}', expectedVersion: null, user: 'a' });

    expect((await file.store('dev').get('/iac/vpc/a/config'))?.value).toBe('{"env":"dev"}');
    expect((await file.store('prod').get('/iac/vpc/a/config'))?.value).toBe('{"env":"prod"}');
    expect((await file.environments()).map((e) => e.env).sort()).toEqual(['dev', 'prod']);
  });

  it('reports a corrupted file clearly instead of overwriting it', async () => {
    const dir = await tempDir();
    const file = LocalParameterFile.inDataDir(dir);
    await file.store('dev').put({ name: '/iac/vpc/a/config', value: '{}', expectedVersion: null, user: 'a' });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file.file, '{"format":1,');

    await expect(LocalParameterFile.inDataDir(dir).store('dev').readAll()).rejects.toThrow(/not valid JSON/);
    expect(await readFile(file.file, 'utf8')).toBe('{"format":1,');
  });
});

describe('seeding from the demo fixtures', () => {
  it('loads both environments with their history', async () => {
    const fixtures = path.resolve(__dirname, '../../fixtures/demo');
    const data = await readParameterFixtures(fixtures);
    expect(Object.keys(data.environments).sort()).toEqual(['dev', 'prod']);

    const file = LocalParameterFile.inDataDir(await tempDir());
    const seeded = await seedFromFixtures(file, fixtures);
    expect(seeded.parameters).toBeGreaterThanOrEqual(80);
    const withHistory = Object.values(data.environments)
      .flatMap((e) => Object.values(e.parameters))
      .filter((versions) => versions.length >= 3);
    expect(withHistory.length).toBeGreaterThanOrEqual(6);
  });
});
