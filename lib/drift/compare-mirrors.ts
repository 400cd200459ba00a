/**
 * Compares a config with the runtime it was deployed as, field by mirrored
 * field. Scalars compare by their text when one side is a string and the
 * other is not: outputs written one parameter each (`…/runtime/port`) are
 * always strings, so `"5432"` mirrors `5432`.
 */
import { diffJson, type FieldChange } from '@/lib/json/diff-json';
import type { FieldDifference, MirroredField } from '@/lib/model/drift';
import { isJsonObject, type JsonValue } from '@/lib/model/json';
import { mirrorPairs, type FieldMirrorTable } from './field-mirrors';

/** A top-level key as written, else a dotted path into nested objects. */
export function valueAtPath(document: JsonValue | null, path: string): JsonValue | undefined {
  if (!isJsonObject(document)) return undefined;
  if (Object.hasOwn(document, path)) return document[path];
  let node: JsonValue | undefined = document;
  for (const key of path.split('.')) {
    if (!isJsonObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function sameText(a: JsonValue, b: JsonValue): boolean {
  const scalar = (v: JsonValue) => typeof v === 'number' || typeof v === 'boolean';
  if (typeof a === 'string' && scalar(b)) return a === String(b);
  if (typeof b === 'string' && scalar(a)) return b === String(a);
  return false;
}

function isRealChange(change: FieldChange): boolean {
  return !(change.kind === 'changed' && sameText(change.before, change.after));
}

function joinPath(base: string, sub: string): string {
  if (sub === '$') return base;
  return sub.startsWith('[') ? `${base}${sub}` : `${base}.${sub}`;
}

export type MirrorComparison = { fields: MirroredField[]; differences: FieldDifference[] };

export function compareMirrors(type: string, config: JsonValue | null, runtime: JsonValue | null, table: FieldMirrorTable): MirrorComparison {
  if (!isJsonObject(config) || !isJsonObject(runtime)) return { fields: [], differences: [] };
  const fields: MirroredField[] = [];
  const differences: FieldDifference[] = [];
  for (const { configPath, runtimePath, source } of mirrorPairs(type, Object.keys(config), Object.keys(runtime), table)) {
    const desired = valueAtPath(config, configPath);
    if (desired === undefined) continue;
    const actual = valueAtPath(runtime, runtimePath);
    if (actual === undefined) {
      fields.push({ configPath, runtimePath, source, desired, agrees: null });
      continue;
    }
    const changes = diffJson(desired, actual).filter(isRealChange);
    fields.push({ configPath, runtimePath, source, desired, actual, agrees: changes.length === 0 });
    for (const change of changes) {
      differences.push({
        path: joinPath(configPath, change.path),
        runtimePath: joinPath(runtimePath, change.path),
        ...(change.kind === 'added' ? {} : { desired: change.before }),
        ...(change.kind === 'removed' ? {} : { actual: change.after }),
      });
    }
  }
  return { fields, differences };
}
