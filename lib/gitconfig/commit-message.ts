/**
 * The message of a commit Karma makes for a change request: the request's
 * title, its description, then Git trailers (`git interpret-trailers`
 * reads them) naming the request and each approver, so `git log` carries
 * the review. Pure.
 */

export const REQUEST_TRAILER = 'Karma-Change-Request';

/** Trailers are one line each: newlines in a value would start a new one. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

export function requestTrailer(requestId: string): string {
  return `${REQUEST_TRAILER}: ${requestId}`;
}

export function commitMessage({ id, title, description, approvals }: { id: string; title: string; description: string; approvals: readonly string[] }): string {
  const subject = oneLine(title) || `Change ${id}`;
  const body = description.replace(/\r\n?/g, '\n').trim();
  const trailers = [requestTrailer(id), ...approvals.map((approver) => `Approved-by: ${oneLine(approver)}`)];
  return [subject, ...(body ? ['', body] : []), '', ...trailers, ''].join('\n');
}

/** `alice@example.com` → Alice <alice@example.com>; other ids (`github:alice`) get a placeholder address. */
export function personFor({ id, name, email }: { id: string; name?: string | null; email?: string | null }): { name: string; email: string } {
  const address = email ?? (id.includes('@') ? id : `${id.replace(/[^A-Za-z0-9._-]/g, '-')}@users.noreply.karma`);
  return { name: oneLine(name ?? '') || id, email: address };
}
