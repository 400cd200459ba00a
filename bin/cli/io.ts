/** Exit codes: 0 ok, 1 problems found, 2 usage or connection error. */
export const EXIT = { ok: 0, problems: 1, error: 2 } as const;

export class UsageError extends Error {}

/** `flags` holds each flag's last value; `lists` every value of a flag with one, in order (for flags that may be repeated). */
export type ParsedArgs = { positionals: string[]; flags: Map<string, string | true>; lists: Map<string, string[]> };

/** `--name value`, `--name=value` and bare `--flag`; flags listed in `booleans` never take a value. */
export function parseArgs(argv: string[], booleans: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  const setValue = (name: string, value: string) => {
    flags.set(name, value);
    lists.set(name, [...(lists.get(name) ?? []), value]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (booleans.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (inline !== undefined) {
      setValue(name, inline);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      setValue(name, value);
      i++;
    }
  }
  return { positionals, flags, lists };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Every value a repeatable flag was given, in order; empty when it was not given. */
export function listFlag(args: ParsedArgs, name: string): string[] {
  return args.lists.get(name) ?? [];
}

export function checkFlags(args: ParsedArgs, allowed: string[]): void {
  for (const name of args.flags.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}

/** Refuses an environment the parameter sources do not have (a usage error), naming the ones they do. */
export function checkEnvironment(sources: { stores: ReadonlyArray<{ env: string }> }, env: string | undefined): void {
  if (env === undefined || sources.stores.some((s) => s.env === env)) return;
  throw new UsageError(`no environment "${env}"; configured: ${sources.stores.map((s) => s.env).join(', ') || 'none'}`);
}

export function table(rows: Array<Array<string | number>>): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => String(cell).padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
