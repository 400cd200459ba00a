// The Git adapter of the config repo port against real remotes, over both
// transports Karma may be given: the git daemon the integration project's
// global setup starts (git://, pushes enabled) and a bare repository's plain
// path. Remotes are made and faulted with tests/support/git-remote.ts; every
// adapter gets a clone folder of its own, as every Karma instance has.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { commitOutside, createBareRemote, rejectNextPush } from '../../tests/support/git-remote';
import { describeConfigRepoContract, type ConfigRepoFactory } from './contract/config-repo-contract';
import { GitConfigRepo } from './git-config-repo';
import { FolderConfigRepo } from './read-config-repo';
import type { ConfigRepoContents } from './repo-files';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'karma-git-config-repo-'));
const createdRemotes: string[] = [];

// The adapter runs git with this process's environment, the operator's git
// config included; a developer's ~/.gitconfig (insteadOf, hooksPath,
// signing) must not change what these tests see.
beforeAll(() => {
  vi.stubEnv('GIT_CONFIG_GLOBAL', '/dev/null');
  vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1');
});
afterAll(() => {
  vi.unstubAllEnvs();
  for (const remote of createdRemotes) fs.rmSync(remote, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
function uniqueName(what: string): string {
  counter += 1;
  return `${what}-${counter}`;
}

function writeFolder(files: Record<string, string>): string {
  const folder = path.join(scratch, uniqueName('seed'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
  return folder;
}

function openRepo(remote: string): GitConfigRepo {
  return new GitConfigRepo({ remote, branch: 'main', cloneDir: path.join(scratch, 'clones', uniqueName('clone')) });
}

type Transport = {
  transport: string;
  /** Folder the remote is created in. */
  dir: () => string;
  /** How Karma reaches the remote `<dir>/<name>.git`. */
  url: (dir: string, name: string) => string;
  /** What git says of a remote of this kind that does not exist. */
  missingWhy: RegExp;
};

const transports: Transport[] = [
  {
    transport: 'git daemon (git://)',
    dir: () => inject('gitDaemonBase'),
    url: (_dir, name) => `${inject('gitDaemonUrl')}/${name}.git`,
    missingWhy: /no such repository/,
  },
  {
    transport: 'bare repository path',
    dir: () => path.join(scratch, 'remotes'),
    url: (dir, name) => path.join(dir, `${name}.git`),
    missingWhy: /does not appear to be a git repository/,
  },
];

for (const { transport, dir, url, missingWhy } of transports) {
  const makeRepo: ConfigRepoFactory = async ({ seed }) => {
    const name = uniqueName('config');
    const bare = await createBareRemote({ dir: dir(), name, seedFrom: writeFolder(seed) });
    createdRemotes.push(bare.path);
    const remote = url(dir(), name);
    return {
      repo: openRepo(remote),
      remote: bare.path,
      outside: (file, text) => commitOutside({ remote, file, content: text, message: `Hand-edited ${file}` }),
      rejectNextPush: () => void rejectNextPush(bare.path),
      twin: () => openRepo(remote),
      open: openRepo,
      missing: { remote: url(dir(), uniqueName('missing')), why: missingWhy },
    };
  };
  describeConfigRepoContract(`git (${transport})`, makeRepo);
}

describe('the read half: a folder and a Git remote', () => {
  /** What the interpreter made of the files, without where they were read from. */
  function contents({ configs, bindings, schemas, errors }: ConfigRepoContents) {
    return { configs: configs.map(({ blob: _blob, ...config }) => config), bindings, schemas, errors };
  }

  it('read the same files to the same configs, bindings, schemas and errors', async () => {
    const folder = writeFolder({
      'iac/dev/vpc/main/config.json': '{\n  "cidr": "10.0.0.0/16"\n}\n',
      'iac/dev/vpc/main/modules/extra.json': '{ not json, and not looked at }',
      'iac/prod/vpc/main/config.json': '{\r\n\t"cidr": "10.1.0.0/16",\r\n\t"name": "prod — ünïcode"\r\n}',
      'iac/prod/vpc/edge/config.json': '{\n  "cidr": "10.2.0.0/16",\n  "cidr": "10.3.0.0/16"\n}\n',
      'iac/prod/s3-bucket/logs/config.json': '{ "versioning": true, }',
      'iac/prod/s3-bucket/empty/variables.tf': '',
      'iac/Bad Env/vpc/main/config.json': '{}',
      'account_environments/111111111111-us-east-1.json': '{ "environment": "dev" }',
      'account_environments/222222222222-us-east-1.json': '{ "account": "2" }',
      'schemas/vpc.schema.json': '{ "type": "object" }',
      'schemas/broken.schema.json': '[]',
      'README.md': '# not a config\n',
    });
    const bare = await createBareRemote({ dir: path.join(scratch, 'remotes'), name: uniqueName('same-read'), seedFrom: folder });
    createdRemotes.push(bare.path);

    const fromFolder = await new FolderConfigRepo(folder).read();
    const fromGit = await openRepo(bare.path).read();

    expect(contents(fromGit)).toEqual(contents(fromFolder));
    // Not an agreement on nothing: the seed has configs, a binding, a schema and every kind of error.
    expect(fromFolder.configs.map((c) => `${c.env}:${c.type}/${c.nickname}`)).toEqual(['dev:vpc/main', 'prod:s3-bucket/logs', 'prod:vpc/edge', 'prod:vpc/main']);
    expect(fromFolder.bindings).toHaveLength(1);
    expect(Object.keys(fromFolder.schemas)).toEqual(['vpc']);
    expect(fromFolder.errors.map((e) => e.file)).toEqual([
      'iac/Bad Env',
      'iac/prod/s3-bucket/empty',
      'iac/prod/s3-bucket/logs/config.json',
      'iac/prod/vpc/edge/config.json',
      'account_environments/222222222222-us-east-1.json',
      'schemas/broken.schema.json',
    ]);
    expect(fromGit.configs.every((c) => /^[0-9a-f]{40}$/.test(c.blob ?? ''))).toBe(true);
    expect(fromFolder.commit).toBeNull();
  });
});
