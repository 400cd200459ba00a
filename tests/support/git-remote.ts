/**
 * Bare Git repositories as the config repo's remote, and the faults a real
 * remote produces: someone else committing to the branch, a push the server
 * refuses. A repository is reached by its path, or, when created under the
 * git daemon's base folder (`inject('gitDaemonBase')`), over git:// as
 * `${inject('gitDaemonUrl')}/<name>.git`. Everything runs the real git
 * binary with the user's and the system's git config ignored
 * (isolatedGitEnv), so a developer's ~/.gitconfig cannot change the outcome.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isolatedGitEnv } from '../../scripts/peers/git-daemon.mjs';

export type GitIdentity = { name: string; email: string };

/** Author and committer of the commits createBareRemote seeds. */
export const SEED_IDENTITY: GitIdentity = { name: 'Seed', email: 'seed@example.com' };
/** Author of commitOutside's commits unless told otherwise: not Karma, not the seed. */
export const OUTSIDER_IDENTITY: GitIdentity = { name: 'Someone Else', email: 'someone-else@example.com' };
/**
 * Identity of every other command. Set even for commands that do not commit,
 * so no git command ever stops at "Please tell me who you are".
 */
const TEST_IDENTITY: GitIdentity = { name: 'Karma Test', email: 'karma-test@example.com' };

/** A git command against a stuck remote fails the test with its output instead of running into the test timeout. */
const GIT_TIMEOUT_MS = 30_000;

export type GitOptions = {
  cwd?: string;
  /** Author of a commit the command makes; also the committer unless `committer` is given. */
  author?: GitIdentity;
  committer?: GitIdentity;
  /** Written to the command's stdin (e.g. for --pathspec-from-file=-). */
  input?: string;
  timeoutMs?: number;
};

export type GitResult = { code: number | null; stdout: string; stderr: string };

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
    cwd: string | undefined,
  ) {
    const status = result.code === null ? 'was killed (timed out?)' : `exited with code ${result.code}`;
    super(`git ${args.join(' ')} ${status}${cwd ? ` in ${cwd}` : ''}:\n${(result.stderr || result.stdout).trim()}`);
    this.name = 'GitError';
  }
}

function identityEnv(author: GitIdentity, committer: GitIdentity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
}

/**
 * Runs git and resolves with its exit code and output; never rejects on a
 * non-zero exit (a test that expects a push to fail reads `stderr`). Rejects
 * only when git cannot be started at all.
 */
export function runGit(args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const { cwd, author = TEST_IDENTITY, committer = author, input, timeoutMs = GIT_TIMEOUT_MS } = options;
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd,
        env: isolatedGitEnv(identityEnv(author, committer)),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        // A string code is Node's, not git's: git missing (ENOENT), output over maxBuffer.
        if (error && typeof error.code === 'string') {
          const hint = error.code === 'ENOENT' ? ' (is git installed? npm run test:all provisions it)' : '';
          reject(new Error(`Could not run git ${args.join(' ')}${hint}: ${error.message}`));
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // execFile always gives the child a stdin pipe. A command that exits
    // without reading it (most do) makes the write fail with EPIPE, which
    // would surface as an uncaught error; its exit code says all there is.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
}

/** Runs git and resolves with its stdout; rejects with a GitError (command, exit code, stderr) when it fails. */
export async function git(args: readonly string[], options: GitOptions = {}): Promise<string> {
  const result = await runGit(args, options);
  if (result.code !== 0) throw new GitError(args, result, options.cwd);
  return result.stdout;
}

async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Files under `root` as posix paths relative to it, sorted; `.git` folders are skipped. */
function listFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').includes('.git'))
    .sort();
}

/**
 * The files of the first commit of a seeded history: those in the first half
 * of the folders (sorted), or the first half of the files when they are all
 * in one folder.
 */
function firstHalf(files: string[]): string[] {
  const folders = [...new Set(files.map((file) => path.posix.dirname(file)))].sort();
  if (folders.length < 2) return files.slice(0, Math.ceil(files.length / 2));
  const firstFolders = new Set(folders.slice(0, Math.ceil(folders.length / 2)));
  return files.filter((file) => firstFolders.has(path.posix.dirname(file)));
}

export type BareRemote = { path: string; branch: string };

/**
 * Creates the bare repository `<dir>/<name>.git` with `branch` as its HEAD.
 * With `seedFrom` (a folder), commits that folder's files to `branch` as
 * SEED_IDENTITY: in one commit, or with `history` in three (the first half
 * of the folders, the rest, then a README change), so `git log` has history.
 * Every seed commit is made even when it changes nothing, so the count is
 * always 1 or 3. Files are added with --force: a `.gitignore` in the seed
 * does not drop files from it.
 */
export async function createBareRemote({
  dir,
  name,
  branch = 'main',
  seedFrom,
  history = false,
}: {
  dir: string;
  name: string;
  branch?: string;
  seedFrom?: string;
  history?: boolean;
}): Promise<BareRemote> {
  const remotePath = path.join(dir, `${name}.git`);
  // `git init` on an existing repository silently "reinitializes" it: a name
  // reused by two tests would share one remote without anyone noticing.
  if (fs.existsSync(remotePath)) throw new Error(`${remotePath} already exists: give each remote its own name`);
  fs.mkdirSync(dir, { recursive: true });
  await git(['init', '--quiet', '--bare', '-b', branch, remotePath]);
  if (seedFrom === undefined) return { path: remotePath, branch };

  if (!fs.statSync(seedFrom).isDirectory()) throw new Error(`seedFrom ${seedFrom} is not a folder`);
  const files = listFiles(seedFrom);
  const label = path.basename(path.resolve(seedFrom));
  await withTempDir('karma-git-seed-', async (work) => {
    const inWork = { cwd: work, author: SEED_IDENTITY };
    await git(['clone', '--quiet', remotePath, work], inWork);
    // An empty clone's unborn HEAD may name another branch; commit to `branch`.
    await git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], inWork);
    fs.cpSync(seedFrom, work, { recursive: true, filter: (source) => path.basename(source) !== '.git' });
    const commit = (message: string) => git(['commit', '--quiet', '--allow-empty', '-m', message], inWork);
    // Paths through stdin: a benchmark's seed can hold more files than fit on a command line.
    const add = async (paths: string[]) => {
      if (paths.length > 0) await git(['add', '--force', '--pathspec-from-file=-', '--pathspec-file-nul'], { ...inWork, input: paths.join('\0') });
    };

    if (history) {
      await add(firstHalf(files));
      await commit(`Seed ${label}: first half of the folders`);
      await git(['add', '--all', '--force'], inWork);
      await commit(`Seed ${label}: the other folders`);
      const readme = path.join(work, 'README.md');
      const before = fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8') : `# ${name}\n`;
      fs.writeFileSync(readme, `${before.trimEnd()}\n\nSeeded by tests/support/git-remote.ts.\n`);
      await add(['README.md']);
      await commit('Update README');
    } else {
      await git(['add', '--all', '--force'], inWork);
      await commit(`Seed ${label}`);
    }
    await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], inWork);
  });
  return { path: remotePath, branch };
}

/**
 * Someone else commits to the config repo: clones `remote` (a path or a
 * git:// URL) into a temporary folder, writes `file` (a path inside the repo,
 * created or replaced), commits and pushes to `branch`. The commit is made
 * even when the content is unchanged, so the branch always moves. Resolves
 * with the new commit's sha.
 */
export async function commitOutside({
  remote,
  branch = 'main',
  file,
  content,
  message,
  author = OUTSIDER_IDENTITY,
  committer = author,
}: {
  remote: string;
  branch?: string;
  file: string;
  content: string | Buffer;
  message: string;
  author?: GitIdentity;
  committer?: GitIdentity;
}): Promise<string> {
  return withTempDir('karma-git-outside-', async (work) => {
    const inWork = { cwd: work, author, committer };
    await git(['clone', '--quiet', '--single-branch', '--branch', branch, '--', remote, work], inWork);
    const target = path.resolve(work, file);
    const relative = path.relative(work, target);
    if (relative.startsWith('..') || path.isAbsolute(relative) || relative.split(path.sep)[0] === '.git') {
      throw new Error(`commitOutside: ${file} is not a path inside the repository`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    await git(['add', '--force', '--', relative], inWork);
    await git(['commit', '--quiet', '--allow-empty', '-m', message], inWork);
    await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], inWork);
    return (await git(['rev-parse', 'HEAD'], inWork)).trim();
  });
}

/** `ls-remote` of a path or URL: ref name (`HEAD`, `refs/heads/main`) to sha. */
export async function lsRemote(remote: string): Promise<Map<string, string>> {
  const out = await git(['ls-remote', '--', remote]);
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (sha && ref) refs.set(ref, sha);
  }
  return refs;
}

export type RemoteCommit = {
  sha: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  subject: string;
  /** The message after the subject line (and its blank line), trailing newlines removed; '' when none. */
  body: string;
};

/** The readers below open the bare repository directly (`git --git-dir`), which a URL cannot be. */
function gitDirArgs(remote: string): string[] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) {
    throw new Error(`${remote} is a URL; reading a remote needs the bare repository's path`);
  }
  return [`--git-dir=${remote}`];
}

async function hasBranch(remote: string, branch: string): Promise<boolean> {
  const result = await runGit([...gitDirArgs(remote), 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
  return result.code === 0;
}

// Unit and record separators: they cannot appear in names, and a commit
// message containing them would be unusual enough to fail loudly.
const FIELD = '\x1f';
const RECORD = '\x1e';
const LOG_FORMAT = ['%H', '%an', '%ae', '%cn', '%ce', '%s', '%b'].join('%x1f') + '%x1e';

/** The newest `n` commits of `branch` (all when `n` is omitted), newest first; [] when the branch does not exist. */
export async function log(remote: string, branch = 'main', n?: number): Promise<RemoteCommit[]> {
  if (!(await hasBranch(remote, branch))) return [];
  const limit = n === undefined ? [] : [`--max-count=${n}`];
  const out = await git([...gitDirArgs(remote), 'log', ...limit, `--format=${LOG_FORMAT}`, `refs/heads/${branch}`, '--']);
  return out
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record !== '')
    .map((record) => {
      const [sha, authorName, authorEmail, committerName, committerEmail, subject, body] = record.split(FIELD);
      return { sha, authorName, authorEmail, committerName, committerEmail, subject, body: body.trimEnd() };
    });
}

/** Number of commits reachable from `branch`; 0 when it does not exist. */
export async function commitCount(remote: string, branch = 'main'): Promise<number> {
  if (!(await hasBranch(remote, branch))) return 0;
  return Number((await git([...gitDirArgs(remote), 'rev-list', '--count', `refs/heads/${branch}`])).trim());
}

/** The text of `file` at the tip of `branch`, or null when the file (or the branch) does not exist. */
export async function showFile(remote: string, branch: string, file: string): Promise<string | null> {
  const object = `refs/heads/${branch}:${file}`;
  const type = await runGit([...gitDirArgs(remote), 'cat-file', '-t', object]);
  if (type.code !== 0 || type.stdout.trim() !== 'blob') return null;
  return git([...gitDirArgs(remote), 'cat-file', 'blob', object]);
}

/** log, commitCount and showFile bound to one remote's branch. */
export function readRemote({ remote, branch = 'main' }: { remote: string; branch?: string }) {
  return {
    log: (n?: number) => log(remote, branch, n),
    commitCount: () => commitCount(remote, branch),
    showFile: (file: string) => showFile(remote, branch, file),
  };
}

export const PUSH_REJECTED_MESSAGE = 'karma-test: push rejected once';
const REJECT_MARKER = 'karma-reject-next-push';

/**
 * Hook that refuses the push that finds the marker and removes it, so the
 * next push passes. Taking the marker is one rename: of two concurrent
 * pushes, exactly one is refused. Hooks of a bare repository run in it, so
 * the marker's path is relative. stdin (the refs being pushed) is drained so
 * git never writes into a closed pipe.
 */
const REJECT_ONCE_HOOK = `#!/bin/sh
# Installed by rejectNextPush (tests/support/git-remote.ts).
cat >/dev/null
if mv ${REJECT_MARKER} ${REJECT_MARKER}.taken 2>/dev/null; then
  rm -f ${REJECT_MARKER}.taken
  echo "${PUSH_REJECTED_MESSAGE}" >&2
  exit 1
fi
exit 0
`;

/**
 * Makes the bare repository at `remotePath` refuse exactly the next push
 * (over any transport): a `pre-receive` hook prints PUSH_REJECTED_MESSAGE to
 * the pusher (as "remote: …") and exits 1, so no ref moves. Later pushes pass.
 * Returns a function that removes the hook (and the marker, if no push came).
 */
export function rejectNextPush(remotePath: string): () => void {
  if (!fs.existsSync(path.join(remotePath, 'objects'))) throw new Error(`${remotePath} is not a bare repository`);
  const hooksDir = path.join(remotePath, 'hooks');
  const hook = path.join(hooksDir, 'pre-receive');
  const marker = path.join(remotePath, REJECT_MARKER);
  // Replacing a hook a test installed itself would silently change that test.
  if (fs.existsSync(hook)) throw new Error(`${hook} already exists`);
  fs.mkdirSync(hooksDir, { recursive: true });
  fs.writeFileSync(marker, '');
  fs.writeFileSync(hook, REJECT_ONCE_HOOK, { mode: 0o755 });
  return () => {
    fs.rmSync(hook, { force: true });
    fs.rmSync(marker, { force: true });
  };
}

/** The blob id of `file` at `ref` (a branch, tag or commit) of a bare repository; null when it has no such file. */
export async function fileBlob(remote: string, ref: string, file: string): Promise<string | null> {
  const result = await runGit([...gitDirArgs(remote), 'rev-parse', '--verify', '--quiet', `${ref}:${file}`]);
  return result.code === 0 ? result.stdout.trim() : null;
}

export type CommitChanges = {
  parents: string[];
  /** Paths the commit changed against its first parent, sorted. */
  files: string[];
  /** Lines removed and added against the first parent (diff hunks without context), in order. */
  removed: string[];
  added: string[];
};

/** What one commit of a bare repository changed against its first parent. */
export async function commitChanges(remote: string, sha: string): Promise<CommitChanges> {
  const parents = (await git([...gitDirArgs(remote), 'rev-list', '--parents', '-n', '1', sha])).trim().split(' ').slice(1);
  const base = parents[0] ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904'; // the empty tree
  const files = (await git([...gitDirArgs(remote), 'diff', '--name-only', '-z', base, sha, '--'])).split('\0').filter(Boolean).sort();
  const patch = await git([...gitDirArgs(remote), 'diff', '--unified=0', '--no-color', '--no-ext-diff', base, sha, '--']);
  const removed: string[] = [];
  const added: string[] = [];
  for (const line of patch.split('\n')) {
    if (/^(?:--- (?:a\/|\/dev\/null)|\+\+\+ (?:b\/|\/dev\/null))/.test(line)) continue;
    if (line.startsWith('-')) removed.push(line.slice(1));
    else if (line.startsWith('+')) added.push(line.slice(1));
  }
  return { parents, files, removed, added };
}
