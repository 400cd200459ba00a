/**
 * What a first sync of an existing estate leaves in the history, written
 * directly so the history worker's tests do not depend on the sync: per
 * component, the config and runtime versions the listing shows (no author,
 * no Description, the ids the sync gives them) and a head with both slots
 * pending. `extra` adds heads pending for parameters that do not exist.
 */
import { historyVersionId, type DocumentVersion, type HistoryDocument, type HistoryHead, type SlotHead } from '@/lib/model/history';
import { componentId } from '@/lib/model/ids';
import type { Parameter } from '@/lib/model/parameters';
import { contentHash } from '@/lib/history/content-hash';
import type { ParameterStore } from '@/lib/params/parameter-store';
import type { GraphStore } from '@/lib/store/graph-store';

type Key = { env: string; type: string; nickname: string };

export function listedVersion(key: Key, document: HistoryDocument, p: Pick<Parameter, 'value' | 'version' | 'modifiedAt'>, recordedAt: string): DocumentVersion {
  const id = componentId(key);
  return {
    id: historyVersionId(id, document, p.version, p.modifiedAt),
    componentId: id,
    ...key,
    document,
    version: p.version,
    raw: p.value,
    hash: contentHash(p.value),
    modifiedAt: p.modifiedAt,
    modifiedBy: null,
    description: null,
    changeRequestId: null,
    gitCommit: null,
    source: 'sync',
    recordedAt,
  };
}

const slotOf = (v: DocumentVersion): SlotHead => ({ id: v.id, version: v.version, modifiedAt: v.modifiedAt, hash: v.hash, removed: false });

/** Writes the first sync's history of every component under the store's prefix; answers the heads written. */
export async function writeFirstSyncHistory(graph: GraphStore, params: ParameterStore, { extra = [] as Key[], now = new Date() } = {}): Promise<HistoryHead[]> {
  const recordedAt = now.toISOString();
  const base = params.prefix === '/' ? '' : params.prefix;
  const heads = new Map<string, HistoryHead>();
  const versions: DocumentVersion[] = [];
  const headOf = (key: Key) => {
    const id = componentId(key);
    if (!heads.has(id)) heads.set(id, { componentId: id, ...key, config: null, runtime: null, drift: 'in_sync', pending: ['config', 'runtime'] });
    return heads.get(id)!;
  };
  for (const p of await params.readAll()) {
    const match = /^\/([^/]+)\/(.+)\/(config|runtime)$/.exec(p.name.slice(base.length));
    if (!match) continue;
    const key = { env: params.env, type: match[1], nickname: match[2] };
    const document = match[3] as HistoryDocument;
    const version = listedVersion(key, document, p, recordedAt);
    versions.push(version);
    headOf(key)[document] = slotOf(version);
  }
  for (const key of extra) headOf(key);
  const written = [...heads.values()];
  await graph.writeHistory({ versions, transitions: [], heads: written });
  return written;
}
