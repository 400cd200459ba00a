import 'server-only';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigRepoInfo, ConfigRepoReader, RepoSnapshot } from './config-repo';
import { runInSlices, yieldEvery } from '@/lib/server/cooperative';
import { interpretRepoFilesStepwise, isRepoPath, type ConfigRepoContents, type RepoFileInput } from './repo-files';

export type { ConfigRepoContents, RepoBinding, RepoConfig, RepoFileError, RepoSchema } from './repo-files';

/**
 * The read-only half of the config repo: a checkout folder on disk, read as
 * it is (no Git involved). Karma uses it when no remote is configured, and
 * `karma seed --from-git DIR` reads any folder with it.
 */

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function listFiles(root: string, dir: string, out: RepoFileInput[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(path.join(root, dir), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== '.git') await listFiles(root, relative, out);
    } else if (entry.isFile() && isRepoPath(relative)) {
      out.push({ path: relative, text: await readFile(path.join(root, relative), 'utf8') });
    }
  }
}

export async function readConfigRepo(root: string): Promise<ConfigRepoContents> {
  const absolute = path.resolve(root);
  if (!(await isDir(absolute))) throw new Error(`${root} is not a folder`);
  if (!(await isDir(path.join(absolute, 'iac')))) throw new Error(`${root} has no iac/ folder; expected iac/<env>/<type>/<nickname>/config.json`);
  const files: RepoFileInput[] = [];
  for (const top of ['iac', 'account_environments', 'schemas']) await listFiles(absolute, top, files);
  return runInSlices(interpretRepoFilesStepwise(absolute, files), yieldEvery());
}

/** The folder as the read half of the config repo port: never written. */
export class FolderConfigRepo implements ConfigRepoReader {
  readonly info: ConfigRepoInfo = { remote: null, branch: null, commitUrl: null, isWritable: false };

  constructor(readonly root: string) {}

  async read(): Promise<RepoSnapshot> {
    return { ...(await readConfigRepo(this.root)), commit: null };
  }
}
