/**
 * The one error type every layer throws. A code says what went wrong for
 * callers and maps to one HTTP status in lib/server/api-error.ts; the
 * message is written for the person who reads it.
 */

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  /** A mutation that did not come from Karma's own pages (lib/server/request-guard.ts). */
  csrf_refused: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  stale_version: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  validation_failed: 422,
  /** Over a per-person bound (live-event connections per instance). */
  too_many_requests: 429,
  unavailable: 503,
  timeout: 504,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

// Next's dev server can load this module twice (one copy per route bundle),
// which breaks `instanceof`; the registered symbol is the same in every copy.
const BRAND = Symbol.for('karma.AppError');

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /**
   * What only the server log (and signed-in admins) may see: endpoints,
   * addresses, raw driver errors. The message must make sense without it.
   */
  readonly internal?: string;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown; internal?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.internal = options.internal;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** A guarded write found another version than the one it was told to expect. */
export class StaleVersionError extends AppError {
  readonly expectedVersion: number | null;
  readonly actualVersion: number | null;

  constructor(name: string, expectedVersion: number | null, actualVersion: number | null) {
    const expected = expectedVersion === null ? 'no parameter' : `version ${expectedVersion}`;
    const actual = actualVersion === null ? 'no parameter' : `version ${actualVersion}`;
    super('stale_version', `${name}: expected ${expected} but found ${actual}; nothing was written`, {
      details: { name, expectedVersion, actualVersion },
    });
    this.name = 'StaleVersionError';
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true);
}
