/**
 * Identity of things in the graph. Every id is a string because Neptune
 * accepts only string ids; the component id doubles as a human-readable key
 * in URLs (`prod:vpc/main`).
 */

export type ComponentKey = { env: string; type: string; nickname: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isValidName(value: string): boolean {
  return NAME.test(value) && value.length <= 128;
}

export function componentId({ env, type, nickname }: ComponentKey): string {
  return `${env}:${type}/${nickname}`;
}

/** Parses `env:type/nickname`; returns null for anything else. */
export function parseComponentId(id: string): ComponentKey | null {
  const match = /^([^:/]+):([^:/]+)\/([^:/]+)$/.exec(id);
  if (!match) return null;
  const [, env, type, nickname] = match;
  if (!isValidName(env) || !isValidName(type) || !isValidName(nickname)) return null;
  return { env, type, nickname };
}

export function edgeId(from: string, to: string, path: string): string {
  return `${from}->${to}#${path}`;
}

/** `vpc_nickname` → `vpc`, `s3_bucket_nickname` → `s3-bucket`. */
export function typeFromNicknameField(field: string): string | null {
  if (!field.endsWith('_nickname') || field === '_nickname') return null;
  const stem = field.slice(0, -'_nickname'.length);
  if (stem === 'src' || stem === '') return null;
  return stem.replace(/_/g, '-');
}

/** A URL path segment holding one encodeURIComponent'd id; decoding an already-decoded id is harmless. */
export function decodeIdSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Ascending by id (code-unit order, as the stores and the layouts sort: the same order everywhere). */
export function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
