/**
 * How drift reasons name times, people and values. Reasons are stored with
 * the component once per sync, so they hold absolute times (never "3 days
 * ago", which would go stale and change the stored hash every day).
 */
import type { JsonValue } from '@/lib/model/json';

/** `2026-09-15T13:38:05.000Z` → `2026-09-15 13:38 UTC`; anything unparseable is shown as given. */
export function formatTime(iso: string | null): string {
  if (iso === null) return 'an unknown time';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return `"${iso}"`;
  const d = new Date(ms).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}

/**
 * SSM's LastModifiedUser is an ARN; people want the person:
 * `…:assumed-role/AWSReservedSSO_Developer_x/alice@example.com` → `alice@example.com`,
 * `…:assumed-role/terraform-deployer/gha-1-1` → `terraform-deployer/gha-1-1`,
 * `…:user/svc-legacy-deploy` → `svc-legacy-deploy`.
 */
export function shortUser(user: string | null): string | null {
  if (user === null) return null;
  const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(user);
  if (assumed) return assumed[1].startsWith('AWSReservedSSO_') ? assumed[2] : `${assumed[1]}/${assumed[2]}`;
  const iamUser = /:user\/(?:.*\/)?([^/]+)$/.exec(user);
  if (iamUser) return iamUser[1];
  return user;
}

const MAX_VALUE_LENGTH = 60;

/** A value as it reads in a sentence: JSON, cut short when long. */
export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** `v4 (2026-10-28 16:40 UTC, alice@example.com)` */
export function describeVersion(version: { version: number; modifiedAt: string | null; modifiedBy?: string | null }): string {
  const who = shortUser(version.modifiedBy ?? null);
  return `v${version.version} (${formatTime(version.modifiedAt)}${who ? `, ${who}` : ''})`;
}

/** `a`, `a and b`, `a, b and c` */
export function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
