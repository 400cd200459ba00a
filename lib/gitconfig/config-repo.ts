/**
 * The config repo port (ARCHITECTURE.md §6a). Two halves:
 *
 * - reading: what the repo holds now (`read`), for the graph build, drift
 *   and simulation; a folder on disk (read-config-repo.ts) or a Git
 *   branch's tip (git-config-repo.ts).
 * - writing, Git only: the file at the branch tip with its blob id, a
 *   commit object that replaces one file, and a push that is a
 *   compare-and-set on the branch (it lands only if the branch is still at
 *   the commit it was built on). Apply (lib/workflow/git-apply.ts) is the
 *   only writer.
 *
 * The contract suite (contract/config-repo-contract.ts) runs on the Git
 * adapter against a `git daemon` remote and a plain path remote.
 */
import type { ConfigRepoContents } from './repo-files';
import type { RepoFileChange } from './repo-history';

export type GitPerson = { name: string; email: string };

/** A config repo's contents at one commit (null for a folder that is not read through Git). */
export type RepoSnapshot = ConfigRepoContents & {
  commit: string | null;
  /**
   * The newest commit that touched each file under iac/ (deleted files
   * too), by path; absent for a folder, which has no history.
   */
  fileChanges?: Record<string, RepoFileChange>;
  /** Set when the remote could not be fetched and this is the last snapshot read from it: why. */
  staleReason?: string;
};

export type RepoFile = { blob: string; text: string };
/** A file at a commit: `file` is null when the commit has no such file. */
export type FileAtCommit = { commit: string; file: RepoFile | null };

/** Several files at one commit: each null when the commit has no such file. */
export type FilesAtCommit = { commit: string; files: Record<string, RepoFile | null> };

export type PushOutcome =
  | { ok: true }
  /** The branch is no longer at the commit the push was built on (someone pushed first). */
  | { ok: false; reason: 'moved'; message: string }
  /** The remote refused it for another reason (a hook, a protected branch). */
  | { ok: false; reason: 'refused'; message: string };

export type ConfigRepoInfo = {
  /** The remote as shown to people: credentials removed. Null for a folder. */
  remote: string | null;
  branch: string | null;
  /** `https://github.com/org/repo/commit/{commit}`: where a commit can be seen, when known. */
  commitUrl: string | null;
  /** Whether apply writes to it (Git with a remote); a folder is read only. */
  isWritable: boolean;
};

export interface ConfigRepoReader {
  readonly info: ConfigRepoInfo;
  /** The repo now: a Git adapter fetches the branch first. */
  read(): Promise<RepoSnapshot>;
}

export interface ConfigRepo extends ConfigRepoReader {
  /** Fetches, then the branch tip and the file at it. */
  fileAtTip(file: string): Promise<FileAtCommit>;
  /** The file at a commit, branch or tag of the remote (fetched first); null when the ref does not exist. */
  fileAt(ref: string, file: string): Promise<FileAtCommit | null>;
  /** Fetches, then the branch tip and each of `files` at it (one fetch: the files of one commit). */
  filesAtTip(files: readonly string[]): Promise<FilesAtCommit>;
  /** A new commit (local only, not pushed) on `parent` whose only change is `file` := `text`. */
  commitFile(input: { parent: string; file: string; text: string; message: string; author: GitPerson; committer: GitPerson; at: Date }): Promise<string>;
  /** A new commit (local only, not pushed) on `parent` changing each of `files` (text null: the file is deleted). */
  commitFiles(input: {
    parent: string;
    files: ReadonlyArray<{ file: string; text: string | null }>;
    message: string;
    author: GitPerson;
    committer: GitPerson;
    at: Date;
  }): Promise<string>;
  /** Pushes `commit` to the branch, only if the branch is still at `expectedTip`. */
  push(commit: string, expectedTip: string): Promise<PushOutcome>;
  /**
   * Fetches, then the newest commit after `since` (exclusive) up to the tip
   * that changed `file` and whose message carries `trailer` (`Key: value`);
   * null when there is none.
   */
  findCommit(input: { since: string; file: string; trailer: string }): Promise<string | null>;
  /** The commit's message (for showing and checking). */
  commitMessage(commit: string): Promise<string>;
}

export function isWritableRepo(repo: ConfigRepoReader | null): repo is ConfigRepo {
  return repo !== null && repo.info.isWritable;
}

/** A commit id as people read it: 12 hex digits, as in every note and page. */
export function shortCommit(sha: string): string {
  return sha.slice(0, 12);
}

/** A commit's page on the forge, from the settings' template. */
export function commitLink(info: Pick<ConfigRepoInfo, 'commitUrl'>, commit: string | null): string | null {
  if (!info.commitUrl || !commit) return null;
  return info.commitUrl.replaceAll('{commit}', commit);
}
