/**
 * The config repo's per-file history, read in one `git log` over every
 * component file (never a process per file): for each file, the newest
 * commit that touched it, deleted files included. Drift uses it for the
 * since/who of `unpublished` (lib/drift/drift-times.ts). Pure: the parsing
 * and the mapping to component ids; git-config-repo.ts runs the command.
 */
import { componentId, isValidName } from '@/lib/model/ids';

/** The newest commit that touched a file: when it landed (committer date, UTC) and who wrote it (the author's e-mail, else name). */
export type RepoFileChange = { commit: string; at: string; by: string | null };

const RECORD = '\x01';
const FIELD = '\x1f';

/** `git log` arguments whose output parseFileChanges reads: one record per commit, newest first, with the files it touched. */
export function fileChangesLogArgs(commit: string, under: string): string[] {
  return ['log', '-z', '--no-renames', '--name-only', '--format=%x01%H%x1f%cI%x1f%an%x1f%ae', commit, '--', under];
}

function toIso(date: string): string {
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date : new Date(ms).toISOString();
}

export function parseFileChanges(output: string): Record<string, RepoFileChange> {
  const changes: Record<string, RepoFileChange> = {};
  for (const record of output.split(RECORD)) {
    const end = record.indexOf('\0');
    if (end < 0) continue;
    const [commit, committedAt, name, email] = record.slice(0, end).split(FIELD);
    const files = record
      .slice(end + 1)
      .split('\0')
      .map((file) => file.replace(/^\n/, ''))
      .filter(Boolean);
    for (const file of files) {
      // Newest first: the first commit seen for a file is its last change.
      if (!Object.hasOwn(changes, file)) changes[file] = { commit, at: toIso(committedAt), by: email || name || null };
    }
  }
  return changes;
}

/** The changes of component config files (`iac/<env>/<type>/<nickname>/config.json`) by component id. */
export function changesByComponent(changes: Readonly<Record<string, RepoFileChange>>): Map<string, RepoFileChange> {
  const byId = new Map<string, RepoFileChange>();
  for (const [file, change] of Object.entries(changes)) {
    const parts = file.split('/');
    if (parts.length !== 5 || parts[0] !== 'iac' || parts[4] !== 'config.json') continue;
    const [, env, type, nickname] = parts;
    if (isValidName(env) && isValidName(type) && isValidName(nickname)) byId.set(componentId({ env, type, nickname }), change);
  }
  return byId;
}
