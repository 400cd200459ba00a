/**
 * Narrowing what the driver returns: `project`, `valueMap` and `group`
 * results arrive as JS Maps (keys may be strings or T tokens), vertex
 * property values as lists. Anything unexpected is an `internal` AppError
 * naming what was being read, never a silent wrong value.
 */
import { AppError } from '@/lib/model/errors';

function describe(value: unknown): string {
  if (value instanceof Map) return 'a map';
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : typeof value;
}

/** A Map result as a plain record; T tokens (EnumValue) become their names. */
export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (!(value instanceof Map)) throw new AppError('internal', `Unexpected ${what} from Gremlin: ${describe(value)} instead of a map`);
  const record: Record<string, unknown> = {};
  for (const [key, entry] of value) {
    const name = typeof key === 'string' ? key : (key as { elementName?: unknown } | null)?.elementName;
    if (typeof name !== 'string') throw new AppError('internal', `Unexpected key in ${what} from Gremlin`);
    record[name] = entry;
  }
  return record;
}

/**
 * A vertex's `valueMap()` as a record of single values. A property holding
 * several values was written without `cardinality.single` (Neptune's default
 * is `set`): reported, since picking one would hide the bug.
 */
export function singleValues(value: unknown, what: string): Record<string, unknown> {
  const record = asRecord(value, what);
  for (const [key, values] of Object.entries(record)) {
    if (!Array.isArray(values) || values.length !== 1) {
      throw new AppError('internal', `Property ${key} of ${what} holds ${Array.isArray(values) ? values.length : 0} values instead of one`);
    }
    record[key] = values[0];
  }
  return record;
}

export function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new AppError('internal', `Unexpected ${what} from Gremlin: ${describe(value)} instead of a string`);
  return value;
}

export function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new AppError('internal', `Unexpected ${what} from Gremlin: ${describe(value)} instead of a list`);
  return value;
}

/** Splits a long id list so no single request carries thousands of ids. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
