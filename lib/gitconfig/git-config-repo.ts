import 'server-only';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '@/lib/model/errors';
import { runInSlices, yieldEvery } from '@/lib/server/cooperative';
import { shortCommit, type ConfigRepo, type ConfigRepoInfo, type FileAtCommit, type FilesAtCommit, type GitPerson, type PushOutcome, type RepoSnapshot } from './config-repo';
import { GitCli, gitEnvironment, remoteRedactor } from './git-cli';
import { redactRemote } from './remote-address';
import { interpretRepoFilesStepwise, isRepoPath, type RepoFileInput } from './repo-files';
import { fileChangesLogArgs, parseFileChanges } from './repo-history';

export type GitConfigRepoOptions = {
  /** URL or path of the remote (https://, ssh://, git://, user@host:path, /srv/repo.git). */
  remote: string;
  branch: string;
  /** Where this instance keeps its own bare clone (an object cache: no working tree). */
  cloneDir: string;
  commitUrl?: string | null;
  token?: string | null;
};

const TIP = 'refs/karma/tip';

/**
 * The config repo as a Git remote (the write half of the port, and the
 * read half at the branch tip). Each instance has its own bare clone,
 * fetched before every read and write; the remote is the only shared
 * state, and a push is the only write to it. Calls on one clone run one at
 * a time (git's own ref locks would refuse overlapping fetches).
 */
export class GitConfigRepo implements ConfigRepo {
  readonly info: ConfigRepoInfo;
  private readonly git: GitCli;
  private queue: Promise<unknown> = Promise.resolve();
  private initialised = false;
  private cached: RepoSnapshot | null = null;
  private readonly redact: (text: string) => string;

  constructor(private readonly options: GitConfigRepoOptions) {
    const token = options.token ?? null;
    const shown = redactRemote(options.remote);
    this.info = { remote: shown, branch: options.branch, commitUrl: options.commitUrl ?? null, isWritable: true };
    this.redact = remoteRedactor(options.remote, token);
    this.git = new GitCli(gitEnvironment(token), this.redact);
  }

  /** One git conversation at a time on this clone. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private get dir(): string {
    return this.options.cloneDir;
  }

  private async init(): Promise<void> {
    if (this.initialised) return;
    const exists = await stat(path.join(this.dir, 'HEAD')).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(this.dir, { recursive: true });
      await this.git.run(['init', '--bare', '--quiet', this.dir]);
    }
    this.initialised = true;
  }

  /** The branch tip, fetched now, with any other refspecs in the same fetch. */
  private async fetchTip(extraRefspecs: string[] = []): Promise<string> {
    await this.init();
    const { remote, branch } = this.options;
    try {
      await this.git.run(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, `+refs/heads/${branch}:${TIP}`, ...extraRefspecs], { gitDir: this.dir });
    } catch (error) {
      if (error instanceof AppError && /couldn't find remote ref/i.test(error.internal ?? '')) {
        throw new AppError('unavailable', `The config repo ${this.info.remote} has no branch ${branch}`, { cause: error, internal: error.internal });
      }
      throw new AppError(
        error instanceof AppError ? error.code : 'unavailable',
        `Cannot fetch the config repo ${this.info.remote} (${branch}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, internal: error instanceof AppError ? error.internal : undefined },
      );
    }
    return (await this.git.text(['rev-parse', '--verify', `${TIP}^{commit}`], { gitDir: this.dir })).trim();
  }

  private async blobAt(commit: string, file: string): Promise<FileAtCommit['file']> {
    const listed = (await this.git.text(['ls-tree', '-z', commit, '--', file], { gitDir: this.dir })).split('\0').filter(Boolean);
    const entry = listed[0];
    if (!entry) return null;
    const [meta] = entry.split('\t');
    const [, type, blob] = meta.split(' ');
    if (type !== 'blob') return null;
    const text = (await this.git.run(['cat-file', 'blob', blob], { gitDir: this.dir })).stdout.toString('utf8');
    return { blob, text };
  }

  read(): Promise<RepoSnapshot> {
    return this.serial(async () => {
      let commit: string;
      try {
        commit = await this.fetchTip();
      } catch (error) {
        // A remote that is down must not take the graph with it: the last tip read stands, flagged.
        if (!this.cached) throw error;
        return {
          ...this.cached,
          staleReason: `${error instanceof Error ? error.message : String(error)}; using ${this.cached.commit ? shortCommit(this.cached.commit) : 'none'}, read before`,
        };
      }
      if (this.cached?.commit === commit) return this.cached;
      const listing = (await this.git.text(['ls-tree', '-r', '-z', '--full-tree', commit], { gitDir: this.dir })).split('\0').filter(Boolean);
      const wanted: Array<{ blob: string; path: string }> = [];
      for (const entry of listing) {
        const tab = entry.indexOf('\t');
        const [, type, blob] = entry.slice(0, tab).split(' ');
        const file = entry.slice(tab + 1);
        if (type === 'blob' && isRepoPath(file)) wanted.push({ blob, path: file });
      }
      const texts = await this.catBlobs(wanted.map((w) => w.blob));
      const files: RepoFileInput[] = wanted.map((w) => ({ path: w.path, blob: w.blob, text: texts.get(w.blob) ?? '' }));
      // One `git log` for every component file's last change (drift's since/who for unpublished), read once per tip.
      const fileChanges = parseFileChanges(await this.git.text(fileChangesLogArgs(commit, 'iac/'), { gitDir: this.dir }));
      const contents = await runInSlices(interpretRepoFilesStepwise(`${this.info.remote}@${shortCommit(commit)}`, files), yieldEvery());
      const snapshot: RepoSnapshot = { ...contents, commit, fileChanges };
      this.cached = snapshot;
      return snapshot;
    });
  }

  /** Many blobs in one `cat-file --batch`. */
  private async catBlobs(blobs: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(blobs)];
    const out = new Map<string, string>();
    if (unique.length === 0) return out;
    const { stdout } = await this.git.run(['cat-file', '--batch'], { gitDir: this.dir, input: unique.join('\n') + '\n' });
    let offset = 0;
    while (offset < stdout.length) {
      const headerEnd = stdout.indexOf(0x0a, offset);
      const [oid, , size] = stdout.subarray(offset, headerEnd).toString('utf8').split(' ');
      const length = Number(size);
      out.set(oid, stdout.subarray(headerEnd + 1, headerEnd + 1 + length).toString('utf8'));
      offset = headerEnd + 1 + length + 1;
    }
    return out;
  }

  fileAtTip(file: string): Promise<FileAtCommit> {
    return this.serial(async () => {
      const commit = await this.fetchTip();
      return { commit, file: await this.blobAt(commit, file) };
    });
  }

  filesAtTip(files: readonly string[]): Promise<FilesAtCommit> {
    return this.serial(async () => {
      const commit = await this.fetchTip();
      const found: FilesAtCommit['files'] = {};
      for (const file of files) found[file] = await this.blobAt(commit, file);
      return { commit, files: found };
    });
  }

  fileAt(ref: string, file: string): Promise<FileAtCommit | null> {
    return this.serial(async () => {
      // Every branch and tag in the same fetch, so a ref can be any of them or a commit on one.
      await this.fetchTip(['+refs/heads/*:refs/karma/heads/*', '+refs/tags/*:refs/karma/tags/*']);
      const candidates = [`refs/karma/heads/${ref}`, `refs/karma/tags/${ref}`, ...(/^[0-9a-f]{4,64}$/i.test(ref) ? [ref] : [])];
      for (const candidate of candidates) {
        const resolved = await this.git.run(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], { gitDir: this.dir, okCodes: [1, 128] });
        if (resolved.code !== 0) continue;
        const commit = resolved.stdout.toString('utf8').trim();
        return { commit, file: await this.blobAt(commit, file) };
      }
      return null;
    });
  }

  commitFile(input: { parent: string; file: string; text: string; message: string; author: GitPerson; committer: GitPerson; at: Date }): Promise<string> {
    const { file, text, ...rest } = input;
    return this.commitFiles({ ...rest, files: [{ file, text }] });
  }

  commitFiles(input: {
    parent: string;
    files: ReadonlyArray<{ file: string; text: string | null }>;
    message: string;
    author: GitPerson;
    committer: GitPerson;
    at: Date;
  }): Promise<string> {
    return this.serial(async () => {
      await this.init();
      const index = path.join(tmpdir(), `karma-index-${randomUUID()}`);
      const env = { GIT_INDEX_FILE: index };
      try {
        await this.git.run(['read-tree', input.parent], { gitDir: this.dir, env });
        for (const { file, text } of input.files) {
          if (text === null) {
            // A bare clone has no work tree: the entry is dropped through --index-info (mode 0 removes it).
            await this.git.text(['update-index', '--index-info'], { gitDir: this.dir, env, input: `0 ${'0'.repeat(40)}\t${file}\n` });
            continue;
          }
          const blob = (await this.git.text(['hash-object', '-w', '--stdin'], { gitDir: this.dir, input: text })).trim();
          await this.git.run(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`], { gitDir: this.dir, env });
        }
        const tree = (await this.git.text(['write-tree'], { gitDir: this.dir, env })).trim();
        const date = `${Math.floor(input.at.getTime() / 1000)} +0000`;
        const people = {
          GIT_AUTHOR_NAME: input.author.name,
          GIT_AUTHOR_EMAIL: input.author.email,
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_NAME: input.committer.name,
          GIT_COMMITTER_EMAIL: input.committer.email,
          GIT_COMMITTER_DATE: date,
        };
        // --no-gpg-sign: a signing key in the operator's git config is not Karma's to use.
        return (await this.git.text(['commit-tree', '--no-gpg-sign', tree, '-p', input.parent, '-F', '-'], { gitDir: this.dir, env: people, input: input.message })).trim();
      } finally {
        await rm(index, { force: true });
      }
    });
  }

  push(commit: string, expectedTip: string): Promise<PushOutcome> {
    return this.serial(async () => {
      const { remote, branch } = this.options;
      const ref = `refs/heads/${branch}`;
      // The lease makes the push a compare-and-set on the branch: the remote updates it only from expectedTip.
      const result = await this.git
        .run(['push', '--porcelain', '--quiet', `--force-with-lease=${ref}:${expectedTip}`, remote, `${commit}:${ref}`], { gitDir: this.dir, okCodes: [1] })
        .catch((error: unknown) => {
          // Unreachable, or the connection dropped: whether the push landed is unknown (apply looks for its trailer next time).
          const said = error instanceof Error ? error.message : String(error);
          throw new AppError(error instanceof AppError ? error.code : 'unavailable', `Cannot push to the config repo ${this.info.remote} (${branch}): ${said}`, {
            cause: error,
            internal: error instanceof AppError ? error.internal : undefined,
          });
        });
      if (result.code === 0) return { ok: true };
      const said = this.redact(`${result.stdout.toString('utf8')}\n${result.stderr}`);
      const line = said.split('\n').find((l) => l.startsWith('!')) ?? said.trim().split('\n').at(-1) ?? '';
      const why = (/\[(?:remote )?rejected\]\s*(.*)$/.exec(line)?.[1]?.trim() ?? line.trim()).replace(/^\((.*)\)$/, '$1');
      if (/\[remote rejected\]/.test(said)) {
        // Two pushes on one tip can both pass the lease check; the remote's ref lock then refuses the loser: it moved.
        const now = await this.remoteTip().catch(() => expectedTip);
        if (now !== expectedTip) return { ok: false, reason: 'moved', message: `${branch} moved on the remote (${why})` };
        return { ok: false, reason: 'refused', message: `the remote refused the push: ${why}` };
      }
      if (/\[rejected\]/.test(said)) return { ok: false, reason: 'moved', message: `${branch} moved on the remote (${why})` };
      throw new AppError('unavailable', `git push to ${this.info.remote} failed: ${why}`, { internal: said.trim() });
    });
  }

  /** Where the branch is on the remote now, without fetching it. */
  private async remoteTip(): Promise<string | null> {
    const ref = `refs/heads/${this.options.branch}`;
    const listed = await this.git.text(['ls-remote', '--heads', this.options.remote, ref], { gitDir: this.dir });
    const found = listed.split('\n').find((l) => l.endsWith(`\t${ref}`));
    return found ? found.split('\t')[0] : null;
  }

  findCommit({ since, file, trailer }: { since: string; file: string; trailer: string }): Promise<string | null> {
    return this.serial(async () => {
      const tip = await this.fetchTip();
      // The trailer as a whole line: `cr:1` must not find `cr:10`.
      const pattern = `^${trailer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
      const found = await this.git.text(['log', '--format=%H', '--extended-regexp', `--grep=${pattern}`, `${since}..${tip}`, '--', file], { gitDir: this.dir });
      return found.split('\n').find(Boolean) ?? null;
    });
  }

  commitMessage(commit: string): Promise<string> {
    return this.serial(async () => (await this.git.text(['log', '-1', '--format=%B', commit], { gitDir: this.dir })).trimEnd());
  }
}
