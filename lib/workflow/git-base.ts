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
 * commit: the proposal in the repository's own style, or, when
 * `commitText` says so, the file as it is (`base`: a publish) or a text
 * taken verbatim (another ref's file). Null without a writable repo.
 */
export async function gitBaseFor(
  repo: ConfigRepoReader | null,
  target: Target,
  {
    proposedConfig,
    user,
    commitText = 'styled',
    from = null,
  }: { proposedConfig: string; user: User; commitText?: 'styled' | 'base' | { verbatim: string }; from?: GitBase['from'] },
): Promise<GitBase | null> {
  if (!isWritableRepo(repo)) return null;
  const file = configFilePath(target);
  const tip = await repo.fileAtTip(file);
  const baseText = tip.file?.text ?? null;
  let text: string;
  if (typeof commitText === 'object') text = commitText.verbatim;
  else if (commitText === 'base' && baseText !== null) text = baseText;
  else {
    // Only a new file needs the other files, for their style: one more fetch, then the tip's snapshot (cached by commit).
    const samples = baseText === null ? (await repo.read()).configs.map((c) => c.raw) : [];
    text = textForRepo(proposedConfig, baseText, samples);
  }
  return {
    remote: repo.info.remote ?? '',
    branch: repo.info.branch ?? '',
    file,
    commit: tip.commit,
    blob: tip.file?.blob ?? null,
    baseText,
    text,
    author: personFor(user),
    from,
  };
}
