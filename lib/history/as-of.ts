/**
 * The estate's documents as they were at a moment (ARCHITECTURE.md §6c):
 * per component document, the newest record not after it. A removal
 * record ends a document's life; one created again later starts a new one
 * (SSM numbers it from 1 again), so a parameter's history as of a moment is
 * only what came after its last removal. Pure, but for the loading of
 * version texts, which the caller supplies.
 */
import { AppError } from '@/lib/model/errors';
import type { DocumentVersion, HistoryDocument, VersionKey } from '@/lib/model/history';
import { componentParameterName, type Parameter, type ParameterVersion } from '@/lib/model/parameters';
import { parseComponentId } from '@/lib/model/ids';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { ParameterStore } from '@/lib/params/parameter-store';

/** Ordering within one slot: time, then version number, then a removal after a write of the same instant. */
function compareInSlot(a: VersionKey, b: VersionKey): number {
  return Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt) || a.version - b.version || Number(a.removed) - Number(b.removed);
}

function slotKey(componentId: string, document: HistoryDocument): string {
  return `${componentId}\u0000${document}`;
}

/** Per (componentId, document), the newest record not after `at`; a slot whose newest is a removal is absent. */
export function selectAsOf(index: readonly VersionKey[], at: string): VersionKey[] {
  const limit = Date.parse(at);
  const newest = new Map<string, VersionKey>();
  for (const key of index) {
    if (Date.parse(key.modifiedAt) > limit) continue;
    const slot = slotKey(key.componentId, key.document);
    const known = newest.get(slot);
    if (!known || compareInSlot(known, key) < 0) newest.set(slot, key);
  }
  return [...newest.values()].filter((k) => !k.removed);
}

/** One slot's records up to `at` (inclusive), oldest first, removals included. */
export function slotUpTo(index: readonly VersionKey[], componentId: string, document: HistoryDocument, at: string): VersionKey[] {
  const limit = Date.parse(at);
  return index.filter((k) => k.componentId === componentId && k.document === document && Date.parse(k.modifiedAt) <= limit).sort(compareInSlot);
}

/** The writes of the document's current life as of `at`: after its last removal. */
function currentLife(records: VersionKey[]): VersionKey[] {
  const lastRemoval = records.findLastIndex((k) => k.removed);
  return records.slice(lastRemoval + 1);
}

export type HistoricalSourcesInput = {
  index: readonly VersionKey[];
  at: string;
  environments: ReadonlyArray<{ env: string; prefix: string }>;
  /** The records with these ids, with their text. */
  load: (ids: readonly string[]) => Promise<DocumentVersion[]>;
};

const readOnly = () => new AppError('forbidden', 'The past is read only: nothing can be written to the estate as it was');

/**
 * The estate at `at` behind the ParameterStore port, so the graph is
 * rebuilt by the very code a live sync runs (lib/server/graph-as-of.ts).
 * Slots are grouped by environment once; texts are loaded when read.
 */
export function historicalSources({ index, at, environments, load }: HistoricalSourcesInput): ParameterSources {
  const present = selectAsOf(index, at);
  const bySlot = new Map<string, VersionKey[]>();
  for (const key of index) {
    const slot = slotKey(key.componentId, key.document);
    const list = bySlot.get(slot);
    if (list) list.push(key);
    else bySlot.set(slot, [key]);
  }
  const limit = Date.parse(at);

  const stores = environments.map(({ env, prefix }): ParameterStore => {
    const mine = present.filter((k) => k.componentId.startsWith(`${env}:`));
    const nameOf = (k: Pick<VersionKey, 'componentId' | 'document'>) => componentParameterName(prefix, parseComponentId(k.componentId)!, k.document);
    const byName = new Map(mine.map((k) => [nameOf(k), k]));
    const toParameter = (v: DocumentVersion): Parameter => ({
      name: nameOf(v),
      value: v.raw!,
      version: v.version,
      modifiedAt: v.modifiedAt,
      ...(v.modifiedBy ? { modifiedBy: v.modifiedBy } : {}),
    });
    const readNames = async (names: readonly string[]) => {
      const keys = names.map((n) => byName.get(n)).filter((k): k is VersionKey => k !== undefined);
      return (await load(keys.map((k) => k.id))).map(toParameter);
    };
    return {
      // Nothing in the build or drift reads `kind` (only health and the sync loop, which never see these): the texts are Karma's own, as a local store's.
      kind: 'local',
      env,
      prefix,
      readAll: async () => (await load(mine.map((k) => k.id))).map(toParameter),
      get: async (name) => (await readNames([name]))[0] ?? null,
      getMany: async (names) => new Map((await readNames(names)).map((p) => [p.name, p])),
      history: async (name): Promise<ParameterVersion[]> => {
        const key = byName.get(name);
        if (!key) return [];
        const records = (bySlot.get(slotKey(key.componentId, key.document)) ?? []).filter((k) => Date.parse(k.modifiedAt) <= limit).sort(compareInSlot);
        const versions = await load(currentLife(records).map((k) => k.id));
        return versions.map((v) => ({
          version: v.version,
          value: v.raw!,
          modifiedAt: v.modifiedAt,
          modifiedBy: v.modifiedBy ?? '',
          ...(v.description ? { description: v.description } : {}),
        }));
      },
      put: async () => {
        throw readOnly();
      },
      remove: async () => {
        throw readOnly();
      },
      ping: async () => {},
    };
  });
  const byEnv = new Map(stores.map((s) => [s.env, s]));
  return { kind: 'local', stores, forEnv: (env) => byEnv.get(env), localFile: null };
}
