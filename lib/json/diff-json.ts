/**
 * Field-level differences between two JSON documents: every added, removed
 * and changed leaf with its JSON path. Objects are compared key by key;
 * arrays index by index (a config's arrays are short and ordered: subnets,
 * listeners). Pure; used by drift, simulation and the history views.
 */
import { formatPath, isJsonObject, type JsonValue } from '@/lib/model/json';

export type FieldChange =
  { kind: 'added'; path: string; after: JsonValue } | { kind: 'removed'; path: string; before: JsonValue } | { kind: 'changed'; path: string; before: JsonValue; after: JsonValue };

function walk(before: JsonValue | undefined, after: JsonValue | undefined, segments: Array<string | number>, out: FieldChange[]): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    out.push({ kind: 'added', path: formatPath(segments), after: after! });
    return;
  }
  if (after === undefined) {
    out.push({ kind: 'removed', path: formatPath(segments), before });
    return;
  }
  if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) {
      walk(Object.hasOwn(before, key) ? before[key] : undefined, Object.hasOwn(after, key) ? after[key] : undefined, [...segments, key], out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) walk(before[i], after[i], [...segments, i], out);
    return;
  }
  if (before !== after) out.push({ kind: 'changed', path: formatPath(segments), before, after });
}

export function diffJson(before: JsonValue | null | undefined, after: JsonValue | null | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before ?? undefined, after ?? undefined, [], out);
  return out;
}

/**
 * Whether two documents are equal, key order aside: what comparing their
 * canonicalJson says, without writing either out (a sync compares every
 * published config with its Git file). Stops at the first difference.
 */
export function isSameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => isSameJson(item, b[i]));
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && isSameJson(a[key], b[key]));
}
