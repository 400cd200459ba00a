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
  return (
    error instanceof Error &&
    typeof (error as Partial<ServerError>).statusCode === 'number' &&
    typeof (error as Partial<ServerError>).statusMessage === 'string'
  );
}

function serverText(error: ServerError): string {
  return `${error.statusMessage} ${error.message}`;
}

/**
 * A write lost a race with another transaction and was rolled back: Neptune's
 * ConcurrentModificationException, TinkerTransactionGraph's "Conflict:
 * element modified in another transaction". Safe to retry.
 */
export function isConcurrentModification(error: unknown): boolean {
  return isServerError(error) && /ConcurrentModificationException|modified in another transaction/i.test(serverText(error));
}

const SERVER_TIMEOUT = /TimeLimitExceededException|evaluation exceeded|timed out/i;
const SERVER_BUSY = /ThrottlingException|MemoryLimitExceededException|TooManyRequestsException|ReadOnlyViolationException/i;

/** One AppError for every way a request can fail, naming the endpoint and what was asked. */
export function toAppError(error: unknown, endpoint: string, operation: string): AppError {
  if (error instanceof AppError) return error;
  if (isServerError(error)) {
    const text = serverText(error);
    if (SERVER_TIMEOUT.test(text) || error.statusCode === 598) {
      return new AppError('timeout', `Neptune/Gremlin Server at ${endpoint} gave up on ${operation}: ${error.statusMessage}`, { cause: error });
    }
    if (SERVER_BUSY.test(text)) {
      return new AppError('unavailable', `Neptune/Gremlin Server at ${endpoint} is busy (${operation}): ${error.statusMessage}`, { cause: error });
    }
    if (isConcurrentModification(error)) {
      return new AppError('conflict', `${operation} kept colliding with concurrent writes at ${endpoint}; try again`, { cause: error });
    }
    return new AppError('internal', `Neptune/Gremlin Server at ${endpoint} refused ${operation}: ${error.statusMessage}`, { cause: error });
  }
  // Connection errors can come without a message (an AggregateError of ECONNREFUSED per address).
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message || code || error.name : String(error);
  return new AppError('unavailable', `Neptune/Gremlin Server at ${endpoint} is unreachable: ${message}`, { cause: error });
}
