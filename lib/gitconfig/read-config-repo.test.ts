import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfigRepo } from './read-config-repo';

let root: string;
async function repo(files: Record<string, string>): Promise<string> {
  root = await mkdtemp(path.join(tmpdir(), 'karma-repo-'));
  for (const [file, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), contents);
  }
  return root;
}
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('readConfigRepo', () => {
  it('reads configs, bindings and schemas from the Adage layout', async () => {
    const result = await readConfigRepo(
      await repo({
        'iac/prod/vpc/main/config.json': '{ "cidr": "10.0.0.0/16" }',
        'iac/dev/ecs-cluster/apps/config.json': '{ "vpc_nickname": "main" }',
        'account_environments/111-us-east-1.json': '{ "environment": "prod" }',
        'schemas/vpc.schema.json': '{ "type": "object" }',
        'README.md': '# not a config',
      }),
    );

    expect(result.errors).toEqual([]);
    expect(result.configs.map((c) => `${c.env}:${c.type}/${c.nickname}`)).toEqual(['dev:ecs-cluster/apps', 'prod:vpc/main']);
    expect(result.configs[1].value).toEqual({ cidr: '10.0.0.0/16' });
    expect(result.bindings).toEqual([{ binding: '111-us-east-1', file: 'account_environments/111-us-east-1.json', value: { environment: 'prod' } }]);
    expect(Object.keys(result.schemas)).toEqual(['vpc']);
  });

  it('reports non-JSON and duplicate keys with file, line and column', async () => {
    const result = await readConfigRepo(
      await repo({
        'iac/prod/vpc/main/config.json': '{\n  "cidr": "10.0.0.0/16",\n}',
        'iac/prod/vpc/edge/config.json': '{\n  "cidr": "10.1.0.0/16",\n  "cidr": "10.2.0.0/16"\n}',
        'iac/prod/s3-bucket/logs/config.json': '{"versioning": true}',
      }),
    );

    // Broken files are kept with their text (drift compares it) but no value.
    expect(result.configs.map((c) => [c.nickname, c.value === null])).toEqual([
      ['logs', false],
      ['edge', true],
      ['main', true],
    ]);
    expect(result.configs[2].raw).toBe('{\n  "cidr": "10.0.0.0/16",\n}');
    expect(result.errors).toEqual([
      expect.objectContaining({ file: 'iac/prod/vpc/edge/config.json', line: 3, column: 3, message: expect.stringMatching(/duplicate key "cidr"/) }),
      expect.objectContaining({ file: 'iac/prod/vpc/main/config.json', line: 3, column: 1, message: expect.stringMatching(/trailing comma/) }),
    ]);
  });

  it('reports a component folder without config.json and a binding without environment', async () => {
    const result = await readConfigRepo(
      await repo({
        'iac/prod/vpc/main/variables.tf': '',
        'account_environments/x.json': '{"account": "1"}',
      }),
    );
    expect(result.errors.map((e) => e.file)).toEqual(['iac/prod/vpc/main', 'account_environments/x.json']);
  });

  it('refuses a folder that is not a config repo', async () => {
    await expect(readConfigRepo(await repo({ 'x.txt': '' }))).rejects.toThrow(/no iac\/ folder/);
  });
});
