/**
 * What a failed Gremlin request means for Karma: the server answered with an
 * error (a ResponseError with a status), or never answered (refused, reset,
 * closed, timed out). Neptune's answers carry a JSON status message with a
 * `code`, such as ConcurrentModificationException.
 */
import { AppError } from '@/lib/model/errors';

type ServerError = Error & { statusCode: number; statusMessage: string };

/** The driver's ResponseError (not in @types/gremlin): the server answered with a status. */
export function isServerError(error: unknown): error is ServerError {
  return error instanceof Error && typeof (error as Partial<ServerError>).statusCode === 'number' && typeof (error as Partial<ServerError>).statusMessage === 'string';
}

function serverText(error: ServerError): string {
  return `${error.statusMessage} ${error.message}`;
}

/**
 * A write lost a race with another transaction and was rolled back: Neptune's
 * ConcurrentModificationException, TinkerTransactionGraph's "Conflict:
 * element modified in another transaction", or two transactions creating the
 * same id at once (a `mergeV` that found nothing, then "Vertex with id
 * already exists" at commit; Neptune's ConstraintViolationException). Safe
 * to retry: the retry sees the winner's write.
 */
export function isConcurrentModification(error: unknown): boolean {
  return (
    isServerError(error) &&
    /ConcurrentModificationException|modified in another transaction|ConstraintViolationException|(Vertex|Edge) with id already exists/i.test(serverText(error))
  );
}

const SERVER_TIMEOUT = /TimeLimitExceededException|evaluation exceeded|timed out/i;
const SERVER_BUSY = /ThrottlingException|MemoryLimitExceededException|TooManyRequestsException|ReadOnlyViolationException/i;

/**
 * One AppError for every way a request can fail. The message says which
 * dependency failed at what, for anyone; the endpoint and the server's or
 * driver's own words go to `internal` (the log, signed-in admins).
 */
export function toAppError(error: unknown, endpoint: string, operation: string): AppError {
  if (error instanceof AppError) return error;
  if (isServerError(error)) {
    const text = serverText(error);
    const internal = `${endpoint}: ${error.statusCode} ${text}`;
    if (SERVER_TIMEOUT.test(text) || error.statusCode === 598) {
      return new AppError('timeout', `The graph store (Neptune) gave up on ${operation}`, { cause: error, internal });
    }
    if (SERVER_BUSY.test(text)) {
      return new AppError('unavailable', `The graph store (Neptune) is busy (${operation})`, { cause: error, internal });
    }
    if (isConcurrentModification(error)) {
      return new AppError('conflict', `${operation} kept colliding with concurrent writes to the graph store; try again`, { cause: error, internal });
    }
    return new AppError('internal', `The graph store (Neptune) refused ${operation}`, { cause: error, internal });
  }
  // Connection errors can come without a message (an AggregateError of ECONNREFUSED per address).
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message || code || error.name : String(error);
  return new AppError('unavailable', `The graph store (Neptune) is unreachable (${operation})`, { cause: error, internal: `${endpoint}: ${message}` });
}
