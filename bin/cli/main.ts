/**
 * `karma` — the command line over the same lib/ services as the portal.
 * Exit codes: 0 ok, 1 problems found, 2 usage or connection error.
 */
import { AppError } from '@/lib/model/errors';
import { SettingsError } from '@/lib/server/settings';
import { applyCommand } from './apply-command';
import { changesCommand } from './changes-command';
import type { Command } from './command';
import { driftCommand } from './drift-command';
import { exportCommand } from './export-command';
import { graphCommand } from './graph-command';
import { historyCommand } from './history-command';
import { EXIT, UsageError } from './io';
import { proposeCommand } from './propose-command';
import { publishCommand } from './publish-command';
import { revertCommand } from './revert-command';
import { rolloutCommand } from './rollout-command';
import { seedCommand } from './seed-command';

const commands: Record<string, Command> = {
  apply: applyCommand,
  changes: changesCommand,
  drift: driftCommand,
  export: exportCommand,
  graph: graphCommand,
  history: historyCommand,
  'propose-change': proposeCommand,
  publish: publishCommand,
  revert: revertCommand,
  rollout: rolloutCommand,
  seed: seedCommand,
};

/** Refusals and problems with the input: exit 1. Anything else (a store down, an unknown id) is exit 2. */
const PROBLEM_CODES = new Set(['validation_failed', 'stale_version', 'conflict', 'forbidden', 'invalid_transition', 'payload_too_large']);

function help(): string {
  // A usage too long for the column gets its summary on the next line, under the others.
  const lines = Object.values(commands).map((c) => (c.usage.length > 58 ? `  ${c.usage}\n  ${' '.repeat(58)} ${c.summary}` : `  ${c.usage.padEnd(58)} ${c.summary}`));
  return ['Usage: karma <command> [options]', '', 'Commands:', ...lines, '', 'Exit codes: 0 ok, 1 problems found, 2 usage or connection error.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return name ? EXIT.ok : EXIT.error;
  }
  const command = commands[name];
  if (!command) {
    console.error(`karma: unknown command "${name}"\n\n${help()}`);
    return EXIT.error;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`karma ${name}: ${error.message}\nUsage: karma ${command.usage}`);
      return EXIT.error;
    }
    if (error instanceof SettingsError) {
      console.error(`karma: ${error.message}`);
      return EXIT.error;
    }
    if (error instanceof AppError) {
      // The operator at the terminal gets what the portal keeps for its log: the endpoint, the driver's words.
      console.error(`karma ${name}: ${error.message}${error.internal ? ` (${error.internal})` : ''}`);
      return PROBLEM_CODES.has(error.code) ? EXIT.problems : EXIT.error;
    }
    console.error(`karma ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = EXIT.error;
  },
);
