import 'server-only';
import type { User } from '@/lib/auth/roles';
import { personFor } from '@/lib/gitconfig/commit-message';
import { isWritableRepo, type ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { configFilePath } from '@/lib/gitconfig/repo-files';
import { textForRepo } from '@/lib/gitconfig/repo-style';
import type { GitBase, GitFile } from '@/lib/model/change-request';

type Target = { env: string; type: string; nickname: string };

/** One member as opened: its component and the config it proposes (null: a removal). */
export type GitMemberInput = Target & { proposedConfig: string | null };

export type CommitText = 'styled' | 'base' | { verbatim: string };

/**
 * Where a new request stands in the config repo, read fresh (one fetch):
 * the branch tip, and for each member its file's blob and text there and the
 * text apply will commit: the proposal in the repository's own style, or,
 * when `commitText` says so, the file as it is (`base`: a publish) or a text
 * taken verbatim (another ref's file); null for a removal, whose file apply
 * deletes. Null without a writable repo. The request's `git` carries the
 * first member's file, as before change sets.
 */
export async function gitBaseForSet(
  repo: ConfigRepoReader | null,
  members: readonly GitMemberInput[],
  { user, commitText = 'styled', from = null }: { user: User; commitText?: CommitText; from?: GitBase['from'] },
): Promise<{ base: GitBase; files: GitFile[] } | null> {
  if (!isWritableRepo(repo)) return null;
  const paths = members.map(configFilePath);
  const tip = await repo.filesAtTip(paths);
  // Only a new file needs the other files, for their style: one more fetch, then the tip's snapshot (cached by commit).
  const needsSamples = members.some((m, i) => m.proposedConfig !== null && tip.files[paths[i]] === null && commitText === 'styled');
  const samples = needsSamples ? (await repo.read()).configs.map((c) => c.raw) : [];
  const files: GitFile[] = members.map((member, i) => {
    const found = tip.files[paths[i]] ?? null;
    const baseText = found?.text ?? null;
    let text: string | null;
    if (member.proposedConfig === null) text = null;
    else if (typeof commitText === 'object') text = commitText.verbatim;
    else if (commitText === 'base' && baseText !== null) text = baseText;
    else text = textForRepo(member.proposedConfig, baseText, samples);
    return { file: paths[i], blob: found?.blob ?? null, baseText, text };
  });
  const first = files[0];
  return {
    base: {
      remote: repo.info.remote ?? '',
      branch: repo.info.branch ?? '',
      file: first.file,
      commit: tip.commit,
      blob: first.blob,
      baseText: first.baseText,
      // A removal's file has no text to commit; the members' `git` say so (text null).
      text: first.text ?? '',
      author: personFor(user),
      from,
    },
    files,
  };
}
