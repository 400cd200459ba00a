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

type Timed = { key: VersionKey; time: number };

/** Ordering within one slot: time, then version number, then a removal after a write of the same instant. */
function compareInSlot(a: Timed, b: Timed): number {
  return a.time - b.time || a.key.version - b.key.version || Number(a.key.removed) - Number(b.key.removed);
}

function slotKey(componentId: string, document: HistoryDocument): string {
  return `${componentId}\u0000${document}`;
}

/**
 * An index grouped by slot, each slot's records oldest first with their
 * times parsed: built once per index (a service keeps one index per
 * history revision and asks it for many moments), so a moment costs a
 * search per slot instead of a parse and compare per record.
 */
const slotsOf = new WeakMap<readonly VersionKey[], Map<string, Timed[]>>();

function slotted(index: readonly VersionKey[]): Map<string, Timed[]> {
  const known = slotsOf.get(index);
  if (known) return known;
  const slots = new Map<string, Timed[]>();
  for (const key of index) {
    const slot = slotKey(key.componentId, key.document);
    const timed = { key, time: Date.parse(key.modifiedAt) };
    const list = slots.get(slot);
    if (list) list.push(timed);
    else slots.set(slot, [timed]);
  }
  for (const list of slots.values()) list.sort(compareInSlot);
  slotsOf.set(index, slots);
  return slots;
}

/** How many of a slot's records (oldest first) are not after `limit`. */
function countUpTo(list: readonly Timed[], limit: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid].time <= limit) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Per (componentId, document), the newest record not after `at`; a slot whose newest is a removal is absent. */
export function selectAsOf(index: readonly VersionKey[], at: string): VersionKey[] {
  const limit = Date.parse(at);
  const present: VersionKey[] = [];
  for (const list of slotted(index).values()) {
    const n = countUpTo(list, limit);
    if (n > 0 && !list[n - 1].key.removed) present.push(list[n - 1].key);
  }
  return present;
}

/** One slot's records up to `at` (inclusive), oldest first, removals included. */
export function slotUpTo(index: readonly VersionKey[], componentId: string, document: HistoryDocument, at: string): VersionKey[] {
  const list = slotted(index).get(slotKey(componentId, document)) ?? [];
  return list.slice(0, countUpTo(list, Date.parse(at))).map((t) => t.key);
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
        const versions = await load(currentLife(slotUpTo(index, key.componentId, key.document, at)).map((k) => k.id));
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
