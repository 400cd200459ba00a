import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureDemoRepo } from '@/lib/gitconfig/seed-demo-repo';
import { readConfigRepo } from '@/lib/gitconfig/read-config-repo';
import { redactRemote } from '@/lib/gitconfig/remote-address';
import type { ConfigRepoSettings } from '@/lib/model/settings';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import { seedFromConfigRepo, seedFromFixtures } from '@/lib/params/seed-local';
import { loadSettings } from '@/lib/server/settings';
import { checkFlags, EXIT, parseArgs, stringFlag, UsageError } from './io';
import type { Command } from './command';

export const seedCommand: Command = {
  usage: 'seed --from-git DIR [--replace] | seed --demo',
  summary: 'load a config repo (or the demo estate again) into the local store',
  async run(argv) {
    const args = parseArgs(argv, new Set(['replace', 'demo']));
    checkFlags(args, ['from-git', 'replace', 'demo']);
    const settings = loadSettings();
    if (settings.parameters.kind !== 'local') {
      throw new UsageError('seed writes to the embedded (local) parameter store only; KARMA_PARAMETERS is "ssm"');
    }
    const file = LocalParameterFile.inDataDir(settings.dataDir);

    if (args.flags.has('demo')) {
      const seeded = await seedFromFixtures(file, settings.fixturesDir);
      console.log(`Reset ${file.file} to the demo estate: ${seeded.parameters} parameters in ${seeded.environments} environments.`);
      const repo = settings.configRepo;
      if (repo?.kind === 'git' && repo.seedFrom) {
        // The demo's config repo goes back to its seed too, with this instance's clone of it.
        await rm(repo.cloneDir, { recursive: true, force: true });
        await ensureDemoRepo(repo.remote, repo.seedFrom, repo.branch, { isReset: true });
        console.log(`Reset the demo config repo ${repo.remote} from ${repo.seedFrom}.`);
      }
      return EXIT.ok;
    }
    const dir = stringFlag(args, 'from-git');
    if (!dir) throw new UsageError('say where the config repo is: --from-git DIR (or --demo)');
    const repo = await readConfigRepo(path.resolve(dir));
    if (repo.errors.length > 0) {
      console.error(`${repo.errors.length} file(s) in ${repo.root} cannot be read; nothing was written:`);
      for (const error of repo.errors) console.error(`  ${error.message}`);
      return EXIT.problems;
    }
    if (repo.configs.length === 0) {
      console.error(`${repo.root} has no iac/<env>/<type>/<nickname>/config.json files; nothing was written`);
      return EXIT.problems;
    }
    const result = await seedFromConfigRepo(file, repo.configs, { replace: args.flags.has('replace'), user: `karma seed --from-git ${path.basename(repo.root)}` });
    console.log(`Seeded ${file.file} from ${repo.root}: ${result.written} new config version(s), ${result.unchanged} unchanged, environments ${result.environments.join(', ')}.`);
    console.log(configRepoAdvice(settings.configRepo, repo.root));
    return EXIT.ok;
  },
};

/** What to set (or not) so drift compares this folder with what was just published: true for whatever the settings say now. */
export function configRepoAdvice(configured: ConfigRepoSettings | null, root: string): string {
  if (configured === null) return `To compare Git with what is published, set KARMA_CONFIG_REPO=${root}`;
  if (configured.kind === 'folder' && path.resolve(configured.path) === path.resolve(root)) {
    return `Drift already compares ${root} with what is published (the config repo is set to this folder).`;
  }
  const current = configured.kind === 'folder' ? `the folder ${configured.path}` : `the Git remote ${redactRemote(configured.remote)} (${configured.branch})`;
  return `Drift compares what is published with ${current}, not with ${root}; point KARMA_CONFIG_REPO (or KARMA_CONFIG_REMOTE) at this repo to compare it.`;
}
