// Types for git-daemon.mjs (the config repo's Git remote).
import type { ProvisionOptions, RunningPeer } from './proc.mjs';

/** A started git daemon; `endpoint` is `git://127.0.0.1:<port>`, a repository `<baseDir>/<name>.git` is `${endpoint}/<name>.git`. */
export type RunningGitDaemon = RunningPeer & {
  /** The folder served (symlinks resolved); create bare repositories in it. */
  baseDir: string;
};

/** process.env without GIT_* variables, ignoring global and system git config, never prompting; `extra` is added last. */
export function isolatedGitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export function ensureGitDaemon(options?: ProvisionOptions): Promise<{ git: string; version: string; isFreshInstall: boolean }>;
/** Without `baseDir`, serves a new temporary folder that stop() removes. */
export function startGitDaemon(options?: { baseDir?: string; port?: number }): Promise<RunningGitDaemon>;
