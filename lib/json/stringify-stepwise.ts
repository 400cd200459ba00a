/**
 * JSON.stringify of a big document, yielding between the items of its
 * arrays (lib/graph/stepwise.ts): the memory store writes a graph of tens of
 * thousands of components as one file, and one native stringify of it held
 * the server for hundreds of milliseconds. Down to `depth` levels, arrays are
 * written item by item and objects key by key; below, each item is written by
 * JSON.stringify itself, so the text is exactly what JSON.stringify gives.
 * Pure.
 */
import type { Stepwise } from '@/lib/graph/stepwise';

type Writable = { toJSON?: unknown };

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isUnwritable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function* write(value: unknown, depth: number, out: string[]): Stepwise<void> {
  if (depth === 0 || typeof value !== 'object' || value === null || typeof (value as Writable).toJSON === 'function') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      if (isUnwritable(value[i])) out.push('null');
      else yield* write(value[i], depth - 1, out);
      yield;
    }
    out.push(']');
    return;
  }
  out.push('{');
  let isFirst = true;
  for (const [key, item] of Object.entries(value)) {
    if (isUnwritable(item)) continue;
    out.push(`${isFirst ? '' : ','}${JSON.stringify(key)}:`);
    isFirst = false;
    yield* write(item, depth - 1, out);
  }
  out.push('}');
}

export function* stringifyStepwise(value: unknown, depth = 3): Stepwise<string> {
  const out: string[] = [];
  yield* write(value, depth, out);
  return out.join('');
}
