import 'server-only';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitCli, gitEnvironment } from './git-cli';

/**
 * The demo's config repo: a real repository in the data folder, made from
 * the fixture folder with a little history (the network first, then
 * everything else as it was published, then the two changes that are in Git
 * but not yet in SSM, by the engineer who made them), so an apply in the demo commits to it and `git log`
 * there shows the change with its trailers. It is the demo's remote: it
 * has a working tree to look at, and `receive.denyCurrentBranch
 * updateInstead` keeps that tree up to date when Karma pushes.
 */

const SEED_AUTHOR = {
  GIT_AUTHOR_NAME: 'Platform Team',
  GIT_AUTHOR_EMAIL: 'platform@example.com',
  GIT_COMMITTER_NAME: 'Platform Team',
  GIT_COMMITTER_EMAIL: 'platform@example.com',
};

/** The fixture's Git-only edits (fixtures/demo/README.md, `unpublished`): committed last, over the text SSM holds. */
const UNPUBLISHED = [
  { env: 'prod', file: 'iac/prod/ecs-service/storefront/config.json', parameter: '/iac/ecs-service/storefront/config' },
  { env: 'dev', file: 'iac/dev/serverless-site/www/config.json', parameter: '/iac/serverless-site/www/config' },
];
const UNPUBLISHED_AUTHOR = { GIT_AUTHOR_NAME: 'Jane Doe', GIT_AUTHOR_EMAIL: 'jane.doe@example.com' };

type FixtureParameters = { parameters: Array<{ name: string; history: Array<{ value: unknown }> }> };

/** The newest value SSM holds for a parameter in the fixture, as a config file. */
async function publishedText(seedFrom: string, env: string, parameter: string): Promise<string | null> {
  const fixture = JSON.parse(await readFile(path.join(seedFrom, '..', 'parameters', `${env}.json`), 'utf8')) as FixtureParameters;
  const history = fixture.parameters.find((p) => p.name === parameter)?.history ?? [];
  return history.length ? `${JSON.stringify(history[history.length - 1].value, null, 2)}\n` : null;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

export async function ensureDemoRepo(repoDir: string, seedFrom: string, branch: string, { isReset = false } = {}): Promise<boolean> {
  if (isReset) await rm(repoDir, { recursive: true, force: true });
  if (await exists(path.join(repoDir, '.git'))) return false;
  // Nothing of the operator's git config (hooks, signing, templates) applies to a repository Karma makes for itself.
  const git = new GitCli({ ...gitEnvironment(null), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...SEED_AUTHOR }, (t) => t);
  const building = `${repoDir}.building`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  const run = (args: string[], env: Record<string, string> = {}) => git.run(['-C', building, ...args], { env });
  await run(['init', '--quiet', '-b', branch]);
  const commit = async (message: string, at: string) => {
    await run(['add', '--all']);
    await run(['commit', '--quiet', '--no-gpg-sign', '-m', message], { GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at });
  };

  await cp(path.join(seedFrom, 'account_environments'), path.join(building, 'account_environments'), { recursive: true }).catch(() => {});
  await cp(path.join(seedFrom, 'schemas'), path.join(building, 'schemas'), { recursive: true }).catch(() => {});
  // The network layer first: vpcs and zones, as an estate is usually built.
  for (const env of await readdir(path.join(seedFrom, 'iac'))) {
    for (const type of ['vpc', 'route53-zone']) {
      const from = path.join(seedFrom, 'iac', env, type);
      if (await exists(from)) await cp(from, path.join(building, 'iac', env, type), { recursive: true });
    }
  }
  await commit('Network: vpcs and DNS zones for dev and prod', '2026-01-05T09:00:00Z');
  await cp(path.join(seedFrom, 'iac'), path.join(building, 'iac'), { recursive: true });
  const published = await Promise.all(UNPUBLISHED.map((u) => publishedText(seedFrom, u.env, u.parameter).catch(() => null)));
  await Promise.all(UNPUBLISHED.map((u, i) => (published[i] === null ? null : writeFile(path.join(building, u.file), published[i]!))));
  await commit('Services, data stores and queues for dev and prod', '2026-01-12T09:00:00Z');
  await Promise.all(UNPUBLISHED.map((u) => cp(path.join(seedFrom, u.file), path.join(building, u.file))));
  await run(['add', '--all']);
  await run(['commit', '--quiet', '--no-gpg-sign', '-m', 'Storefront 2026.11.4 with wider autoscaling; a preview alias for www'], {
    ...UNPUBLISHED_AUTHOR,
    GIT_AUTHOR_DATE: '2026-11-24T15:30:00Z',
    GIT_COMMITTER_DATE: '2026-11-24T15:30:00Z',
  });
  await run(['config', 'receive.denyCurrentBranch', 'updateInstead']);
  await rm(repoDir, { recursive: true, force: true });
  await mkdir(path.dirname(repoDir), { recursive: true });
  await rename(building, repoDir);
  return true;
}
