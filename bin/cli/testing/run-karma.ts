import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

export type KarmaRun = { code: number | null; stdout: string; stderr: string };

/** `env` over the process's variables; an empty value unsets one (as far as settings are concerned it was never set). */
export function karmaEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const vars: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(vars)) if (value === '') delete vars[name];
  return vars;
}

/** Runs the real `bin/karma` in a child process, so tests see the exit codes and output a pipeline would. */
export function runKarma(args: string[], { env = {}, input }: { env?: Record<string, string>; input?: string } = {}): KarmaRun {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/karma'), ...args], { cwd: root, env: karmaEnv(env), encoding: 'utf8', input, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
