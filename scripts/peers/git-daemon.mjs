// A real Git remote on loopback as the config repo's origin for integration
// tests, e2e and benchmarks (ARCHITECTURE.md §9): `git daemon` serving bare
// repositories from one folder over git://, pushes included. Git itself comes
// from Debian (installed with apt-get when missing and running as root); the
// daemon is started on a loopback port and stopped by PID.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort, isPortOpen, LOOPBACK } from './ports.mjs';
import { describeExit, findOnPath, hasExited, run, spawnDetached, stopProcessGroup, tailText, waitFor } from './proc.mjs';
import { newLogFile, summarizeLog, tailFile } from './logs.mjs';

/**
 * GIT_CONFIG_GLOBAL (what keeps a developer's ~/.gitconfig out of the tests)
 * arrived in Git 2.32; older versions ignore it silently, so they are refused.
 */
const MIN_GIT_VERSION = [2, 32];

const START_TIMEOUT_MS = 20_000;
/** One readiness probe (ls-remote); a daemon that accepts but never answers must not stall the wait. */
const PROBE_TIMEOUT_MS = 5_000;
/** Retries when a port we picked ourselves was taken before the daemon bound it. */
const MAX_START_ATTEMPTS = 3;
/**
 * The daemon binds within a few milliseconds of being spawned; polling at the
 * usual 200 ms made every start take a quarter of a second longer than it
 * needs to (≈0.27 s against ≈0.09 s here).
 */
const POLL_INTERVAL_MS = 20;

const HOW_TO_INSTALL = 'Install Git 2.32+ with its daemon (Debian: apt-get install -y git; other distributions may package it as git-daemon).';

/**
 * Environment for every git command run against the peer, the daemon
 * included: the user's and the system's git config are ignored (an
 * `url.insteadOf`, a hooksPath or a signing setting there would change what
 * tests see), and so is every GIT_* variable of the caller: run from inside a
 * git hook (GIT_DIR, GIT_INDEX_FILE set) or with a developer's
 * GIT_AUTHOR_NAME, commands would act on the wrong repository or record the
 * wrong identity. Git never prompts: a test waiting for a password would hang.
 */
export function isolatedGitEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...extra };
}

/** `[2, 39, 5]` from "git version 2.39.5" (or "2.39.5.windows.1", "2.39.3 (Apple Git-146)"). */
function parseGitVersion(output) {
  const match = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : null;
}

function isAtLeast(version, minimum) {
  for (let i = 0; i < minimum.length; i++) {
    if (version[i] !== minimum[i]) return version[i] > minimum[i];
  }
  return true;
}

/**
 * Checks the git on PATH: its version, and that `git daemon` exists (some
 * distributions ship it in a separate package). `git daemon -h` prints the
 * usage and exits 129; a missing daemon makes git answer "not a git command".
 */
async function checkGit(git) {
  const versionResult = await run(git, ['--version'], { env: isolatedGitEnv() });
  const version = parseGitVersion(versionResult.output);
  if (versionResult.code !== 0 || !version) {
    throw new Error(`\`${git} --version\` failed:\n${tailText(versionResult.output)}\n${HOW_TO_INSTALL}`);
  }
  const versionText = version.join('.');
  if (!isAtLeast(version, MIN_GIT_VERSION)) {
    throw new Error(`The git daemon peer needs Git ${MIN_GIT_VERSION.join('.')}+, found ${versionText} (${git}). ${HOW_TO_INSTALL}`);
  }
  const daemonResult = await run(git, ['daemon', '-h'], { env: isolatedGitEnv() });
  if (!/usage: git daemon/.test(daemonResult.output)) {
    throw new Error(`\`git daemon\` is not available with ${git} ${versionText}:\n${tailText(daemonResult.output)}\n${HOW_TO_INSTALL}`);
  }
  return { git, version: versionText };
}

/** Checking takes two spawns; ask once per process. */
let gitCheck = null;

/**
 * Makes sure git and `git daemon` are usable: the git on PATH, else Debian's
 * package installed with apt-get when running as root. Otherwise throws,
 * saying how to install it. Returns `{ git, version, isFreshInstall }`.
 */
export async function ensureGitDaemon({ log = () => {} } = {}) {
  gitCheck ??= provisionGit(log).catch((error) => {
    gitCheck = null; // let a later call try again (e.g. after installing git)
    throw error;
  });
  return gitCheck;
}

async function provisionGit(log) {
  const present = findOnPath('git');
  if (present) return { ...(await checkGit(present)), isFreshInstall: false };

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
    throw new Error(`The git daemon peer needs git, which is not on PATH. ${HOW_TO_INSTALL}`);
  }
  // Root on Debian (CI): install it, like Chromium. Non-interactive, so no prompt can hang CI.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'git']]) {
    log(`apt-get ${args.join(' ')}`);
    const result = await run('apt-get', args, { env });
    if (result.code !== 0) {
      throw new Error(`\`apt-get ${args.join(' ')}\` failed while installing git:\n${tailText(result.output)}`);
    }
  }
  const installed = findOnPath('git');
  if (!installed) throw new Error(`apt-get installed git but it is not on PATH. ${HOW_TO_INSTALL}`);
  return { ...(await checkGit(installed)), isFreshInstall: true };
}

/** Runs git with a deadline (run() has none): a probe against a stuck daemon must fail, not hang. */
function gitWithTimeout(git, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(git, args, { env: isolatedGitEnv(), timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')}: ${String(stderr).trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * Readiness is a real fetch-side conversation, not only an open port:
 * ls-remote of a bare repository made for it, which git upload-pack serves
 * through the daemon. The repository is removed afterwards so the base
 * folder holds only what tests create.
 */
async function answersLsRemote(git, endpoint, baseDir) {
  const name = `.karma-readiness-${process.pid}-${Date.now()}.git`;
  const repo = path.join(baseDir, name);
  try {
    const init = await run(git, ['init', '--quiet', '--bare', '-b', 'main', repo], { env: isolatedGitEnv() });
    if (init.code !== 0) throw new Error(`git init --bare ${repo} failed:\n${tailText(init.output)}`);
    await gitWithTimeout(git, ['ls-remote', `${endpoint}/${name}`], PROBE_TIMEOUT_MS);
    return true;
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

async function startOnce({ git, port, baseDir }) {
  const endpoint = `git://${LOOPBACK}:${port}`;
  const logFile = newLogFile('git-daemon');
  const child = spawnDetached(
    git,
    [
      'daemon',
      // A restart on the port of a stopped daemon must not wait out TIME_WAIT.
      '--reuseaddr',
      // `git://127.0.0.1:<port>/<name>.git` is `<baseDir>/<name>.git`.
      `--base-path=${baseDir}`,
      // Every repository tests create is served, without a git-daemon-export-ok file.
      '--export-all',
      // Pushes too. git:// has no authentication, which is why it binds to loopback only.
      '--enable=receive-pack',
      // Clients see why a request failed ("repository not found"), not just a hang-up.
      '--informative-errors',
      // One log line per connection and request, so a failing test's log shows what reached the daemon.
      '--verbose',
      `--listen=${LOOPBACK}`,
      `--port=${port}`,
      // Only repositories under baseDir, whatever path a client asks for.
      baseDir,
    ],
    { cwd: baseDir, logFile, env: isolatedGitEnv() },
  );
  const failIf = () => (hasExited(child) ? `git daemon ${describeExit(child)}` : null);
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    await waitFor(() => isPortOpen(port), {
      timeoutMs: START_TIMEOUT_MS,
      intervalMs: POLL_INTERVAL_MS,
      description: `git daemon to listen on ${LOOPBACK}:${port}`,
      failIf,
    });
    await waitFor(() => answersLsRemote(git, endpoint, baseDir), {
      timeoutMs: Math.max(1_000, deadline - Date.now()),
      intervalMs: POLL_INTERVAL_MS,
      description: `git ls-remote over ${endpoint} to succeed`,
      failIf,
    });
  } catch (error) {
    await stopProcessGroup(child, { signal: 'SIGKILL' });
    const failure = new Error(`git daemon failed to start on ${endpoint}: ${error.message}\n${summarizeLog(logFile)}`);
    failure.isPortTaken = /address already in use|unable to allocate any listen sockets/i.test(tailFile(logFile, 200));
    throw failure;
  }
  return { endpoint, port, pid: child.pid, logFile, child };
}

/**
 * Starts `git daemon` on 127.0.0.1 (`port`, or a free one) serving the bare
 * repositories under `baseDir` (read and push), and resolves once an
 * ls-remote through it succeeds: `{ endpoint, port, pid, logFile, baseDir,
 * stop() }`, endpoint `git://127.0.0.1:<port>`. Without `baseDir` a temporary
 * folder is created, and removed by stop(). Checks (or installs) git first.
 */
export async function startGitDaemon({ baseDir, port } = {}) {
  const { git } = await ensureGitDaemon();
  const isOwnBaseDir = baseDir === undefined;
  const chosenBaseDir = isOwnBaseDir ? fs.mkdtempSync(path.join(os.tmpdir(), 'karma-git-daemon-')) : baseDir;
  fs.mkdirSync(chosenBaseDir, { recursive: true });
  // The daemon compares the paths it serves with its whitelist after
  // resolving them; a symlinked tmpdir (macOS: /var -> /private/var) would
  // otherwise make every repository "not exported".
  const realBaseDir = fs.realpathSync(chosenBaseDir);
  const removeOwnBaseDir = () => {
    if (isOwnBaseDir) fs.rmSync(realBaseDir, { recursive: true, force: true });
  };
  let started;
  for (let attempt = 1; ; attempt++) {
    const chosenPort = port ?? (await findFreePort());
    try {
      started = await startOnce({ git, port: chosenPort, baseDir: realBaseDir });
      break;
    } catch (error) {
      const canRetry = port === undefined && error.isPortTaken && attempt < MAX_START_ATTEMPTS;
      if (!canRetry) {
        removeOwnBaseDir();
        throw error;
      }
    }
  }
  const { child, ...peer } = started;
  return {
    ...peer,
    baseDir: realBaseDir,
    /**
     * Stops the daemon (SIGTERM to its process group, which includes the
     * upload-pack/receive-pack of open connections; SIGKILL after 10 s) and
     * waits for it to exit; then removes the base folder if startGitDaemon
     * created it.
     */
    stop: async ({ signal = 'SIGTERM' } = {}) => {
      await stopProcessGroup(child, { signal });
      removeOwnBaseDir();
    },
  };
}
