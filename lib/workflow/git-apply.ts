import 'server-only';
import { commitMessage, requestTrailer } from '@/lib/gitconfig/commit-message';
import { isWritableRepo, shortCommit, type ConfigRepo, type ConfigRepoReader, type GitPerson } from '@/lib/gitconfig/config-repo';
import type { ChangeRequest, GitBase, GitFile } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';

/**
 * The Git half of an apply (ARCHITECTURE.md §6a), run under the component's
 * lease after SSM was found at the request's base version and before SSM
 * is written:
 *
 * - the branch's files already hold the texts (this request's commit was
 *   pushed by an earlier apply, or it is a publish request): nothing to
 *   commit; the commit that put them there is looked up for the record.
 * - each file still is the blob the request was based on (or already holds
 *   its text): commit every member's file in ONE commit on the tip (a
 *   removal deletes its file) and push it as a compare-and-set; a push
 *   refused because the branch moved (or for any other reason) is tried
 *   again from a fresh fetch, re-checking the files each time.
 * - anything else: someone changed a file in Git since the proposal, so
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

/** The files a request commits: each member's (older requests carry only the request's own). */
function filesOf(request: ChangeRequest, base: GitBase): GitFile[] {
  const files = request.members.map((m) => m.git).filter((g): g is GitFile => g !== null);
  return files.length > 0 ? files : [{ file: base.file, blob: base.blob, baseText: base.baseText, text: base.text }];
}

export async function commitToGit(repo: ConfigRepoReader | null, request: ChangeRequest, { committer, now }: { committer: GitPerson; now: () => Date }): Promise<GitOutcome> {
  const base = request.git;
  if (!base) return { kind: 'none' };
  if (!isWritableRepo(repo)) {
    throw new AppError('unavailable', `This request was opened against the config repo ${base.remote}, which is not configured on this instance; nothing was written`);
  }
  const files = filesOf(request, base);
  let lastRefusal = '';
  for (let attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++) {
    const tip = await repo.filesAtTip(files.map((f) => f.file));
    const toCommit: GitFile[] = [];
    for (const file of files) {
      const found = tip.files[file.file] ?? null;
      if ((found?.text ?? null) === file.text) continue;
      if ((found?.blob ?? null) !== file.blob) throw staleInGit(base, file, tip.commit, found?.text ?? null, request);
      toCommit.push(file);
    }
    if (toCommit.length === 0) return { kind: 'in_git', ...(await alreadyInGit(repo, request, base, files)), isPushed: false, attempts: attempt - 1 };
    const commit = await repo.commitFiles({
      parent: tip.commit,
      files: toCommit.map(({ file, text }) => ({ file, text })),
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
  const what = files.length === 1 ? files[0].file : `The ${files.length} files of this change`;
  throw new AppError(
    'unavailable',
    `${what} could not be pushed to ${base.branch} after ${PUSH_ATTEMPTS} attempts (${lastRefusal}); nothing was written to Git or SSM: apply again`,
  );
}

async function alreadyInGit(repo: ConfigRepo, request: ChangeRequest, base: GitBase, files: GitFile[]): Promise<{ commit: string | null; note: string }> {
  const what = files.length === 1 ? files[0].file : `Every file of this change`;
  if (files.every((f) => f.text === f.baseText))
    return { commit: null, note: `${what} on ${base.branch} already ${files.length === 1 ? 'holds' : 'hold'} this config: nothing to commit, publishing only` };
  const commit = await requestCommit(repo, request, base);
  return commit
    ? { commit, note: `${what} on ${base.branch} already ${files.length === 1 ? 'holds' : 'hold'} this change (commit ${shortCommit(commit)}): publishing only` }
    : { commit: null, note: `${what} on ${base.branch} already ${files.length === 1 ? 'holds' : 'hold'} this config (committed outside Karma): publishing only` };
}

/** This request's commit on the branch: the one recorded, or one an earlier apply pushed without recording, found by its trailer. */
export async function requestCommit(repo: ConfigRepo, request: ChangeRequest, base: GitBase): Promise<string | null> {
  // One commit carries every file of the set: the first one's history finds it.
  const file = filesOf(request, base).find((f) => f.text !== f.baseText)?.file ?? base.file;
  return request.gitCommit ?? (await repo.findCommit({ since: base.commit, file, trailer: requestTrailer(request.id) }));
}

function staleInGit(base: GitBase, file: GitFile, tip: string, tipText: string | null, request: ChangeRequest): GitStaleError {
  const what = tipText === null ? 'was deleted' : file.baseText === null ? 'was created' : 'changed';
  const after = request.gitCommit ? ` after Karma committed ${shortCommit(request.gitCommit)}` : ' since the request was opened';
  return new GitStaleError(`${file.file} ${what} on ${base.branch}${after} (the branch is at ${shortCommit(tip)}, the request was based on ${shortCommit(base.commit)})`, tip);
}
