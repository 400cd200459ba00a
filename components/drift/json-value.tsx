import type { JsonValue } from '@/lib/model/json';

/** A JSON value in one monospace line; absent values say so instead of looking like null. */
export function JsonValueText({ value, absent = 'absent' }: { value: JsonValue | undefined; absent?: string }) {
  if (value === undefined) return <span className="italic text-slate-400">{absent}</span>;
  return <code className="break-all font-mono text-[13px] text-slate-900">{JSON.stringify(value)}</code>;
}
