// Drift's since/who for `unpublished` come from the config repo's history:
// a Git remote served by the integration project's git daemon, read by the
// Git adapter (one `git log` for every file), through loadGraph as a sync
// runs it. A folder checkout has no history, and says nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { GitConfigRepo } from '@/lib/gitconfig/git-config-repo';
import { FolderConfigRepo } from '@/lib/gitconfig/read-config-repo';
import type { ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { settingsFileSchema } from '@/lib/model/settings';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { loadGraph } from '@/lib/server/load-graph';
import { commitOutside, createBareRemote, git, OUTSIDER_IDENTITY } from '../support/git-remote';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'karma-drift-since-'));
beforeAll(() => {
  vi.stubEnv('GIT_CONFIG_GLOBAL', '/dev/null');
  vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1');
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const WEB = 'iac/dev/ecs-service/web/config.json';
const QUEUE = 'iac/dev/sqs-queue/new/config.json';
const published = { 'vpc/main': '{"cidr":"10.0.0.0/16"}', 'ecs-service/web': '{"image":"web:1","vpc_nickname":"main"}' };

function writeFolder(name: string, files: Record<string, string>): string {
  const folder = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
  return folder;
}

/** SSM (the embedded store) with the two configs published and deployed long before any commit below. */
async function publishedSources(): Promise<ParameterSources> {
  const file = new LocalParameterFile({ file: path.join(scratch, `params-${Date.now()}.json`), now: () => new Date('2026-01-01T00:00:00Z') });
  const dev = file.store('dev', '/iac');
  for (const [component, value] of Object.entries(published)) {
    await dev.put({ name: `/iac/${component}/config`, value, expectedVersion: null, user: 'publisher' });
    // Deployed at the same time: in sync but for Git.
    await dev.put({ name: `/iac/${component}/runtime`, value: '{}', expectedVersion: null, user: 'terraform' });
  }
  return { kind: 'local', stores: [dev], forEnv: (env) => (env === 'dev' ? dev : undefined), localFile: file };
}

async function driftOf(configRepo: ConfigRepoReader) {
  const { graph } = await loadGraph({ sources: await publishedSources(), file: settingsFileSchema.parse({}), configRepo, now: new Date('2026-12-01T00:00:00Z') });
  return Object.fromEntries(graph.components.map((c) => [c.id, { status: c.drift?.status, since: c.drift?.since, changedBy: c.drift?.changedBy }]));
}

describe('unpublished since and who', () => {
  it('are the commit that last changed the file in the Git config repo', async () => {
    const seed = writeFolder('seed', { 'iac/dev/vpc/main/config.json': published['vpc/main'], [WEB]: published['ecs-service/web'] });
    const bare = await createBareRemote({ dir: inject('gitDaemonBase'), name: `drift-since-${Date.now().toString(36)}`, seedFrom: seed });
    const remote = `${inject('gitDaemonUrl')}/${path.basename(bare.path)}`;
    const changed = await commitOutside({ remote, file: WEB, content: '{"image":"web:2","vpc_nickname":"main"}', message: 'New web image' });
    const added = await commitOutside({ remote, file: QUEUE, content: '{"queue_name":"new"}', message: 'A new queue' });
    const committedAt = async (sha: string) => new Date((await git([`--git-dir=${bare.path}`, 'log', '-1', '--format=%cI', sha])).trim()).toISOString();

    const repo = new GitConfigRepo({ remote, branch: 'main', cloneDir: path.join(scratch, 'clone') });
    const snapshot = await repo.read();
    expect(snapshot.fileChanges?.[WEB]).toEqual({ commit: changed, at: await committedAt(changed), by: OUTSIDER_IDENTITY.email });
    expect(snapshot.fileChanges?.['iac/dev/vpc/main/config.json']).toMatchObject({ by: 'seed@example.com' });

    const drift = await driftOf(repo);
    expect(drift['dev:ecs-service/web']).toEqual({ status: 'unpublished', since: await committedAt(changed), changedBy: OUTSIDER_IDENTITY.email });
    expect(drift['dev:sqs-queue/new']).toEqual({ status: 'unpublished', since: await committedAt(added), changedBy: OUTSIDER_IDENTITY.email });
    expect(drift['dev:vpc/main'].status).toBe('in_sync');
  });

  it('stay empty for a folder checkout, which has no history', async () => {
    const folder = writeFolder('checkout', { 'iac/dev/vpc/main/config.json': published['vpc/main'], [WEB]: '{"image":"web:2","vpc_nickname":"main"}' });
    const repo = new FolderConfigRepo(folder);
    expect((await repo.read()).fileChanges).toBeUndefined();
    expect((await driftOf(repo))['dev:ecs-service/web']).toEqual({ status: 'unpublished', since: null, changedBy: null });
  });
});
