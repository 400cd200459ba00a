/**
 * Serverless mode: Karma as an AWS Lambda function (`npm run build:lambda`,
 * README "Deployment → AWS Lambda"). A function runs only while it answers a
 * request and is frozen in between, may be one of many or none, and its disk
 * is its own and temporary; so in this mode Karma starts no work that
 * outlives a request:
 * - no background syncs (an EventBridge schedule runs `karma graph build
 *   --sync`, or an admin's `POST /api/graph/sync`, instead);
 * - no following of the store on a timer: a read looks at the store's
 *   generation itself when the last look is older than about a second;
 * - no sync at start unless asked for (the store already holds the graph; an
 *   empty store is rebuilt by the first read, as on a server);
 * - no history backfill worker (`karma history backfill` instead);
 * - no rollout driver, so rollouts are refused rather than left undriven;
 * - no live events: `GET /api/events` answers 503 at once (an HTTP API
 *   answers a function's whole response, never a stream), and pages refresh
 *   on their own requests.
 * The stores must be shared ones (SSM and Gremlin/Neptune), and the data
 * folder is under /tmp, the only place a function may write.
 *
 * On when KARMA_SERVERLESS says so, or when the Lambda runtime's own
 * AWS_LAMBDA_FUNCTION_NAME is set (every function has it; servers do not).
 */

/** Where a function's data folder is unless KARMA_DATA_DIR says otherwise: /tmp is a function's only writable place. */
export const SERVERLESS_DATA_DIR = '/tmp/karma';

const TRUE = new Set(['1', 'true', 'yes']);
const FALSE = new Set(['0', 'false', 'no']);

/** Whether this process is a function: KARMA_SERVERLESS when set, else whether the Lambda runtime named one. */
export function isServerless(env: { KARMA_SERVERLESS?: string; AWS_LAMBDA_FUNCTION_NAME?: string }): boolean {
  const raw = env.KARMA_SERVERLESS?.trim().toLowerCase();
  if (raw && TRUE.has(raw)) return true;
  if (raw && FALSE.has(raw)) return false;
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
}

export type ServerlessChoices = {
  parameters: 'local' | 'ssm';
  graphStore: 'memory' | 'gremlin';
  /** KARMA_SYNC_INTERVAL_SECONDS as given (undefined: not set). */
  syncIntervalSeconds: number | undefined;
  isRolloutsEnabled: boolean;
};

/** Why these settings cannot run as a function, or null. */
export function serverlessProblem({ parameters, graphStore, syncIntervalSeconds, isRolloutsEnabled }: ServerlessChoices): string | null {
  if (graphStore !== 'gremlin') {
    return "serverless mode needs a shared graph store: a function's disk is its own and temporary, so set NEPTUNE_ENDPOINT (wss://host:8182/gremlin)";
  }
  if (parameters !== 'ssm') {
    return 'serverless mode reads and writes parameters in SSM (KARMA_PARAMETERS=ssm with KARMA_ENVIRONMENTS): files in a function are read-only and its own';
  }
  if (syncIntervalSeconds !== undefined && syncIntervalSeconds > 0) {
    return (
      `KARMA_SYNC_INTERVAL_SECONDS=${syncIntervalSeconds}: a function runs no background syncs (it is frozen between requests); ` +
      'leave it unset or 0 and schedule `karma graph build --sync` (or POST /api/graph/sync) instead'
    );
  }
  if (isRolloutsEnabled) {
    return 'rollouts need a portal that stays up to drive them, and a function is frozen between requests: set KARMA_ROLLOUTS=0 (or rollouts.enabled false)';
  }
  return null;
}
