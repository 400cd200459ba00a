/**
 * Version records for the history's pure tests: a component's config and
 * runtime versions written at given times, as the sync and the history
 * worker record them.
 */
import { contentHash } from '@/lib/history/content-hash';
import { historyVersionId, versionKeyOf, type DocumentVersion, type HistoryDocument, type VersionKey } from '@/lib/model/history';
import { parseComponentId } from '@/lib/model/ids';

export function recorded(componentId: string, document: HistoryDocument, version: number, modifiedAt: string, value: unknown): DocumentVersion {
  const key = parseComponentId(componentId)!;
  const raw = value === null ? null : JSON.stringify(value);
  const id = historyVersionId(componentId, document, version, modifiedAt) + (raw === null ? ':removed' : '');
  return {
    id,
    componentId,
    ...key,
    document,
    version,
    raw,
    hash: contentHash(raw),
    modifiedAt,
    modifiedBy: raw === null ? null : 'alice@example.com',
    description: null,
    changeRequestId: null,
    gitCommit: null,
    source: 'history',
    recordedAt: modifiedAt,
  };
}

/** The index and a loader over the same records, as the stores give them. */
export function inMemoryHistory(versions: DocumentVersion[]): { index: VersionKey[]; load: (ids: readonly string[]) => Promise<DocumentVersion[]>; loaded: string[][] } {
  const byId = new Map(versions.map((v) => [v.id, v]));
  const loaded: string[][] = [];
  return {
    index: versions.map(versionKeyOf),
    loaded,
    load: async (ids) => {
      loaded.push([...ids]);
      return ids.map((id) => byId.get(id)).filter((v): v is DocumentVersion => v !== undefined);
    },
  };
}
