/**
 * How Karma's own writes are told apart in SSM's history: each apply writes
 * the parameter's Description starting with the change request id, which
 * GetParameterHistory returns with the version. After an answer was lost,
 * or a crash between write and record, the history says whether the write
 * landed, so it is recorded instead of written again. Pure.
 */
import type { ChangeRequest } from '@/lib/model/change-request';
import type { ParameterVersion } from '@/lib/model/parameters';

const PREFIX = 'Karma change request ';

/** The Description of the version an apply of `request` writes (the adapter adds who asked). */
export function applyDescription(request: Pick<ChangeRequest, 'id' | 'title'>): string {
  return `${PREFIX}${request.id}: ${request.title}`;
}

/** Whether `version` was written by an apply of this request. The id comes first, so a title cannot fake another request's. */
export function isWriteOf(requestId: string): (version: Pick<ParameterVersion, 'description'>) => boolean {
  const tag = `${PREFIX}${requestId}:`;
  return (version) => version.description?.startsWith(tag) ?? false;
}

/** The version an apply of this request wrote after `baseVersion`, if any. */
export function findOwnWrite(history: readonly ParameterVersion[], request: Pick<ChangeRequest, 'id' | 'baseVersion'>): ParameterVersion | null {
  const isOwn = isWriteOf(request.id);
  return history.find((v) => v.version > (request.baseVersion ?? 0) && isOwn(v)) ?? null;
}

const TAGGED = /^Karma change request (cr:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):/;

/** The change request a Karma apply's Description names (applyDescription's inverse); null for anyone else's write. */
export function requestIdOf(description: string | null | undefined): string | null {
  return (description && TAGGED.exec(description)?.[1]) || null;
}
