import 'server-only';
import { commitMessage, requestTrailer } from '@/lib/gitconfig/commit-message';
import { isWritableRepo, shortCommit, type ConfigRepo, type ConfigRepoReader, type GitPerson } from '@/lib/gitconfig/config-repo';
import type { ChangeRequest, GitBase } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';

/**
 * The Git half of an apply (ARCHITECTURE.md §6a), run under the component's
 * lease after SSM was found at the request's base version and before SSM
 * is written:
 *
 * - the branch's file already holds the text (this request's commit was
 *   pushed by an earlier apply, or it is a publish request): nothing to
 *   commit; the commit that put it there is looked up for the record.
 * - the file is still the blob the request was based on: commit the text
 *   on the tip and push it as a compare-and-set; a push refused because
 *   the branch moved (or for any other reason) is tried again from a fresh
 *   fetch, re-checking the file each time.
 * - anything else: someone changed the file in Git since the proposal, so
 *   the request is stale (GitStaleError) and nothing is written anywhere.
 */

/** Attempts at pushing: one, and two more after a refused push, each from a fresh fetch. */
export const PUSH_ATTEMPTS = 3;

export class GitStaleError extends AppError {
  constructor(
    /** What moved, for the request's stale reason. */
    readonly fact: string,
    readonly tip: string,
  ) {
    super('stale_version', `${fact}; nothing was written to Git or SSM: propose the change again from the current config`);
  }
}

export type GitOutcome =
  /** Opened without a writable config repo: SSM only. */
  | { kind: 'none' }
  /** `commit` null: the file already held the text and no commit of this request made it so. */
  | { kind: 'in_git'; commit: string | null; isPushed: boolean; attempts: number; note: string };

export async function commitToGit(repo: ConfigRepoReader | null, request: ChangeRequest, { committer, now }: { committer: GitPerson; now: () => Date }): Promise<GitOutcome> {
  const base = request.git;
  if (!base) return { kind: 'none' };
  if (!isWritableRepo(repo)) {
    throw new AppError('unavailable', `This request was opened against the config repo ${base.remote}, which is not configured on this instance; nothing was written`);
  }
  let lastRefusal = '';
  for (let attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++) {
    const tip = await repo.fileAtTip(base.file);
    const tipText = tip.file?.text ?? null;
    if (tipText === base.text) return { kind: 'in_git', ...(await alreadyInGit(repo, request, base)), isPushed: false, attempts: attempt - 1 };
    if ((tip.file?.blob ?? null) !== base.blob) throw staleInGit(base, tip.commit, tipText, request);
    const commit = await repo.commitFile({
      parent: tip.commit,
      file: base.file,
      text: base.text,
      message: commitMessage(request),
      author: base.author,
      committer,
      at: now(),
    });
    // A push whose answer was lost throws here: the request becomes apply_failed, and the next apply finds the commit.
    const pushed = await repo.push(commit, tip.commit);
    if (pushed.ok) {
      const note = `Committed ${shortCommit(commit)} to ${base.branch}${attempt > 1 ? ` (after ${attempt - 1} refused push${attempt > 2 ? 'es' : ''}: ${lastRefusal})` : ''}`;
      return { kind: 'in_git', commit, isPushed: true, attempts: attempt, note };
    }
    lastRefusal = pushed.message;
  }
  throw new AppError(
    'unavailable',
    `${base.file} could not be pushed to ${base.branch} after ${PUSH_ATTEMPTS} attempts (${lastRefusal}); nothing was written to Git or SSM: apply again`,
  );
}

async function alreadyInGit(repo: ConfigRepo, request: ChangeRequest, base: GitBase): Promise<{ commit: string | null; note: string }> {
  if (base.text === base.baseText) return { commit: null, note: `${base.file} on ${base.branch} already holds this config: nothing to commit, publishing only` };
  const commit = await requestCommit(repo, request, base);
  return commit
    ? { commit, note: `${base.file} on ${base.branch} already holds this change (commit ${shortCommit(commit)}): publishing only` }
    : { commit: null, note: `${base.file} on ${base.branch} already holds this config (committed outside Karma): publishing only` };
}

/** This request's commit on the branch: the one recorded, or one an earlier apply pushed without recording, found by its trailer. */
export async function requestCommit(repo: ConfigRepo, request: ChangeRequest, base: GitBase): Promise<string | null> {
  return request.gitCommit ?? (await repo.findCommit({ since: base.commit, file: base.file, trailer: requestTrailer(request.id) }));
}

function staleInGit(base: GitBase, tip: string, tipText: string | null, request: ChangeRequest): GitStaleError {
  const what = tipText === null ? 'was deleted' : 'changed';
  const after = request.gitCommit ? ` after Karma committed ${shortCommit(request.gitCommit)}` : ' since the request was opened';
  return new GitStaleError(`${base.file} ${what} on ${base.branch}${after} (the branch is at ${shortCommit(tip)}, the request was based on ${shortCommit(base.commit)})`, tip);
}
