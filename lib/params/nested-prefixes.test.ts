import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createParameterSources } from './create-parameter-sources';
import { LocalParameterFile } from './local-parameter-store';
import { isOwnParameter, nestedPrefixes } from './nested-prefixes';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('nested prefixes', () => {
  it('gives each environment the prefixes of others nested inside its own (the README example)', () => {
    const nested = nestedPrefixes([
      { name: 'dev', prefix: '/iac' },
      { name: 'prod', prefix: '/iac/prod' },
      { name: 'qa', prefix: '/iac/prod/qa' },
      { name: 'iac2', prefix: '/iac2' },
    ]);
    expect(Object.fromEntries(nested)).toEqual({ dev: ['/iac/prod', '/iac/prod/qa'], prod: ['/iac/prod/qa'], qa: [], iac2: [] });
  });

  it('does not nest environments on different endpoints, profiles or regions', () => {
    const nested = nestedPrefixes([
      { name: 'dev', prefix: '/iac', profile: 'dev-account' },
      { name: 'prod', prefix: '/iac/prod', profile: 'prod-account' },
      { name: 'stage', prefix: '/iac/stage', profile: 'dev-account', region: 'eu-west-1' },
      { name: 'local', prefix: '/iac/local', endpoint: 'http://127.0.0.1:5000', profile: 'dev-account' },
    ]);
    expect(nested.get('dev')).toEqual([]);
  });

  it('nests anything under the root prefix', () => {
    expect(
      nestedPrefixes([
        { name: 'all', prefix: '/' },
        { name: 'prod', prefix: '/iac/prod' },
      ]).get('all'),
    ).toEqual(['/iac/prod']);
  });

  it.each([
    ['/iac/vpc/main/config', true],
    ['/iac/prod/vpc/main/config', false],
    ['/iac/prod', true],
    ['/iac/production/vpc/main/config', true],
    ['/other/vpc/main/config', false],
  ])('%s is dev’s own (dev=/iac, prod=/iac/prod): %s', (name, isOwn) => {
    expect(isOwnParameter(name, '/iac', ['/iac/prod'])).toBe(isOwn);
  });
});

describe('the embedded store with nested prefixes', () => {
  it('leaves the nested environment out of the outer one’s read and refuses writes into it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'karma-nested-'));
    dirs.push(dir);
    const file = LocalParameterFile.inDataDir(dir);
    // Written before the environments were told apart: dev's own map holds a name under prod's prefix.
    await file.store('dev', '/iac').put({ name: '/iac/prod/vpc/main/config', value: '{}', expectedVersion: null, user: 'a' });
    await file.store('dev', '/iac').put({ name: '/iac/vpc/main/config', value: '{}', expectedVersion: null, user: 'a' });
    await file.store('prod', '/iac/prod').put({ name: '/iac/prod/vpc/main/config', value: '{"p":1}', expectedVersion: null, user: 'a' });

    const sources = await createParameterSources({
      parameters: { kind: 'local' },
      environments: [
        { name: 'dev', prefix: '/iac' },
        { name: 'prod', prefix: '/iac/prod' },
      ],
      dataDir: dir,
      fixturesDir: path.join(dir, 'none'),
      allowAdvancedTier: false,
    });
    const dev = sources.forEnv('dev')!;
    expect((await dev.readAll()).map((p) => p.name)).toEqual(['/iac/vpc/main/config']);
    expect((await sources.forEnv('prod')!.readAll()).map((p) => p.name)).toEqual(['/iac/prod/vpc/main/config']);
    await expect(dev.put({ name: '/iac/prod/vpc/edge/config', value: '{}', expectedVersion: null, user: 'a' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining("under /iac/prod, another environment's prefix"),
    });
  });
});
