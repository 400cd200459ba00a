import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/model/errors';
import type { DocumentVersion, DriftTransition, HistoryHead, VersionKey } from '@/lib/model/history';
import type { PropertyRecord } from '../component-record';
import { documentVersionSchema, driftTransitionSchema, historyHeadSchema, versionKeySchema } from '../stored-schemas';
import { split, type Properties } from './change-request-vertex';
import { idMatch, LABEL, parseVertex } from './graph-schema';
import { __, merge, t, type Traversal } from './gremlin-lib';

/**
 * The history's records as vertex properties and back (ARCHITECTURE.md §6c):
 *
 * - `doc_version` (id `hv:…`): the record's fields, nulls absent (split), plus
 *   `atMs` (its time as a number, for filters) and `indexKey`, the record's
 *   VersionKey as one JSON text, so the index of every version is one value
 *   per vertex (a seventh of the work of projecting seven properties).
 * - `drift_transition` (id `dt:…`): its fields plus `atMs`.
 * - `history_head` (id `hh:<componentId>`): the head, its slots as JSON and
 *   `pending` as a comma list; a bare one (only `componentId`, no `env`) is
 *   what a record made before its component's first head.
 *
 * What comes back is checked with the schemas the memory store reads its
 * file with.
 */

export const headId = (componentId: string) => `hh:${componentId}`;

const NULLABLE_VERSION_FIELDS = ['raw', 'modifiedBy', 'description', 'changeRequestId', 'gitCommit'] as const;

/**
 * What a write's diff reads of a stored version: the fields a later
 * sighting may fill (mergeVersion fills only what is null), not its text,
 * which one id never changes.
 */
export const GAP_FIELDS = NULLABLE_VERSION_FIELDS.filter((key) => key !== 'raw');

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError('internal', `Stored ${what} is malformed: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return result.data;
}

/** Absent properties read as null, as split wrote them. */
export function withNulls(properties: Record<string, unknown>, keys: readonly string[] = NULLABLE_VERSION_FIELDS): Record<string, unknown> {
  const out = { ...properties };
  for (const key of keys) out[key] ??= null;
  return out;
}

export function parseVersion(value: unknown): DocumentVersion {
  const { id, properties } = parseVertex(value, 'history version');
  const { atMs: _atMs, indexKey: _indexKey, ...stored } = properties;
  return parseWith(documentVersionSchema, { ...withNulls(stored), id }, `version ${id}`);
}

export function parseTransition(value: unknown): DriftTransition {
  const { id, properties } = parseVertex(value, 'drift transition');
  const { atMs: _atMs, ...stored } = properties;
  return parseWith(driftTransitionSchema, { ...withNulls(stored, ['from', 'to', 'reason']), id }, `drift transition ${id}`);
}

function parseJson(what: string, raw: unknown): unknown {
  if (raw === undefined) return null;
  try {
    return JSON.parse(String(raw));
  } catch (error) {
    throw new AppError('internal', `Stored ${what} is not valid JSON`, { cause: error });
  }
}

export function parseHead(value: unknown): HistoryHead {
  const { id, properties: p } = parseVertex(value, 'history head');
  const head = {
    ...withNulls(p, ['drift']),
    config: parseJson(`config slot of ${id}`, p.config),
    runtime: parseJson(`runtime slot of ${id}`, p.runtime),
    pending: typeof p.pending === 'string' && p.pending !== '' ? p.pending.split(',') : [],
  };
  return parseWith(historyHeadSchema, head, `history head ${id}`);
}

/** A version's `indexKey`: its VersionKey's values in a fixed order. */
function indexKeyOf(version: DocumentVersion): string {
  return JSON.stringify([version.id, version.componentId, version.document, version.version, version.modifiedAt, version.hash, version.raw === null]);
}

export function parseIndexKey(value: unknown): VersionKey {
  const [id, componentId, document, version, modifiedAt, hash, removed] = (parseJson('version index key', value) ?? []) as unknown[];
  return parseWith(versionKeySchema, { id, componentId, document, version, modifiedAt, hash, removed }, `index key ${String(id)}`);
}

export function versionProperties(version: DocumentVersion): PropertyRecord {
  const { id: _id, ...fields } = version;
  return split({ ...fields, atMs: Date.parse(version.modifiedAt), indexKey: indexKeyOf(version) }).present;
}

export function transitionProperties(transition: DriftTransition): PropertyRecord {
  const { id: _id, ...fields } = transition;
  return split({ ...fields, atMs: Date.parse(transition.at) }).present;
}

export function headProperties(head: HistoryHead): Properties {
  return split({
    componentId: head.componentId,
    env: head.env,
    type: head.type,
    nickname: head.nickname,
    config: head.config && JSON.stringify(head.config),
    runtime: head.runtime && JSON.stringify(head.runtime),
    drift: head.drift,
    pending: head.pending.join(','),
  });
}

/** The onCreate map of a bare head. */
export function bareHeadMap(componentId: string): Map<unknown, unknown> {
  return new Map<unknown, unknown>([
    [t.label, LABEL.historyHead],
    ['componentId', componentId],
  ]);
}

/** The component's head vertex, created bare when missing. */
export function headVertex(componentId: string): Traversal {
  return __.mergeV(idMatch(headId(componentId))).option(merge.onCreate, bareHeadMap(componentId));
}
