// The config repo's Git remote as Karma will meet it, over both transports it
// may be given: the git daemon the global setup starts (git://, pushes
// enabled) and a bare repository's plain path. Clones, pushes and ls-remote
// run the real git; the faults (someone else's commit, a refused push) come
// from tests/support/git-remote.ts and are checked on the remote itself. If
// this fails, every test that pushes to a config repo is suspect.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  commitCount,
  commitOutside,
  createBareRemote,
  git,
  log,
  lsRemote,
  PUSH_REJECTED_MESSAGE,
  readRemote,
  rejectNextPush,
  runGit,
  SEED_IDENTITY,
  showFile,
  type BareRemote,
  type GitIdentity,
} from '../support/git-remote';

const seedFolder = path.resolve(import.meta.dirname, '../../fixtures/demo/config-repo');
const seedFiles = (fs.readdirSync(seedFolder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(seedFolder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
  .sort();
const VPC_CONFIG = 'iac/dev/vpc/main/config.json';

const KARMA: GitIdentity = { name: 'Karma Portal', email: 'karma@example.com' };
const ADA: GitIdentity = { name: 'Ada Author', email: 'ada@example.com' };
const CARL: GitIdentity = { name: 'Carl Committer', email: 'carl@example.com' };

/** Clones and the plain-path remotes live here; the daemon's repositories live in its base folder. */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'karma-git-peer-'));
const plainRemotes = path.join(scratch, 'remotes');
const createdRemotes: string[] = [];
afterAll(() => {
  for (const remote of createdRemotes) fs.rmSync(remote, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
function uniqueName(what: string): string {
  counter += 1;
  return `${what}-${counter}`;
}

type Transport = {
  transport: string;
  /** Folder the remote is created in. */
  dir: () => string;
  /** How a client reaches the remote. */
  url: (remote: BareRemote, name: string) => string;
};

const transports: Transport[] = [
  { transport: 'git daemon (git://)', dir: () => inject('gitDaemonBase'), url: (_remote, name) => `${inject('gitDaemonUrl')}/${name}.git` },
  { transport: 'bare repository path', dir: () => plainRemotes, url: (remote) => remote.path },
];

describe.each(transports)('Git remote over $transport', ({ dir, url }) => {
  async function seededRemote(what: string, history = false) {
    const name = uniqueName(what);
    const remote = await createBareRemote({ dir: dir(), name, seedFrom: seedFolder, history });
    createdRemotes.push(remote.path);
    return { remote, url: url(remote, name) };
  }

  async function cloneOf(remoteUrl: string): Promise<string> {
    const clone = path.join(scratch, uniqueName('clone'));
    await git(['clone', '--quiet', remoteUrl, clone]);
    return clone;
  }

  async function commitIn(clone: string, file: string, content: string, message: string, author = KARMA): Promise<string> {
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.writeFileSync(path.join(clone, file), content);
    await git(['add', '--', file], { cwd: clone });
    await git(['commit', '--quiet', '-m', message], { cwd: clone, author });
    return (await git(['rev-parse', 'HEAD'], { cwd: clone })).trim();
  }

  it('clones a seeded remote with its three-commit history', async () => {
    const { remote, url: remoteUrl } = await seededRemote('history', true);

    const clone = await cloneOf(remoteUrl);

    const subjects = (await git(['log', '--format=%s'], { cwd: clone })).trim().split('\n');
    expect(subjects).toEqual(['Update README', 'Seed config-repo: the other folders', 'Seed config-repo: first half of the folders']);
    const tracked = (await git(['ls-files'], { cwd: clone })).trim().split('\n').sort();
    expect(tracked).toEqual([...seedFiles, 'README.md'].sort());
    expect(fs.readFileSync(path.join(clone, VPC_CONFIG), 'utf8')).toBe(fs.readFileSync(path.join(seedFolder, VPC_CONFIG), 'utf8'));
    // The first commit really holds only part of the tree.
    const firstTree = (await git(['ls-tree', '-r', '--name-only', 'HEAD~2'], { cwd: clone })).trim().split('\n');
    expect(firstTree.length).toBeGreaterThan(0);
    expect(firstTree.length).toBeLessThan(seedFiles.length);
    // Read on the bare repository itself, the history is the same.
    const history = await log(remote.path, 'main');
    expect(history.map((commit) => commit.subject)).toEqual(subjects);
    expect(history.every((commit) => commit.authorName === SEED_IDENTITY.name && commit.committerEmail === SEED_IDENTITY.email)).toBe(true);
    expect(await showFile(remote.path, 'main', 'README.md')).toContain('Seeded by tests/support/git-remote.ts.');
  });

  it('takes a pushed commit, which ls-remote then reports', async () => {
    const { remote, url: remoteUrl } = await seededRemote('push');
    const clone = await cloneOf(remoteUrl);
    const seedSha = (await lsRemote(remoteUrl)).get('refs/heads/main');
    expect(seedSha).toMatch(/^[0-9a-f]{40}$/);

    const sha = await commitIn(clone, VPC_CONFIG, '{"cidr":"10.1.0.0/16"}\n', 'Widen the dev VPC');
    await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], { cwd: clone });

    expect(sha).not.toBe(seedSha);
    expect((await lsRemote(remoteUrl)).get('refs/heads/main')).toBe(sha);
    // Same answer without the daemon in between: the push reached the repository.
    expect((await lsRemote(remote.path)).get('refs/heads/main')).toBe(sha);
    const remoteView = readRemote({ remote: remote.path });
    expect(await remoteView.commitCount()).toBe(2);
    expect(await remoteView.showFile(VPC_CONFIG)).toBe('{"cidr":"10.1.0.0/16"}\n');
    const [pushed] = await remoteView.log(1);
    expect(pushed).toMatchObject({ sha, authorName: KARMA.name, committerName: KARMA.name, subject: 'Widen the dev VPC', body: '' });
  });

  it('commitOutside moves the branch, and a clone made before is refused as non-fast-forward', async () => {
    const { remote, url: remoteUrl } = await seededRemote('outside');
    const staleClone = await cloneOf(remoteUrl);
    const before = (await lsRemote(remoteUrl)).get('refs/heads/main');

    const outsideSha = await commitOutside({
      remote: remoteUrl,
      file: 'iac/dev/vpc/main/config.json',
      content: '{"cidr":"10.9.0.0/16"}\n',
      message: 'Hand-edited the VPC',
    });

    expect(outsideSha).not.toBe(before);
    expect((await lsRemote(remoteUrl)).get('refs/heads/main')).toBe(outsideSha);
    expect(await showFile(remote.path, 'main', VPC_CONFIG)).toBe('{"cidr":"10.9.0.0/16"}\n');
    expect(await commitCount(remote.path, 'main')).toBe(2);

    await commitIn(staleClone, 'iac/dev/vpc/sandbox/config.json', '{"cidr":"10.2.0.0/16"}\n', 'Karma change on the old tip');
    const refused = await runGit(['push', 'origin', 'HEAD:refs/heads/main'], { cwd: staleClone });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/\[rejected\].*\(fetch first\)/);
    expect((await lsRemote(remoteUrl)).get('refs/heads/main')).toBe(outsideSha);

    // Rebased on the outside commit, the same change goes through.
    await git(['pull', '--quiet', '--rebase', 'origin', 'main'], { cwd: staleClone });
    await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], { cwd: staleClone });
    const [karmaCommit, outsideCommit] = await log(remote.path, 'main', 2);
    expect(karmaCommit.subject).toBe('Karma change on the old tip');
    expect(outsideCommit.sha).toBe(outsideSha);
  });

  it('rejectNextPush refuses exactly one push; the next one passes', async () => {
    const { remote, url: remoteUrl } = await seededRemote('reject');
    const clone = await cloneOf(remoteUrl);
    const seedSha = (await lsRemote(remoteUrl)).get('refs/heads/main');
    const sha = await commitIn(clone, VPC_CONFIG, '{"cidr":"10.3.0.0/16"}\n', 'Change refused once');
    const removeHook = rejectNextPush(remote.path);

    const first = await runGit(['push', 'origin', 'HEAD:refs/heads/main'], { cwd: clone });
    expect(first.code).not.toBe(0);
    expect(first.stderr).toContain(`remote: ${PUSH_REJECTED_MESSAGE}`);
    expect(first.stderr).toContain('pre-receive hook declined');
    expect((await lsRemote(remoteUrl)).get('refs/heads/main')).toBe(seedSha);

    const second = await runGit(['push', 'origin', 'HEAD:refs/heads/main'], { cwd: clone });
    expect(second.stderr).not.toContain(PUSH_REJECTED_MESSAGE);
    expect(second.code).toBe(0);
    expect((await lsRemote(remoteUrl)).get('refs/heads/main')).toBe(sha);

    // The hook stays installed but passes everything from now on.
    const later = await commitIn(clone, VPC_CONFIG, '{"cidr":"10.4.0.0/16"}\n', 'Later change');
    await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], { cwd: clone });
    expect((await lsRemote(remoteUrl)).get('refs/heads/main')).toBe(later);

    removeHook();
    expect(fs.existsSync(path.join(remote.path, 'hooks', 'pre-receive'))).toBe(false);
  });

  it('rejectNextPush refuses one of two concurrent pushes, not both', async () => {
    const { remote, url: remoteUrl } = await seededRemote('reject-race');
    const clone = await cloneOf(remoteUrl);
    await commitIn(clone, VPC_CONFIG, '{"cidr":"10.5.0.0/16"}\n', 'Racing change');
    const removeHook = rejectNextPush(remote.path);

    // Different branches, so the only thing the two pushes compete for is the hook's marker.
    const pushes = await Promise.all(['race-a', 'race-b'].map((branch) => runGit(['push', 'origin', `HEAD:refs/heads/${branch}`], { cwd: clone })));
    removeHook();

    const refused = pushes.filter((push) => push.stderr.includes(PUSH_REJECTED_MESSAGE));
    expect(refused).toHaveLength(1);
    expect(pushes.map((push) => push.code === 0).sort()).toEqual([false, true]);
    const refs = await lsRemote(remoteUrl);
    expect([refs.has('refs/heads/race-a'), refs.has('refs/heads/race-b')].sort()).toEqual([false, true]);
  });

  it('log() reports author and committer separately, with subject and body', async () => {
    const { remote, url: remoteUrl } = await seededRemote('identities');

    const sha = await commitOutside({
      remote: remoteUrl,
      file: 'iac/dev/vpc/main/config.json',
      content: '{"cidr":"10.6.0.0/16"}\n',
      message: 'Resize the dev VPC\n\nWhy: more subnets.\nTicket: OPS-1',
      author: ADA,
      committer: CARL,
    });

    const [latest, seed] = await log(remote.path, 'main', 5);
    expect(latest).toEqual({
      sha,
      authorName: ADA.name,
      authorEmail: ADA.email,
      committerName: CARL.name,
      committerEmail: CARL.email,
      subject: 'Resize the dev VPC',
      body: 'Why: more subnets.\nTicket: OPS-1',
    });
    expect(seed).toMatchObject({ authorName: 'Seed', authorEmail: 'seed@example.com', committerName: 'Seed', subject: 'Seed config-repo', body: '' });
    // The raw commit object agrees: the identities are git's, not the parser's.
    const raw = await git([`--git-dir=${remote.path}`, 'cat-file', 'commit', sha]);
    expect(raw).toMatch(/^author Ada Author <ada@example\.com> \d+ [+-]\d{4}$/m);
    expect(raw).toMatch(/^committer Carl Committer <carl@example\.com> \d+ [+-]\d{4}$/m);
  });
});

describe('reading a bare remote', () => {
  it('answers empty for a branch or file that does not exist, and refuses a URL', async () => {
    const remote = await createBareRemote({ dir: plainRemotes, name: uniqueName('empty') });

    expect(await log(remote.path, 'main')).toEqual([]);
    expect(await commitCount(remote.path, 'main')).toBe(0);
    expect(await showFile(remote.path, 'main', 'README.md')).toBeNull();
    await expect(log(`${inject('gitDaemonUrl')}/x.git`, 'main')).rejects.toThrow(/is a URL/);
    await expect(createBareRemote({ dir: plainRemotes, name: path.basename(remote.path, '.git') })).rejects.toThrow(/already exists/);
  });

  it('showFile tells a missing path from an existing one on the same branch', async () => {
    const remote = await createBareRemote({ dir: plainRemotes, name: uniqueName('files'), seedFrom: seedFolder });

    expect(await showFile(remote.path, 'main', VPC_CONFIG)).toBe(fs.readFileSync(path.join(seedFolder, VPC_CONFIG), 'utf8'));
    expect(await showFile(remote.path, 'main', 'iac/dev/vpc/nope/config.json')).toBeNull();
    expect(await showFile(remote.path, 'main', 'iac/dev/vpc')).toBeNull(); // a folder is not a file
    expect(await commitCount(remote.path, 'main')).toBe(1);
  });
});
