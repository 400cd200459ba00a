/**
 * What an Adage config repo holds, worked out from its files — wherever they
 * came from (a folder on disk, a Git tree):
 *   iac/<env>/<type>/<nickname>/config.json   desired config per component
 *   account_environments/<binding>.json        account → environment bindings
 *   schemas/<type>.schema.json                 optional JSON Schemas
 * Every file that is not JSON, has duplicate keys or sits where no file
 * belongs is reported with its path (and line/column), never skipped
 * silently. Pure.
 */
import { runStraight, type Stepwise } from '@/lib/graph/stepwise';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import { isValidName } from '@/lib/model/ids';
import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/model/json';

/** One file, its path relative to the repo root with `/` separators; `blob` is its Git object id when read from Git. */
export type RepoFileInput = { path: string; text: string; blob?: string };

/** `value` is null when the file is not JSON (the error is in `errors`); `raw` is always the file's text. */
export type RepoConfig = { env: string; type: string; nickname: string; file: string; raw: string; value: JsonValue | null; blob?: string };
export type RepoBinding = { binding: string; file: string; value: JsonObject };
export type RepoSchema = { type: string; file: string; schema: JsonObject };
export type RepoFileError = { file: string; line?: number; column?: number; message: string };

export type ConfigRepoContents = {
  /** Where it was read from: a folder, or `<remote>@<commit>`. */
  root: string;
  configs: RepoConfig[];
  bindings: RepoBinding[];
  schemas: Record<string, RepoSchema>;
  errors: RepoFileError[];
};

/** The file a component's desired config lives in. */
export function configFilePath({ env, type, nickname }: { env: string; type: string; nickname: string }): string {
  return `iac/${env}/${type}/${nickname}/config.json`;
}

function readJson(file: RepoFileInput, errors: RepoFileError[]): JsonValue | null {
  const parsed = parseStrictJson(file.text);
  if (parsed.ok) return parsed.value;
  const { line, column } = parsed.error;
  errors.push({ file: file.path, line, column, message: `${file.path}:${line}:${column}: ${parsed.error.message}` });
  return null;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function interpretRepoFiles(root: string, files: readonly RepoFileInput[]): ConfigRepoContents {
  return runStraight(interpretRepoFilesStepwise(root, files));
}

/** The same, yielding after each file: parsing 20,000 configs is hundreds of milliseconds a server runs in slices. */
export function* interpretRepoFilesStepwise(root: string, files: readonly RepoFileInput[]): Stepwise<ConfigRepoContents> {
  const repo: ConfigRepoContents = { root, configs: [], bindings: [], schemas: {}, errors: [] };
  const { errors } = repo;
  const misplaced = (file: string, why: string) => errors.push({ file, message: `${file}: ${why}` });
  const sorted = [...files].sort(byPath);

  // Component folders are the third level under iac/; each needs a config.json.
  const components = new Map<string, RepoFileInput | null>();
  const badEnvs = new Set<string>();
  for (const file of sorted) {
    const parts = file.path.split('/');
    if (parts[0] !== 'iac' || parts.length < 5) continue;
    const [, env, type, nickname] = parts;
    if (!isValidName(env)) {
      badEnvs.add(env);
      continue;
    }
    const folder = `iac/${env}/${type}/${nickname}`;
    if (!components.has(folder)) components.set(folder, null);
    if (parts.length === 5 && parts[4] === 'config.json') components.set(folder, file);
    yield;
  }
  for (const env of [...badEnvs].sort()) misplaced(`iac/${env}`, 'not a valid environment name');
  for (const [folder, file] of [...components].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [, env, type, nickname] = folder.split('/');
    if (!isValidName(type) || !isValidName(nickname)) {
      misplaced(folder, 'type and nickname may hold letters, digits, ".", "_" and "-" only');
      continue;
    }
    if (!file) {
      misplaced(folder, 'no config.json in this component folder');
      continue;
    }
    // Kept even when not JSON: drift compares the text with what is published.
    repo.configs.push({ env, type, nickname, file: file.path, raw: file.text, value: readJson(file, errors), ...(file.blob ? { blob: file.blob } : {}) });
    yield;
  }

  for (const file of sorted) {
    const parts = file.path.split('/');
    if (parts.length !== 2 || parts[0] !== 'account_environments' || !parts[1].endsWith('.json')) continue;
    const value = readJson(file, errors);
    if (value === null) continue;
    if (!isJsonObject(value) || typeof value.environment !== 'string') {
      misplaced(file.path, 'expected an object with an "environment" string');
      continue;
    }
    repo.bindings.push({ binding: parts[1].slice(0, -'.json'.length), file: file.path, value });
  }

  for (const file of sorted) {
    const parts = file.path.split('/');
    if (parts.length !== 2 || parts[0] !== 'schemas' || !parts[1].endsWith('.schema.json')) continue;
    const value = readJson(file, errors);
    if (value === null) continue;
    if (!isJsonObject(value)) {
      misplaced(file.path, 'a JSON Schema must be an object');
      continue;
    }
    const type = parts[1].slice(0, -'.schema.json'.length);
    repo.schemas[type] = { type, file: file.path, schema: value };
  }
  return repo;
}

/** Whether a path is one the interpreter looks at (what a reader needs to load). */
export function isRepoPath(file: string): boolean {
  return file.startsWith('iac/') || /^account_environments\/[^/]+\.json$/.test(file) || /^schemas\/[^/]+\.schema\.json$/.test(file);
}
