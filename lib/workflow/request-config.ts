import 'server-only';
import { diffJson } from '@/lib/json/diff-json';
import type { ChangeMember, ChangeRequest } from '@/lib/model/change-request';
import { AppError, isAppError } from '@/lib/model/errors';
import type { JsonValue } from '@/lib/model/json';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { ParameterStore } from '@/lib/params/parameter-store';
import type { ConfigComparison, ConfigSnapshot } from '@/lib/changes/review-model';
import { componentParameterName } from '@/lib/model/parameters';

/**
 * A change request's config parameter in SSM (or the local store): where an
 * apply writes, and what decisions check for staleness — always read live,
 * never from the graph, which may be a sync behind.
 */

type Target = Pick<ChangeRequest, 'env' | 'type' | 'nickname'>;

export function parameterStoreFor(sources: ParameterSources, { env }: Target): ParameterStore {
  const store = sources.forEnv(env);
  if (!store) throw new AppError('not_found', `No environment "${env}" is configured`);
  return store;
}

export function configParameterName(store: ParameterStore, target: Target): string {
  return componentParameterName(store.prefix, target, 'config');
}

/** The version SSM holds now; null when the component has no config. */
export async function liveConfigVersion(sources: ParameterSources, target: Target): Promise<number | null> {
  const store = parameterStoreFor(sources, target);
  return (await store.get(configParameterName(store, target)))?.version ?? null;
}

function parse(text: string): JsonValue | null {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return null;
  }
}

function diffOrNull(before: ConfigSnapshot | null, proposed: JsonValue | null, isNew: boolean) {
  if (proposed === null) return null;
  if (before === null) return isNew ? diffJson({}, proposed) : null;
  const parsed = parse(before.text);
  return parsed === null ? null : diffJson(parsed, proposed);
}

/** A member's base version and current config, and its proposal compared with each (a removal proposes `{}`); SSM being down is reported, not thrown. */
export async function compareConfigs(
  sources: ParameterSources,
  request: Pick<ChangeMember, 'env' | 'type' | 'nickname' | 'baseVersion' | 'proposedConfig'>,
): Promise<ConfigComparison> {
  const proposed = request.proposedConfig === null ? {} : parse(request.proposedConfig);
  try {
    const store = parameterStoreFor(sources, request);
    const name = configParameterName(store, request);
    const now = await store.get(name);
    let current: ConfigSnapshot | null = now ? { version: now.version, text: now.value, modifiedAt: now.modifiedAt, modifiedBy: now.modifiedBy ?? null } : null;
    let base: ConfigSnapshot | null = null;
    const isMoved = (current?.version ?? null) !== request.baseVersion;
    if (request.baseVersion !== null) {
      // One history read gives both the base version and who wrote the current one.
      const versions = await store.history(name);
      const found = versions.find((v) => v.version === request.baseVersion);
      base = found ? { version: found.version, text: found.value, modifiedAt: found.modifiedAt, modifiedBy: found.modifiedBy } : null;
      const latest = versions.at(-1);
      if (current && latest?.version === current.version) current = { ...current, modifiedBy: latest.modifiedBy };
    }
    return {
      base,
      current,
      isMoved,
      againstBase: diffOrNull(base, proposed, request.baseVersion === null),
      againstCurrent: isMoved ? diffOrNull(current, proposed, current === null) : null,
      readError: null,
    };
  } catch (error) {
    // A store that is down, or an environment no longer configured: the request itself is still worth showing.
    if (!isAppError(error) || !['unavailable', 'timeout', 'not_found'].includes(error.code)) throw error;
    return { base: null, current: null, isMoved: false, againstBase: null, againstCurrent: null, readError: error.message };
  }
}
