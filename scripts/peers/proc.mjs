// Process and cache-folder helpers shared by the peer scripts (moto, Gremlin
// Server, Chromium) and the test runners. Node builtins only, so the scripts
// work right after `npm ci` with nothing else installed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: this file lives in <root>/scripts/peers/. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Everything the peers download or write lives here (`.cache/` is gitignored). */
export const peersCacheDir = path.join(repoRoot, '.cache', 'peers');

/** Keep only the end of captured output: failures are explained by their last lines. */
const MAX_CAPTURED_CHARS = 64 * 1024;

/**
 * Runs a command to completion, capturing stdout and stderr together.
 * Never rejects on a non-zero exit: callers decide what a failure means and
 * put the captured output into their own error message.
 * `echo: true` also streams the output to this process's stderr (long installs).
 */
export function run(command, args, { cwd = repoRoot, env = process.env, echo = false } = {}) {
  return new Promise((resolve) => {
    const finish = (result) => {
      runningCommands.delete(child);
      resolve(result);
    };
    let output = '';
    const append = (chunk) => {
      output = (output + chunk.toString()).slice(-MAX_CAPTURED_CHARS);
      if (echo) process.stderr.write(chunk);
    };
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ code: null, signal: null, output: String(error), error });
      return;
    }
    runningCommands.add(child);
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    // 'error' covers a missing executable (ENOENT); 'close' may not follow it.
    child.once('error', (error) => finish({ code: null, signal: null, output: `${output}${error.message}`, error }));
    child.once('close', (code, signal) => finish({ code, signal, output }));
  });
}

/** Commands started by run() that have not finished (pip, mvn, apt-get). */
const runningCommands = new Set();

/** Sends `signal` to every command run() is waiting for: used when the user interrupts provisioning. */
export function killRunningCommands(signal = 'SIGTERM') {
  for (const child of runningCommands) child.kill(signal);
}

/** Finds an executable on PATH without spawning `which` (absent on slim images). */
export function findOnPath(command) {
  if (command.includes('/')) return isExecutable(command) ? command : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Last `maxLines` lines of captured command output, for error messages. */
export function tailText(text, maxLines = 40) {
  return text.trimEnd().split('\n').slice(-maxLines).join('\n');
}

/** Process groups of detached peers still running, killed if this process exits. */
const liveGroups = new Set();
let isExitHookInstalled = false;

function installExitHook() {
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  // Peers run detached (their own process group) so that stopping one stops
  // everything it spawned, and so a Ctrl-C aimed at the test runner does not
  // hit them before teardown. The price is that they would outlive a runner
  // that exits without calling stop(); this synchronous hook closes that gap
  // at once for every exit that runs 'exit' handlers, and the watchdog below
  // within a second for the others (SIGKILL, an unhandled SIGTERM).
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

/**
 * Shell run as the leader of each peer's process group. It starts the peer,
 * then checks every second that the Node process that owns it is still alive;
 * if not (the owner was SIGKILLed, or was a vitest worker killed at the end of
 * a run), it kills the whole group, so no peer outlives its owner for long.
 * On SIGTERM (which stop() sends to the whole group) it waits for the peer, so
 * the leader exits only after the peer has: once stop() resolves, the port is
 * free and anything the peer writes at exit is complete.
 */
const WATCHDOG_SCRIPT = `
"$@" &
peer=$!
trap 'kill -TERM "$peer" 2>/dev/null; wait "$peer"; exit $?' TERM INT
while kill -0 "$peer" 2>/dev/null; do
  if ! kill -0 "$KARMA_PEER_OWNER_PID" 2>/dev/null; then kill -KILL 0; fi
  sleep 1
done
wait "$peer"
`;

/**
 * Starts a long-running peer in its own process group (led by the watchdog
 * above; the returned child is the watchdog and its pid is the group id) with
 * stdout and stderr going to `logFile` (truncated first). The child is
 * unref'd: a script that forgets stop() still exits, and the exit hook then
 * kills the peer.
 */
export function spawnDetached(command, args, { cwd = repoRoot, env = process.env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logFd = fs.openSync(logFile, 'w');
  try {
    const child = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'karma-peer', command, ...args], {
      cwd,
      env: { ...env, KARMA_PEER_OWNER_PID: String(process.pid) },
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    // A spawn failure (ENOENT) arrives as an event; keep it for the caller.
    child.once('error', (error) => {
      child.spawnError = error;
    });
    child.unref();
    if (child.pid !== undefined) {
      installExitHook();
      liveGroups.add(child.pid);
      child.once('exit', () => liveGroups.delete(child.pid));
    }
    return child;
  } finally {
    fs.closeSync(logFd); // the child holds its own copy of the descriptor
  }
}

export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null || child.spawnError !== undefined;
}

/** Describes how a child ended, for error messages. */
export function describeExit(child) {
  if (child.spawnError) return `could not be started (${child.spawnError.message})`;
  if (child.signalCode) return `was killed by ${child.signalCode}`;
  // The watchdog passes the peer's status on: 127 = command not found, 128+n = signal n.
  if (child.exitCode === 127) return 'could not be started (command not found, see the log)';
  return `exited with code ${child.exitCode}`;
}

function waitForExit(child, timeoutMs) {
  if (hasExited(child) || child.pid === undefined) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Stops a peer started by spawnDetached: `signal` to its whole process group,
 * then SIGKILL if it has not exited after `timeoutMs`. Resolves once the
 * process has exited (and was reaped), so its port is free again.
 */
export async function stopProcessGroup(child, { signal = 'SIGTERM', timeoutMs = 10_000 } = {}) {
  if (child.pid === undefined || hasExited(child)) return;
  killGroup(child.pid, signal);
  if (await waitForExit(child, timeoutMs)) return;
  killGroup(child.pid, 'SIGKILL');
  if (!(await waitForExit(child, 5_000))) {
    throw new Error(`Process ${child.pid} did not exit after SIGKILL`);
  }
}

/**
 * Polls `check` until it returns a truthy value, which is returned. A throwing
 * check counts as "not yet" (its message is kept for the timeout error).
 * `failIf` is asked first on every round; a string it returns aborts the wait
 * with that reason (e.g. the peer process has exited).
 */
export async function waitFor(check, { timeoutMs, intervalMs = 200, description, failIf = () => null }) {
  const deadline = Date.now() + timeoutMs;
  let lastError = null;
  for (;;) {
    const failure = failIf();
    if (failure) throw new Error(failure);
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${description}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export async function timed(fn) {
  const startedAt = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - startedAt };
}

export function formatDuration(ms) {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** Exit status a shell reports for a process ended by `signal`. */
export function signalExitCode(signal) {
  return 128 + (os.constants.signals[signal] ?? 1);
}

/** Grace period before a child that got the terminal's Ctrl-C itself is signalled by us. */
const FORWARD_GRACE_MS = 1_000;
const KILL_AFTER_MS = 15_000;

/**
 * Runs a command in the foreground (inherited stdio) and resolves with its
 * exit code (128+n when killed by signal n). While it runs, SIGINT/SIGTERM
 * sent to this process are passed on: after a short grace (a Ctrl-C from the
 * terminal reaches the child too, and a second signal would cut its cleanup
 * short) the child gets SIGTERM, then SIGKILL if it still has not exited.
 * `onSignal` is told which signal arrived, so callers can stop scheduling work.
 */
export function runForeground(command, args, { cwd = repoRoot, env = process.env, onSignal = () => {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    const timers = [];
    const forward = (signal) => {
      onSignal(signal);
      timers.push(
        setTimeout(() => child.kill('SIGTERM'), FORWARD_GRACE_MS),
        setTimeout(() => child.kill('SIGKILL'), FORWARD_GRACE_MS + KILL_AFTER_MS),
      );
    };
    const signals = ['SIGINT', 'SIGTERM'];
    for (const signal of signals) process.on(signal, forward);
    const finish = (code) => {
      for (const signal of signals) process.off(signal, forward);
      for (const timer of timers) clearTimeout(timer);
      resolve(code);
    };
    child.once('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      finish(127);
    });
    child.once('exit', (code, signal) => finish(code ?? signalExitCode(signal)));
  });
}

/** Path of a binary installed by `npm ci`, with a clear error when it is missing. */
export function localBin(name) {
  const bin = path.join(repoRoot, 'node_modules', '.bin', name);
  if (!isExecutable(bin)) throw new Error(`${bin} is missing: run \`npm ci\` first.`);
  return bin;
}
