// Types for proc.mjs (the scripts are plain ESM so they run without a build;
// TypeScript callers such as benchmarks and the vitest global setup use these).
import type { ChildProcess } from 'node:child_process';

export type StopOptions = {
  /** SIGTERM (default) shuts down gracefully; SIGKILL simulates a crash. */
  signal?: NodeJS.Signals;
};

/** A peer started by startMoto / startGremlinServer. */
export type RunningPeer = {
  endpoint: string;
  port: number;
  pid: number;
  logFile: string;
  /** Stops the peer's process group and resolves once it has exited. */
  stop(options?: StopOptions): Promise<void>;
};

export type ProvisionOptions = {
  /** Called with a line describing each slow step (venv, pip, mvn, apt-get). */
  log?: (message: string) => void;
};

export type RunResult = { code: number | null; signal: NodeJS.Signals | null; output: string; error?: Error };

export const repoRoot: string;
export const peersCacheDir: string;

export function run(command: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean }): Promise<RunResult>;
export function killRunningCommands(signal?: NodeJS.Signals): void;
export function findOnPath(command: string): string | null;
export function isExecutable(file: string): boolean;
export function tailText(text: string, maxLines?: number): string;
export function spawnDetached(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string }): ChildProcess;
export function hasExited(child: ChildProcess): boolean;
export function describeExit(child: ChildProcess): string;
export function stopProcessGroup(child: ChildProcess, options?: StopOptions & { timeoutMs?: number }): Promise<void>;
export function waitFor<T>(check: () => T | Promise<T>, options: { timeoutMs: number; intervalMs?: number; description: string; failIf?: () => string | null }): Promise<T>;
export function timed<T>(fn: () => T | Promise<T>): Promise<{ result: T; ms: number }>;
export function formatDuration(ms: number): string;
export function signalExitCode(signal: NodeJS.Signals): number;
export function runForeground(
  command: string,
  args: readonly string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; onSignal?: (signal: NodeJS.Signals) => void },
): Promise<number>;
export function localBin(name: string): string;
