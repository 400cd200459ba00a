import { describe, expect, it } from 'vitest';
import { configFilePath, interpretRepoFiles, isRepoPath, type RepoFileInput } from './repo-files';

const file = (path: string, text: string, blob?: string): RepoFileInput => ({ path, text, ...(blob ? { blob } : {}) });

describe('interpretRepoFiles', () => {
  it("keeps each config's blob id, with its text and value", () => {
    const repo = interpretRepoFiles('remote@abc', [file('iac/dev/vpc/main/config.json', '{"cidr": "10.0.0.0/16"}', 'b1'), file('iac/dev/vpc/edge/config.json', '{}')]);

    expect(repo.errors).toEqual([]);
    expect(repo.configs).toEqual([
      { env: 'dev', type: 'vpc', nickname: 'edge', file: 'iac/dev/vpc/edge/config.json', raw: '{}', value: {} },
      { env: 'dev', type: 'vpc', nickname: 'main', file: 'iac/dev/vpc/main/config.json', raw: '{"cidr": "10.0.0.0/16"}', value: { cidr: '10.0.0.0/16' }, blob: 'b1' },
    ]);
  });

  it('keeps the blob of a config that is not JSON, since drift compares its text', () => {
    const repo = interpretRepoFiles('r', [file('iac/dev/vpc/main/config.json', '{"cidr": }', 'b2')]);
    expect(repo.configs).toEqual([expect.objectContaining({ raw: '{"cidr": }', value: null, blob: 'b2' })]);
    expect(repo.errors).toEqual([expect.objectContaining({ file: 'iac/dev/vpc/main/config.json', line: 1, column: 10 })]);
  });

  it('reports an invalid environment name once, and reads none of its components', () => {
    const repo = interpretRepoFiles('r', [
      file('iac/Bad Env/vpc/main/config.json', '{}'),
      file('iac/Bad Env/vpc/edge/config.json', '{}'),
      file('iac/-dev/vpc/main/config.json', '{}'),
      file('iac/dev/vpc/main/config.json', '{}'),
    ]);

    expect(repo.configs.map((c) => c.file)).toEqual(['iac/dev/vpc/main/config.json']);
    expect(repo.errors).toEqual([
      { file: 'iac/-dev', message: 'iac/-dev: not a valid environment name' },
      { file: 'iac/Bad Env', message: 'iac/Bad Env: not a valid environment name' },
    ]);
  });

  it('reports an invalid type or nickname by its folder', () => {
    const repo = interpretRepoFiles('r', [file('iac/dev/vpc/my main/config.json', '{}'), file('iac/dev/v$pc/main/config.json', '{}')]);
    expect(repo.configs).toEqual([]);
    expect(repo.errors.map((e) => e.file)).toEqual(['iac/dev/v$pc/main', 'iac/dev/vpc/my main']);
  });

  it('reports a component folder without config.json, even when config.json is deeper down', () => {
    const repo = interpretRepoFiles('r', [file('iac/dev/vpc/main/variables.tf', 'variable "x" {}'), file('iac/dev/vpc/main/nested/config.json', '{}')]);
    expect(repo.configs).toEqual([]);
    expect(repo.errors).toEqual([{ file: 'iac/dev/vpc/main', message: 'iac/dev/vpc/main: no config.json in this component folder' }]);
  });

  it("ignores extra files inside a component's folder, JSON or not", () => {
    const repo = interpretRepoFiles('r', [
      file('iac/dev/vpc/main/config.json', '{"a": 1}'),
      file('iac/dev/vpc/main/notes.json', 'not json at all'),
      file('iac/dev/vpc/main/modules/sub/config.json', '{ broken'),
      file('iac/dev/vpc/main/README.md', '# vpc'),
    ]);
    expect(repo.errors).toEqual([]);
    expect(repo.configs).toEqual([expect.objectContaining({ file: 'iac/dev/vpc/main/config.json', value: { a: 1 } })]);
  });

  it('reads bindings and schemas, and reports the ones of the wrong shape', () => {
    const repo = interpretRepoFiles('r', [
      file('account_environments/111-us-east-1.json', '{"environment": "prod"}'),
      file('account_environments/222-us-east-1.json', '{"environment": 3}'),
      file('account_environments/nested/333.json', 'ignored'),
      file('schemas/vpc.schema.json', '{"type": "object"}'),
      file('schemas/queue.schema.json', 'true'),
      file('schemas/notes.json', 'ignored'),
    ]);
    expect(repo.bindings).toEqual([{ binding: '111-us-east-1', file: 'account_environments/111-us-east-1.json', value: { environment: 'prod' } }]);
    expect(repo.schemas).toEqual({ vpc: { type: 'vpc', file: 'schemas/vpc.schema.json', schema: { type: 'object' } } });
    expect(repo.errors.map((e) => e.file)).toEqual(['account_environments/222-us-east-1.json', 'schemas/queue.schema.json']);
  });

  it('gives the same answer whatever order the files come in', () => {
    const files = [file('iac/prod/vpc/main/config.json', '{}'), file('iac/dev/vpc/main/config.json', '{'), file('iac/dev/ecs-cluster/apps/x.tf', '')];
    expect(interpretRepoFiles('r', [...files].reverse())).toEqual(interpretRepoFiles('r', files));
  });
});

describe('configFilePath and isRepoPath', () => {
  it('name the files the interpreter reads, and only those', () => {
    expect(configFilePath({ env: 'dev', type: 'vpc', nickname: 'main' })).toBe('iac/dev/vpc/main/config.json');
    expect(['iac/dev/vpc/main/config.json', 'iac/dev/vpc/main/variables.tf', 'account_environments/1.json', 'schemas/vpc.schema.json'].every(isRepoPath)).toBe(true);
    expect(['README.md', 'account_environments/x/1.json', 'account_environments/1.yaml', 'schemas/vpc.json', 'schemas/x/vpc.schema.json', 'iacx/a'].some(isRepoPath)).toBe(false);
  });
});
