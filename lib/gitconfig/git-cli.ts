import 'server-only';
import { execFile, type ExecFileException } from 'node:child_process';
import { AppError } from '@/lib/model/errors';
import { redactRemote, remoteUserinfo } from './remote-address';

/**
 * Runs the `git` binary. Karma talks to Git through the CLI rather than a
 * library: it is the only client that uses the operator's own credential
 * helpers, SSH agent, proxies and `insteadOf` rules as they are, and its
 * plumbing (read-tree, hash-object, commit-tree, push --force-with-lease)
 * builds a commit without a working tree and pushes it as a
 * compare-and-set. isomorphic-git has no SSH and no credential helpers;
 * simple-git would only wrap these same commands.
 */

export type GitRun = { stdout: Buffer; stderr: string; code: number };

export type GitOptions = {
  gitDir?: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Exit codes that are answers, not failures (e.g. 1 from `merge-base --is-ancestor`). */
  okCodes?: number[];
  timeoutMs?: number;
};

/**
 * The environment every git call gets: never a prompt (a server process has
 * no terminal), SSH in batch mode, and, when KARMA_GIT_TOKEN is set, a
 * credential helper that answers with it for HTTP(S) remotes. The token
 * stays in the environment: it is never on a command line, in a URL or in
 * the clone's config.
 */
export function gitEnvironment(token: string | null): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A GIT_DIR or GIT_INDEX_FILE of the caller's shell must not redirect Karma's calls.
    if (value !== undefined && !/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+)$/.test(key)) env[key] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  // A desktop's password dialog (x11-ssh-askpass, ksshaskpass) that nobody on a server would see; ssh is in batch mode anyway.
  delete env.SSH_ASKPASS;
  env.GIT_SSH_COMMAND ??= 'ssh -o BatchMode=yes';
  if (token) {
    env.KARMA_GIT_TOKEN = token;
    // An empty helper first clears any configured ones for this call, so the token is what answers.
    env.GIT_CONFIG_COUNT = '2';
    env.GIT_CONFIG_KEY_0 = 'credential.helper';
    env.GIT_CONFIG_VALUE_0 = '';
    env.GIT_CONFIG_KEY_1 = 'credential.helper';
    env.GIT_CONFIG_VALUE_1 = '!f() { test "$1" = get && echo username=x-access-token && echo "password=$KARMA_GIT_TOKEN"; }; f';
  }
  return env;
}

/**
 * What hides a remote's credentials in everything git says about it: the
 * remote as shown, its user-info (raw and decoded: git:// prints it as part
 * of a host name), its password and the token. The user name alone is left:
 * `git` as a user would turn every "git" into stars.
 */
export function remoteRedactor(remote: string, token: string | null): (text: string) => string {
  const shown = redactRemote(remote);
  const userinfo = remoteUserinfo(remote);
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const password = userinfo?.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : null;
  const secrets = [password, password && decode(password), token].filter((v): v is string => Boolean(v));
  return (text) => {
    let out = text.split(remote).join(shown);
    if (userinfo) for (const info of new Set([userinfo, decode(userinfo)])) out = out.split(`${info}@`).join('');
    for (const secret of secrets) out = out.split(secret).join('***');
    return out;
  };
}

export class GitCli {
  constructor(
    private readonly baseEnv: Record<string, string>,
    private readonly redact: (text: string) => string,
  ) {}

  run(args: string[], options: GitOptions = {}): Promise<GitRun> {
    const fullArgs = options.gitDir ? [`--git-dir=${options.gitDir}`, ...args] : args;
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        fullArgs,
        {
          env: { ...this.baseEnv, ...options.env } as NodeJS.ProcessEnv,
          encoding: 'buffer',
          maxBuffer: 512 * 1024 * 1024,
          timeout: options.timeoutMs ?? 60_000,
          killSignal: 'SIGKILL',
        },
        (rawError: ExecFileException | null, stdout: Buffer, stderrBuffer: Buffer) => {
          const stderr = this.redact(stderrBuffer.toString('utf8'));
          // The raw error's message and cmd are the whole command line, a password in the remote's URL included.
          const error: ExecFileException | null =
            rawError &&
            Object.assign(new Error(this.redact(rawError.message)), {
              code: rawError.code,
              killed: rawError.killed,
              signal: rawError.signal,
              cmd: rawError.cmd === undefined ? undefined : this.redact(rawError.cmd),
            });
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          if (code === 0 || options.okCodes?.includes(code)) return resolve({ stdout, stderr, code });
          const spawnError = error && typeof error.code === 'string' ? error.code : null;
          if (spawnError === 'ENOENT') {
            return reject(new AppError('unavailable', 'Git is not installed on this server (no `git` on PATH); the config repo cannot be read or written', { cause: error }));
          }
          const timedOut = error?.killed === true;
          // The lines up to git's `fatal:` say why (the advice after it does not); an `ssh:` line before it is kept.
          const lines = stderr
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith('hint:'));
          const fatal = lines.findIndex((l) => /^(fatal|error):/.test(l));
          const last = fatal >= 0 ? lines.slice(0, fatal + 1).join('; ') : (lines.at(-1) ?? `exit ${code}`);
          reject(
            new AppError(timedOut ? 'timeout' : 'unavailable', timedOut ? `git ${args[0]} took too long and was stopped` : `git ${args[0]} failed: ${last}`, {
              cause: error,
              internal: `git ${this.redact(fullArgs.join(' '))}: ${stderr.trim()}`,
            }),
          );
        },
      );
      // git may exit before reading all of its input (a refusal); the broken pipe is its answer, not a crash.
      child.stdin?.on('error', () => {});
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  }

  async text(args: string[], options: GitOptions = {}): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8');
  }
}
