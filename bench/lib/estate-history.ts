/**
 * A generated estate with a past, for bench/time-travel: the components of
 * bench/lib/generated-estate.ts, each with `versions` config versions and
 * as many runtime writes spread over nine months, recorded as the history
 * holds them (version records and heads), and the same documents as the
 * embedded parameter store holds them now (each document's last version). The past really differs from
 * the present: a tenth of the components are created late (halfway), a
 * tenth removed early (a removal record at about four fifths), a quarter
 * gain a reference in their third version and a quarter lose one in their
 * sixth, every version changes a tag (and a service's desired count), and
 * every ninth component's last runtime write comes before its last config
 * (drift). The same history on every run: every choice is a hash of the
 * component's index.
 */
import { contentHash } from '@/lib/history/content-hash';
import { componentId } from '@/lib/model/ids';
import type { JsonObject } from '@/lib/model/json';
import { historyVersionId, type DocumentVersion, type HistoryDocument, type HistoryHead, type SlotHead } from '@/lib/model/history';
import type { LocalParameterData } from '@/lib/params/local-parameter-store';
import { generateEstate } from './generated-estate';

export const HISTORY_START = '2026-01-01T00:00:00.000Z';
export const HISTORY_END = '2026-10-01T00:00:00.000Z';
const START = Date.parse(HISTORY_START);
const SPAN = Date.parse(HISTORY_END) - START;
const HOUR = 3_600_000;
export const HISTORY_USER = 'bench@example.com';

/** A number in [0, 1) from two integers (a 32-bit mix): the same on every run, no state. */
export function unit(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** The reference a type's config gains in v3 or loses in v6 (a dot path; types without one keep theirs). */
const VARYING_REFERENCE: Record<string, string[]> = {
  'ecs-service': ['aurora_postgres_nickname'],
  lambda: ['functions', 'fn2'],
  'ecs-cluster': ['kms_key_nickname'],
  'aurora-postgres': ['kms_key_nickname'],
};

export type ComponentLife = {
  id: string;
  /** When its first config version was written, and when it was removed (null: it still exists). */
  bornAt: number;
  removedAt: number | null;
  /** Each config version's time (index k-1 for version k). */
  configTimes: number[];
};

export type EstateHistory = {
  versions: DocumentVersion[];
  heads: HistoryHead[];
  lives: ComponentLife[];
  /** The embedded parameter store's file: the documents that exist now, each as its last version. */
  parameters: LocalParameterData;
  counts: { components: number; late: number; removed: number; referenceAdded: number; referenceRemoved: number; lagging: number };
};

function withoutPath(config: JsonObject, path: string[]): JsonObject {
  const copy = structuredClone(config);
  let parent: JsonObject | undefined = copy;
  for (const key of path.slice(0, -1)) parent = parent?.[key] as JsonObject | undefined;
  if (parent) delete parent[path.at(-1)!];
  return copy;
}

/** Version k of a config: the generated one with a revision tag, a service's desired count moving, and the varying reference absent before v3 or from v6. */
function configVersion(base: JsonObject, type: string, index: number, k: number): JsonObject {
  const path = VARYING_REFERENCE[type];
  const kind = index % 4;
  let config = path && ((kind === 1 && k < 3) || (kind === 2 && k >= 6)) ? withoutPath(base, path) : structuredClone(base);
  config = { ...config, tags: { ...(config.tags as JsonObject), Revision: String(k) } };
  if (type === 'ecs-service') config.desired_count = 1 + ((index + k) % 3);
  return config;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function estateHistory(n: number, versions: number): EstateHistory {
  const records: DocumentVersion[] = [];
  const heads: HistoryHead[] = [];
  const lives: ComponentLife[] = [];
  const parameters: LocalParameterData = { format: 1, environments: {} };
  const counts = { components: 0, late: 0, removed: 0, referenceAdded: 0, referenceRemoved: 0, lagging: 0 };
  let index = 0;
  for (const { env, prefix, parameters: listed } of generateEstate(n)) {
    const stored: LocalParameterData['environments'][string] = (parameters.environments[env] = { prefix, parameters: {} });
    const byName = new Map(listed.map((p) => [p.name, p]));
    for (const config of listed.filter((p) => p.name.endsWith('/config'))) {
      const [type, nickname] = config.name.slice(prefix.length + 1).split('/');
      const runtime = byName.get(config.name.replace(/\/config$/, '/runtime'))!;
      const i = index++;
      const id = componentId({ env, type, nickname });
      const isLate = i % 10 === 3;
      const isRemoved = i % 10 === 7;
      const bornAt = START + Math.round((isLate ? 0.45 + 0.15 * unit(i, 1) : 0.05 * unit(i, 1)) * SPAN);
      const endsAt = isRemoved ? START + Math.round((0.75 + 0.1 * unit(i, 2)) * SPAN) : START + SPAN;
      const isLagging = i % 9 === 4;
      counts.components++;
      if (isLate) counts.late++;
      if (isRemoved) counts.removed++;
      if (VARYING_REFERENCE[type] && i % 4 === 1) counts.referenceAdded++;
      if (VARYING_REFERENCE[type] && i % 4 === 2) counts.referenceRemoved++;
      if (isLagging) counts.lagging++;

      // Version k in the k-th of `versions` equal stretches of its life, two hours clear of its end.
      const stretch = (endsAt - bornAt - 2 * HOUR) / versions;
      const configTimes = Array.from({ length: versions }, (_, k) => Math.round(bornAt + (k === 0 ? 0 : (k + 0.8 * unit(i, 10 + k)) * stretch)));
      // A deploy 5–60 minutes after each config; a lagging component's last deploy was of the version before, an hour before the last config.
      const runtimeTimes = configTimes.map((t, k) => (isLagging && k === versions - 1 ? t - HOUR : t + Math.round((5 + 55 * unit(i, 100 + k)) * 60_000)));
      const baseConfig = JSON.parse(config.value) as JsonObject;
      const baseRuntime = JSON.parse(runtime.value) as JsonObject;
      const texts: Record<HistoryDocument, string[]> = {
        config: configTimes.map((_, k) => JSON.stringify(configVersion(baseConfig, type, i, k + 1))),
        runtime: runtimeTimes.map((_, k) => JSON.stringify({ ...baseRuntime, deployed_revision: isLagging && k === versions - 1 ? k : k + 1 })),
      };
      const times: Record<HistoryDocument, number[]> = { config: configTimes, runtime: runtimeTimes };
      const head: HistoryHead = { componentId: id, env, type, nickname, config: null, runtime: null, drift: null, pending: [] };
      for (const document of ['config', 'runtime'] as const) {
        let slot: SlotHead | null = null;
        texts[document].forEach((raw, k) => {
          const modifiedAt = iso(times[document][k]);
          const record = version({ id: historyVersionId(id, document, k + 1, modifiedAt), componentId: id, env, type, nickname, document, version: k + 1, raw, modifiedAt });
          records.push(record);
          slot = { id: record.id, version: k + 1, modifiedAt, hash: record.hash, removed: false };
        });
        if (isRemoved) {
          const modifiedAt = iso(endsAt);
          const record = version({
            id: `${historyVersionId(id, document, versions, modifiedAt)}:removed`,
            componentId: id,
            env,
            type,
            nickname,
            document,
            version: versions,
            raw: null,
            modifiedAt,
          });
          records.push(record);
          slot = { id: record.id, version: versions, modifiedAt, hash: '', removed: true };
        } else {
          // The store holds the document as it is now (its last version); SSM's older versions are what the history already recorded.
          stored.parameters[`${prefix}/${type}/${nickname}/${document}`] = [
            { version: versions, value: texts[document][versions - 1], modifiedAt: iso(times[document][versions - 1]), modifiedBy: HISTORY_USER },
          ];
        }
        head[document] = slot;
      }
      heads.push(head);
      lives.push({ id, bornAt, removedAt: isRemoved ? endsAt : null, configTimes });
    }
  }
  return { versions: records, heads, lives, parameters, counts };
}

function version(fields: Pick<DocumentVersion, 'id' | 'componentId' | 'env' | 'type' | 'nickname' | 'document' | 'version' | 'raw' | 'modifiedAt'>): DocumentVersion {
  return {
    ...fields,
    hash: contentHash(fields.raw),
    modifiedBy: fields.raw === null ? null : HISTORY_USER,
    description: null,
    changeRequestId: null,
    gitCommit: null,
    source: fields.raw === null ? 'sync' : 'history',
    recordedAt: HISTORY_END,
  };
}

/** What the rebuilt graph must hold at `at`: the components alive then, each with its config version then. */
export function expectedAt(lives: readonly ComponentLife[], at: number): Map<string, number> {
  const alive = new Map<string, number>();
  for (const life of lives) {
    if (life.bornAt > at || (life.removedAt !== null && life.removedAt <= at)) continue;
    alive.set(life.id, life.configTimes.filter((t) => t <= at).length);
  }
  return alive;
}
