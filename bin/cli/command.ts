/** One `karma <name>` command: its one-line summary, its usage text, and what it runs (the exit code: bin/cli/io.ts EXIT). */
export type Command = { summary: string; usage: string; run(argv: string[]): Promise<number> };
