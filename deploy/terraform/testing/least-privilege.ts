/**
 * The least-privilege check of an IAM policy document: every statement must
 * be one of the allowed ones, with exactly its effect, actions and
 * resources: an extra action, a broader or extra resource, a missing
 * statement or a construct that widens a statement (NotAction, NotResource)
 * is a problem. Pure: the caller renders the document.
 */

export type AllowedStatement = { sid: string; effect: 'Allow' | 'Deny'; actions: string[]; resources: string[] };

type Statement = Record<string, unknown>;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function differences(what: string, actual: unknown[], expected: string[]): string[] {
  const found = new Set(actual.map(String));
  const wanted = new Set(expected);
  return [
    ...[...found].filter((a) => !wanted.has(a)).map((a) => `${what} ${a} is not on the list`),
    ...[...wanted].filter((e) => !found.has(e)).map((e) => `${what} ${e} is missing`),
  ];
}

function statementProblems(statement: Statement, allowed: AllowedStatement | undefined): string[] {
  const sid = String(statement.Sid ?? '(no Sid)');
  if (!allowed) return [`statement ${sid} is not on the list`];
  const widening = ['NotAction', 'NotResource', 'NotPrincipal', 'Principal'].filter((key) => key in statement);
  return [
    ...widening.map((key) => `${sid}: ${key} is not allowed in a role policy here`),
    ...(statement.Effect === allowed.effect ? [] : [`${sid}: effect ${String(statement.Effect)}, expected ${allowed.effect}`]),
    ...differences(`${sid}: action`, asList(statement.Action), allowed.actions),
    ...differences(`${sid}: resource`, asList(statement.Resource), allowed.resources),
  ];
}

/** What makes `policy` more (or less) than `allowed`; empty when it is exactly that. */
export function leastPrivilegeProblems(policy: unknown, allowed: AllowedStatement[]): string[] {
  if (typeof policy !== 'object' || policy === null) return ['the policy is not a JSON object'];
  const document = policy as Record<string, unknown>;
  const statements = asList(document.Statement) as Statement[];
  const bySid = new Map(allowed.map((a) => [a.sid, a]));
  const seen = statements.map((s) => String(s.Sid ?? ''));
  return [
    ...(document.Version === '2012-10-17' ? [] : [`Version ${String(document.Version)}, expected 2012-10-17`]),
    ...statements.flatMap((s) => statementProblems(s, bySid.get(String(s.Sid ?? '')))),
    ...seen.filter((sid, i) => seen.indexOf(sid) !== i).map((sid) => `statement ${sid} appears twice`),
    ...allowed.filter((a) => !seen.includes(a.sid)).map((a) => `statement ${a.sid} is missing`),
  ];
}
