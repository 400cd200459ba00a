import 'server-only';
import type { ConfigRepoSettings } from '@/lib/model/settings';
import type { ConfigRepoReader } from './config-repo';
import { GitConfigRepo } from './git-config-repo';
import { FolderConfigRepo } from './read-config-repo';
import { ensureDemoRepo } from './seed-demo-repo';

/**
 * The config repo the settings describe: a Git remote (read and written), a
 * folder (read only), or none. The demo's repository is created from the
 * fixtures the first time.
 */
export async function openConfigRepo(settings: ConfigRepoSettings | null): Promise<ConfigRepoReader | null> {
  if (!settings) return null;
  if (settings.kind === 'folder') return new FolderConfigRepo(settings.path);
  if (settings.seedFrom) await ensureDemoRepo(settings.remote, settings.seedFrom, settings.branch);
  return new GitConfigRepo({ remote: settings.remote, branch: settings.branch, cloneDir: settings.cloneDir, commitUrl: settings.commitUrl, token: settings.token });
}
