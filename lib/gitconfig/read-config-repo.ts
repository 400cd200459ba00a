import 'server-only';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import { isValidName } from '@/lib/model/ids';
import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/model/json';

/**
 * Reads an Adage config repo checkout:
 *   iac/<env>/<type>/<nickname>/config.json   desired config per component
 *   account_environments/<binding>.json        account → environment bindings
 *   schemas/<type>.schema.json                 optional JSON Schemas
 * Every file that is not JSON, has duplicate keys or sits where no file
 * belongs is reported with its path (and line/column), never skipped silently.
 */

/** `value` is null when the file is not JSON (the error is in `errors`); `raw` is always the file's text. */
export type RepoConfig = { env: string; type: string; nickname: string; file: string; raw: string; value: JsonValue | null };
export type RepoBinding = { binding: string; file: string; value: JsonObject };
export type RepoSchema = { type: string; file: string; schema: JsonObject };
export type RepoFileError = { file: string; line?: number; column?: number; message: string };

export type ConfigRepo = {
  root: string;
  configs: RepoConfig[];
  bindings: RepoBinding[];
  schemas: Record<string, RepoSchema>;
  errors: RepoFileError[];
};

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function readJson(root: string, file: string, errors: RepoFileError[]): Promise<{ raw: string; value: JsonValue | null }> {
  const relative = path.relative(root, file);
  const raw = await readFile(file, 'utf8');
  const parsed = parseStrictJson(raw);
  if (!parsed.ok) {
    const { line, column } = parsed.error;
    errors.push({ file: relative, line, column, message: `${relative}:${line}:${column}: ${parsed.error.message}` });
    return { raw, value: null };
  }
  return { raw, value: parsed.value };
}

export async function readConfigRepo(root: string): Promise<ConfigRepo> {
  const absolute = path.resolve(root);
  if (!(await isDir(absolute))) throw new Error(`${root} is not a folder`);
  if (!(await isDir(path.join(absolute, 'iac')))) throw new Error(`${root} has no iac/ folder; expected iac/<env>/<type>/<nickname>/config.json`);
  const repo: ConfigRepo = { root: absolute, configs: [], bindings: [], schemas: {}, errors: [] };
  const { errors } = repo;
  const misplaced = (file: string, why: string) => errors.push({ file: path.relative(absolute, file), message: `${path.relative(absolute, file)}: ${why}` });

  const iac = path.join(absolute, 'iac');
  for (const env of await listDir(iac)) {
    const envDir = path.join(iac, env);
    if (!(await isDir(envDir))) continue;
    if (!isValidName(env)) {
      misplaced(envDir, 'not a valid environment name');
      continue;
    }
    for (const type of await listDir(envDir)) {
      const typeDir = path.join(envDir, type);
      if (!(await isDir(typeDir))) continue;
      for (const nickname of await listDir(typeDir)) {
        const componentDir = path.join(typeDir, nickname);
        if (!(await isDir(componentDir))) continue;
        if (!isValidName(type) || !isValidName(nickname)) {
          misplaced(componentDir, 'type and nickname may hold letters, digits, ".", "_" and "-" only');
          continue;
        }
        const file = path.join(componentDir, 'config.json');
        if (!(await listDir(componentDir)).includes('config.json')) {
          misplaced(componentDir, 'no config.json in this component folder');
          continue;
        }
        // Kept even when not JSON: drift compares the text with what is published.
        repo.configs.push({ env, type, nickname, file: path.relative(absolute, file), ...(await readJson(absolute, file, errors)) });
      }
    }
  }

  const bindingsDir = path.join(absolute, 'account_environments');
  for (const name of await listDir(bindingsDir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(bindingsDir, name);
    const parsed = await readJson(absolute, file, errors);
    if (parsed.value === null) continue;
    if (!isJsonObject(parsed.value) || typeof parsed.value.environment !== 'string') {
      misplaced(file, 'expected an object with an "environment" string');
      continue;
    }
    repo.bindings.push({ binding: name.slice(0, -'.json'.length), file: path.relative(absolute, file), value: parsed.value });
  }

  const schemasDir = path.join(absolute, 'schemas');
  for (const name of await listDir(schemasDir)) {
    if (!name.endsWith('.schema.json')) continue;
    const file = path.join(schemasDir, name);
    const parsed = await readJson(absolute, file, errors);
    if (parsed.value === null) continue;
    if (!isJsonObject(parsed.value)) {
      misplaced(file, 'a JSON Schema must be an object');
      continue;
    }
    const type = name.slice(0, -'.schema.json'.length);
    repo.schemas[type] = { type, file: path.relative(absolute, file), schema: parsed.value };
  }
  return repo;
}
