/** Times as people read them here: UTC, to the minute, and how long ago. Pure. */

/** `2026-11-19 14:05 UTC` */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `just now`, `5 min ago`, `3 h ago`, `12 d ago`, then the date. */
export function timeAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 60 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return iso.slice(0, 10);
}

/**
 * SSM's LastModifiedUser is an ARN; people recognise its end: the e-mail of
 * an SSO session, `role/session` of other assumed roles, or the IAM user name
 * (`…/AWSReservedSSO_Developer_…/alice@example.com` → `alice@example.com`,
 * `…:assumed-role/terraform-deployer/gha-1-1` → `terraform-deployer/gha-1-1`).
 */
export function shortUser(arn: string | null | undefined): string {
  if (!arn) return '—';
  const parts = (arn.split(':').at(-1) ?? arn).split('/').filter(Boolean);
  const last = parts.at(-1) ?? arn;
  if (parts[0] === 'assumed-role' && parts.length >= 3 && !last.includes('@')) return `${parts[1]}/${last}`;
  return last;
}
