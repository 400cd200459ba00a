import 'server-only';
import type { User } from '@/lib/auth/roles';
import { personFor } from '@/lib/gitconfig/commit-message';
import { isWritableRepo, type ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { configFilePath } from '@/lib/gitconfig/repo-files';
import { textForRepo } from '@/lib/gitconfig/repo-style';
import type { GitBase } from '@/lib/model/change-request';

type Target = { env: string; type: string; nickname: string };

/**
 * Where a new request stands in the config repo, read fresh (a fetch): the
 * branch tip, the file's blob and text there, and the text apply will
 * commit, in the repository's own style. Null without a writable repo.
 */
export async function gitBaseFor(
  repo: ConfigRepoReader | null,
  target: Target,
  { proposedConfig, user, isPublish = false, from = null }: { proposedConfig: string; user: User; isPublish?: boolean; from?: GitBase['from'] },
): Promise<GitBase | null> {
  if (!isWritableRepo(repo)) return null;
  const file = configFilePath(target);
  const tip = await repo.fileAtTip(file);
  const baseText = tip.file?.text ?? null;
  // read() is the same fetch's tip, cached by commit: the other files tell a new file's style.
  const samples = baseText === null ? (await repo.read()).configs.map((c) => c.raw) : [];
  return {
    remote: repo.info.remote ?? '',
    branch: repo.info.branch ?? '',
    file,
    commit: tip.commit,
    blob: tip.file?.blob ?? null,
    baseText,
    text: isPublish && baseText !== null ? baseText : textForRepo(proposedConfig, baseText, samples),
    author: personFor(user),
    from,
  };
}
