// The Git adapter against a remote that wants a token, as GitHub and GitLab
// do over HTTPS: smart HTTP served by `git http-backend` behind Basic auth
// (tests/support/git-http-remote.ts). KARMA_GIT_TOKEN reaches git only
// through the inline credential helper of lib/gitconfig/git-cli.ts: the
// right token reads and pushes, and no token, a wrong one or a password in
// the remote's URL never shows up in the clone, in an error, or as a prompt
// that would hang a server.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError, isAppError } from '@/lib/model/errors';
import { createBareRemote, log, rejectNextPush, showFile } from '../../tests/support/git-remote';
import { startGitHttpRemote, type GitHttpRemote } from '../../tests/support/git-http-remote';
import { GitConfigRepo } from './git-config-repo';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'karma-git-token-'));
const projectRoot = path.join(scratch, 'remotes');

/** Distinctive enough that finding it anywhere means it leaked. */
const TOKEN = `ghp_karmaTestToken${randomBytes(12).toString('hex')}`;
const WRONG_TOKEN = `ghp_karmaWrongToken${randomBytes(12).toString('hex')}`;
const URL_SECRET = `karmaUrlSecret${randomBytes(12).toString('hex')}`;
const WRONG_URL_SECRET = `karmaWrongUrlSecret${randomBytes(12).toString('hex')}`;

const SEED = {
  'iac/dev/vpc/main/config.json': '{\n  "cidr": "10.0.0.0/16"\n}\n',
  'iac/prod/vpc/main/config.json': '{\n  "cidr": "10.1.0.0/16"\n}\n',
  'iac/prod/s3-bucket/logs/config.json': '{\n  "versioning": true\n}\n',
};
const VPC = 'iac/dev/vpc/main/config.json';
const ADA = { name: 'Ada Lovelace', email: 'ada@example.com' };
const KARMA = { name: 'Karma', email: 'karma@example.com' };
const AT = new Date('2024-05-01T12:00:00Z');

/** A failing git call must fail well within the test timeout: a prompt would wait for ever. */
const FAILS_WITHIN_MS = 15_000;

let tokenRemote: GitHttpRemote;
let urlRemote: GitHttpRemote;

// The adapter runs git with this process's environment; a developer's
// ~/.gitconfig (a credential helper, insteadOf) must not change the outcome,
// and neither must an askpass program of their desktop, except in the test
// that is about exactly that.
beforeAll(async () => {
  vi.stubEnv('GIT_CONFIG_GLOBAL', '/dev/null');
  vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1');
  vi.stubEnv('GIT_ASKPASS', undefined);
  vi.stubEnv('SSH_ASKPASS', undefined);
  vi.stubEnv('KARMA_GIT_TOKEN', undefined);
  tokenRemote = await startGitHttpRemote({ projectRoot, token: TOKEN });
  urlRemote = await startGitHttpRemote({ projectRoot, token: URL_SECRET });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([tokenRemote?.stop(), urlRemote?.stop()]);
  fs.rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
function uniqueName(what: string): string {
  counter += 1;
  return `${what}-${counter}`;
}

async function seededRemote(): Promise<{ name: string; bare: string }> {
  const seed = path.join(scratch, uniqueName('seed'));
  for (const [file, text] of Object.entries(SEED)) {
    fs.mkdirSync(path.dirname(path.join(seed, file)), { recursive: true });
    fs.writeFileSync(path.join(seed, file), text);
  }
  const name = uniqueName('config');
  const bare = await createBareRemote({ dir: projectRoot, name, seedFrom: seed });
  return { name, bare: bare.path };
}

function newCloneDir(): string {
  return path.join(scratch, 'clones', uniqueName('clone'));
}

/** Every file under `dir`, as path → contents. */
function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dir, file), fs.readFileSync(file));
    }
  }
  return files;
}

/** Files under `dir` that hold `secret`, raw or as git or a URL might write it. */
function filesHolding(dir: string, secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
  return [...filesUnder(dir)].filter(([, content]) => forms.some((form) => content.includes(form))).map(([file]) => file);
}

/** The rejection of `promise`, which must come within FAILS_WITHIN_MS. */
async function rejection(promise: Promise<unknown>): Promise<{ error: AppError; ms: number }> {
  const started = performance.now();
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const ms = performance.now() - started;
  if (outcome.ok) throw new Error(`expected a rejection, got ${inspect(outcome.value, { depth: 1 })}`);
  if (!isAppError(outcome.error)) throw new Error(`expected an AppError, got ${inspect(outcome.error)}`);
  expect(ms).toBeLessThan(FAILS_WITHIN_MS);
  return { error: outcome.error, ms };
}

/** What a person or the server log can see of an error: its message and its internal detail. */
function shown(error: AppError): string {
  return `${error.message}\n${error.internal ?? ''}`;
}

describe('a token remote (KARMA_GIT_TOKEN through the credential helper)', () => {
  it('with the right token, reads the configs and pushes a commit that lands', async () => {
    const { name, bare } = await seededRemote();
    const remote = `${tokenRemote.url}${name}.git`;
    const cloneDir = newCloneDir();
    const repo = new GitConfigRepo({ remote, branch: 'main', cloneDir, token: TOKEN });
    const before = tokenRemote.requests.length;

    const snapshot = await repo.read();
    expect(snapshot.configs.map((c) => `${c.env}:${c.type}/${c.nickname}`).sort()).toEqual(['dev:vpc/main', 'prod:s3-bucket/logs', 'prod:vpc/main']);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.commit).toMatch(/^[0-9a-f]{40}$/);

    const tip = await repo.fileAtTip(VPC);
    expect(tip.commit).toBe(snapshot.commit);
    expect(tip.file?.text).toBe(SEED[VPC]);
    const text = '{\n  "cidr": "10.0.0.0/15"\n}\n';
    const commit = await repo.commitFile({ parent: tip.commit, file: VPC, text, message: 'Widen the dev VPC\n\nKarma-Change: cr:1\n', author: ADA, committer: KARMA, at: AT });
    expect(await repo.push(commit, tip.commit)).toEqual({ ok: true });

    const [landed] = await log(bare, 'main', 1);
    expect(landed).toMatchObject({ sha: commit, subject: 'Widen the dev VPC', authorName: ADA.name, committerName: KARMA.name });
    expect(await showFile(bare, 'main', VPC)).toBe(text);

    // Every answer came from http-backend behind the token, fetches and the push alike.
    const seen = tokenRemote.requests.slice(before);
    const authorized = seen.filter((r) => r.authorized);
    expect(authorized.length).toBeGreaterThan(0);
    expect(authorized.every((r) => r.username === 'x-access-token')).toBe(true);
    expect(authorized.some((r) => r.method === 'POST' && r.path === `/${name}.git/git-upload-pack`)).toBe(true);
    expect(authorized.some((r) => r.method === 'POST' && r.path === `/${name}.git/git-receive-pack`)).toBe(true);
    // Nothing got past the server without the token.
    expect(seen.filter((r) => !r.authorized).every((r) => r.username === null)).toBe(true);

    // The token is in none of the clone's files: not its config, FETCH_HEAD, packed-refs, refs or objects.
    expect(fs.existsSync(path.join(cloneDir, 'config'))).toBe(true);
    expect(fs.readFileSync(path.join(cloneDir, 'config'), 'utf8')).not.toContain(TOKEN);
    expect(fs.readFileSync(path.join(cloneDir, 'config'), 'utf8')).not.toMatch(/credential|helper/i);
    for (const file of ['FETCH_HEAD', 'packed-refs']) {
      const at = path.join(cloneDir, file);
      if (fs.existsSync(at)) expect(fs.readFileSync(at, 'utf8')).not.toContain(TOKEN);
    }
    expect(filesHolding(cloneDir, TOKEN)).toEqual([]);
  });

  it('with a wrong token, read() rejects as unavailable, naming the remote and neither token, without a prompt', { timeout: 30_000 }, async () => {
    const { name } = await seededRemote();
    const remote = `${tokenRemote.url}${name}.git`;
    const cloneDir = newCloneDir();
    const repo = new GitConfigRepo({ remote, branch: 'main', cloneDir, token: WRONG_TOKEN });
    const before = tokenRemote.requests.length;

    const { error } = await rejection(repo.read());
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(remote);
    expect(error.message).toMatch(/authentication failed/i);
    for (const secret of [TOKEN, WRONG_TOKEN]) expect(shown(error)).not.toContain(secret);

    // The helper did answer, with the wrong token: the server refused it.
    const seen = tokenRemote.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => !r.authorized)).toBe(true);
    expect(seen.some((r) => r.username === 'x-access-token')).toBe(true);
    expect(filesHolding(cloneDir, WRONG_TOKEN)).toEqual([]);
  });

  it('with no token and no credential helper, read() rejects as unavailable at once instead of prompting', { timeout: 30_000 }, async () => {
    const { name } = await seededRemote();
    const remote = `${tokenRemote.url}${name}.git`;
    const repo = new GitConfigRepo({ remote, branch: 'main', cloneDir: newCloneDir(), token: null });
    const before = tokenRemote.requests.length;

    const { error } = await rejection(repo.read());
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(remote);
    expect(error.message).toMatch(/could not read Username|terminal prompts disabled/i);
    expect(shown(error)).not.toContain(TOKEN);
    expect(tokenRemote.requests.slice(before).every((r) => !r.authorized && r.username === null)).toBe(true);
  });

  // A server has nobody to answer a prompt. GIT_TERMINAL_PROMPT=0 stops only
  // the terminal one: git still runs an askpass program, and SSH_ASKPASS is
  // what a desktop session sets for its password dialog (x11-ssh-askpass,
  // ksshaskpass), a prompt on a screen nobody watches. ssh itself is in
  // BatchMode, so nothing needs it.
  it('with no token, does not run the desktop askpass program (SSH_ASKPASS)', { timeout: 30_000 }, async () => {
    const { name } = await seededRemote();
    const remote = `${tokenRemote.url}${name}.git`;
    const asked = path.join(scratch, uniqueName('askpass-calls'));
    const askpass = path.join(scratch, uniqueName('askpass.sh'));
    // Records that it was asked, and answers with the token: were it used, the read would succeed.
    fs.writeFileSync(askpass, `#!/bin/sh\necho "$1" >> '${asked}'\necho '${TOKEN}'\n`, { mode: 0o755 });
    vi.stubEnv('SSH_ASKPASS', askpass);
    try {
      const repo = new GitConfigRepo({ remote, branch: 'main', cloneDir: newCloneDir(), token: null });
      const outcome = await repo.read().then(
        () => 'read the remote',
        (error: unknown) => (isAppError(error) ? error.code : String(error)),
      );
      const prompts = fs.existsSync(asked) ? fs.readFileSync(asked, 'utf8').trim().split('\n') : [];
      expect({ outcome, prompts }).toEqual({ outcome: 'unavailable', prompts: [] });
    } finally {
      vi.stubEnv('SSH_ASKPASS', undefined);
    }
  });
});

describe('a password in the remote URL (no KARMA_GIT_TOKEN)', () => {
  const withPassword = (name: string, password: string) => `${urlRemote.url.replace('http://', `http://karma-user:${password}@`)}${name}.git`;

  it('reads and pushes with it, and never shows it, neither when the push is refused nor when the password is wrong', { timeout: 30_000 }, async () => {
    const { name, bare } = await seededRemote();
    const remote = withPassword(name, URL_SECRET);
    const shownRemote = `${urlRemote.url}${name}.git`;
    const cloneDir = newCloneDir();
    const repo = new GitConfigRepo({ remote, branch: 'main', cloneDir, token: null });
    expect(repo.info.remote).toBe(shownRemote);
    const before = urlRemote.requests.length;

    const snapshot = await repo.read();
    expect(snapshot.configs.map((c) => `${c.env}:${c.type}/${c.nickname}`).sort()).toEqual(['dev:vpc/main', 'prod:s3-bucket/logs', 'prod:vpc/main']);
    expect(JSON.stringify(snapshot)).not.toContain(URL_SECRET);
    expect(urlRemote.requests.slice(before).some((r) => r.authorized && r.username === 'karma-user')).toBe(true);

    // The remote refuses the push (a hook): the outcome says so, without the password.
    const tip = await repo.fileAtTip(VPC);
    const commit = await repo.commitFile({ parent: tip.commit, file: VPC, text: '{\n  "cidr": "10.0.0.0/14"\n}\n', message: 'Widen\n', author: ADA, committer: KARMA, at: AT });
    const removeHook = rejectNextPush(bare);
    try {
      const refused = await repo.push(commit, tip.commit);
      expect(refused).toMatchObject({ ok: false, reason: 'refused' });
      expect(JSON.stringify(refused)).not.toContain(URL_SECRET);
    } finally {
      removeHook();
    }
    expect((await log(bare, 'main', 1))[0].sha).toBe(tip.commit);

    // A wrong password in the URL: the read and the push (from the same clone, which has the commit) fail, showing neither password.
    const wrongRemote = withPassword(name, WRONG_URL_SECRET);
    const wrong = new GitConfigRepo({ remote: wrongRemote, branch: 'main', cloneDir, token: null });
    expect(wrong.info.remote).toBe(shownRemote);
    const readFailure = (await rejection(wrong.read())).error;
    const pushFailure = (await rejection(wrong.push(commit, tip.commit))).error;
    for (const error of [readFailure, pushFailure]) {
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain(shownRemote);
      for (const secret of [URL_SECRET, WRONG_URL_SECRET]) expect(shown(error)).not.toContain(secret);
    }
    expect((await log(bare, 'main', 1))[0].sha).toBe(tip.commit);

    // With the right password the same commit lands.
    expect(await repo.push(commit, tip.commit)).toEqual({ ok: true });
    expect((await log(bare, 'main', 1))[0].sha).toBe(commit);
    for (const secret of [URL_SECRET, WRONG_URL_SECRET]) expect(filesHolding(cloneDir, secret)).toEqual([]);
  });

  // What a log line of the whole error (console.error(error), the cause chain
  // included) would print: the ExecFileException's message is the full
  // command line, the URL with its password in it.
  it('keeps the password out of the whole error, its cause included', { timeout: 30_000 }, async () => {
    const { name } = await seededRemote();
    const wrong = new GitConfigRepo({ remote: withPassword(name, WRONG_URL_SECRET), branch: 'main', cloneDir: newCloneDir(), token: null });
    const { error } = await rejection(wrong.read());
    expect(inspect(error, { depth: 10 })).not.toContain(WRONG_URL_SECRET);
  });
});
