import 'server-only';
import { compareGit, diffDocuments, isSameDocument } from '@/lib/drift/compare-git';
import { isWritableRepo, shortCommit, type ConfigRepo, type ConfigRepoReader } from '@/lib/gitconfig/config-repo';
import { configFilePath } from '@/lib/gitconfig/repo-files';
import type { ChangeRequest } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { Component } from '@/lib/model/graph';
import { componentId, parseComponentId } from '@/lib/model/ids';
import type { CreateChangeBody } from '@/lib/model/simulation';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import { configParameterName, liveConfigVersion, parameterStoreFor } from './request-config';

/**
 * Proposals that start in the config repo (ARCHITECTURE.md §6a): publishing
 * a component's Git file to SSM as it is, and proposing the file as it is
 * on another branch or commit. Both become ordinary change requests,
 * simulated and reviewed like any other.
 */

/** A component whose config repo file says something SSM does not (drift `unpublished` from Git). */
export type UnpublishedComponent = {
  componentId: string;
  env: string;
  type: string;
  nickname: string;
  file: string;
  /** `differs`: both have it; `not_published`: only Git has it. */
  state: 'differs' | 'not_published';
  /** The fields publishing would change (empty when compared as text). */
  fields: string[];
  configVersion: number | null;
  /** An open publish request for it, if there is one. */
  openRequest: string | null;
};

export function unpublishedComponents(components: readonly Component[], openRequests: readonly ChangeRequest[]): UnpublishedComponent[] {
  const rows: UnpublishedComponent[] = [];
  for (const c of components) {
    const git = compareGit(c);
    if (git.state !== 'differs' && git.state !== 'not_published') continue;
    rows.push({
      componentId: c.id,
      env: c.env,
      type: c.type,
      nickname: c.nickname,
      file: configFilePath(c),
      state: git.state,
      fields: git.state === 'differs' && git.diff.mode === 'fields' ? git.diff.changes.map((ch) => ch.path) : [],
      configVersion: c.configVersion,
      openRequest: openRequests.find((r) => r.componentId === c.id && r.kind === 'publish')?.id ?? null,
    });
  }
  return rows.sort((a, b) => a.componentId.localeCompare(b.componentId));
}

type Opened = { body: CreateChangeBody; gitText?: string; from?: { ref: string; commit: string } | null };

/**
 * The request body that publishes a component's file from the branch tip
 * (fetched now); 409 when SSM already says what the file says.
 */
export async function publishProposal(
  repo: ConfigRepoReader | null,
  sources: ParameterSources,
  id: string,
  { title, description }: { title?: string; description?: string },
): Promise<Opened> {
  if (!repo) throw new AppError('not_found', 'No config repo is configured, so there is nothing to publish from Git');
  const target = parseComponentId(id);
  if (!target) throw new AppError('bad_request', `"${id}" is not a component id (env:type/nickname)`);
  const file = configFilePath(target);
  const { text, at } = isWritableRepo(repo) ? await atTip(repo, file) : await inFolder(repo, id, file);
  const store = parameterStoreFor(sources, target);
  const published = await store.get(configParameterName(store, target));
  if (published && isSameDocument(diffDocuments(published.value, text))) {
    throw new AppError('conflict', `${id}: SSM config version ${published.version} already says what the config repo's file says; there is nothing to publish`);
  }
  return {
    body: {
      members: [{ target: published === null ? target : { componentId: id }, proposedConfig: text }],
      title: title?.trim() || `Publish ${target.type}/${target.nickname} in ${target.env} from Git`,
      description: description ?? `Publishes ${file} as it is ${at} to SSM.`,
      baseVersions: [published?.version ?? null],
    },
  };
}

async function atTip(repo: ConfigRepo, file: string): Promise<{ text: string; at: string }> {
  const tip = await repo.fileAtTip(file);
  if (!tip.file) throw new AppError('not_found', `${file} is not on ${repo.info.branch} in the config repo`);
  return { text: tip.file.text, at: `on ${repo.info.branch} at ${shortCommit(tip.commit)}` };
}

async function inFolder(repo: ConfigRepoReader, id: string, file: string): Promise<{ text: string; at: string }> {
  const snapshot = await repo.read();
  const config = snapshot.configs.find((c) => componentId(c) === id);
  if (!config) throw new AppError('not_found', `${file} is not in the config repo`);
  return { text: config.raw, at: `in ${snapshot.root}` };
}

/** The request body that proposes the file as it is at `ref` (a branch, tag or commit of the remote). */
export async function fromGitProposal(
  repo: ConfigRepoReader | null,
  sources: ParameterSources,
  target: { env: string; type: string; nickname: string },
  { ref, title, description }: { ref: string; title?: string; description?: string },
): Promise<Opened> {
  if (!isWritableRepo(repo)) throw new AppError('bad_request', 'Proposing from a Git ref needs a config repo remote (KARMA_CONFIG_REMOTE or configRepo.remote)');
  const file = configFilePath(target);
  const found = await repo.fileAt(ref, file);
  if (!found) throw new AppError('not_found', `The config repo has no branch, tag or commit "${ref}"`);
  if (!found.file) throw new AppError('not_found', `${file} does not exist at ${ref} (${shortCommit(found.commit)})`);
  const baseVersion = await liveConfigVersion(sources, target);
  const id = componentId(target);
  return {
    body: {
      members: [{ target: baseVersion === null ? target : { componentId: id }, proposedConfig: found.file.text }],
      title: title?.trim() || `${target.type}/${target.nickname} in ${target.env} from ${ref}`,
      description: description ?? `Proposes ${file} as it is at ${ref} (${shortCommit(found.commit)}).`,
      baseVersions: [baseVersion],
    },
    // Committed as the branch has it: its author's own formatting.
    gitText: found.file.text,
    from: { ref, commit: found.commit },
  };
}
