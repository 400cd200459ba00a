/**
 * A simulation (or a request's stored impact) as the CLI prints it: each
 * member's diff summary and problems, the set's consequences dependent by
 * dependent, and the risk with its reasons. Pure: lines of text.
 */
import type { FieldChange } from '@/lib/json/diff-json';
import type { Consequences, DependentConsequence, StaleCopy, Verdict } from '@/lib/model/consequences';
import type { MemberSimulation, RiskReason, RiskLevel, ValidationIssue } from '@/lib/model/simulation';

const FIELDS_SHOWN = 4;

const VERDICT_TEXT: Record<Verdict, string> = { must_redeploy: 'must redeploy', stale_copy: 'stale copy', unaffected: 'unaffected' };

/** Messages already say where (`Line 2, column 1: …`, `cidr: …`); the rest get their path. */
export function issueLine(issue: ValidationIssue, indent = '  '): string {
  const isPlaced = /^line \d+/i.test(issue.message) || (issue.path !== null && issue.message.startsWith(`${issue.path}: `));
  return `${indent}${isPlaced || !issue.path ? '' : `${issue.path}: `}${issue.message}`;
}

/** `3 field change(s) (cidr, tags.Owner, azs[2])`, the first few paths named. */
export function diffSummary(diff: readonly FieldChange[]): string {
  if (diff.length === 0) return '0 field change(s)';
  const shown = diff.slice(0, FIELDS_SHOWN).map((c) => c.path || '(whole document)');
  const more = diff.length > FIELDS_SHOWN ? ` +${diff.length - FIELDS_SHOWN} more` : '';
  return `${diff.length} field change(s) (${shown.join(', ')}${more})`;
}

/** What one member does: `update of config version 3; 1 field change(s) (…)`, `a new component; …`, `removal of config version 2`. */
export function memberSummary(member: Pick<MemberSimulation, 'action' | 'baseVersion' | 'diff' | 'isDocument'>): string {
  const base = member.baseVersion === null ? 'no config' : `config version ${member.baseVersion}`;
  if (member.action === 'remove') return `removal of ${base}`;
  const what = member.action === 'create' ? 'a new component' : `update of ${base}`;
  if (!member.isDocument || member.diff === null) return `${what}; not a config document`;
  return `${what}; ${diffSummary(member.diff)}`;
}

/** Each member on a line, its errors and warnings under it. */
export function memberLines(members: readonly MemberSimulation[], indent = '  '): string[] {
  return members.flatMap((m) => [
    `${indent}${m.componentId}: ${memberSummary(m)}`,
    ...m.errors.map((e) => issueLine(e, `${indent}  error: `)),
    ...m.warnings.map((w) => `${indent}  warning: ${w.message}`),
  ]);
}

/**
 * Validation errors grouped by the member they are about (an error naming
 * no member, or one not in the set, is about the set as a whole).
 */
export function errorLines(errors: readonly ValidationIssue[], memberIds: readonly string[], indent = '  '): string[] {
  const lines: string[] = [];
  const loose = errors.filter((e) => e.componentId === undefined || !memberIds.includes(e.componentId));
  for (const id of memberIds) {
    const own = errors.filter((e) => e.componentId === id);
    if (own.length > 0) lines.push(`${indent}${id}:`, ...own.map((e) => issueLine(e, `${indent}  `)));
  }
  return [...lines, ...loose.map((e) => issueLine(e, indent))];
}

function copyText(copy: StaleCopy): string {
  const changed = copy.of.newValue === null ? `${copy.of.oldValue}, removed` : `${copy.of.oldValue} → ${copy.of.newValue}`;
  const match = copy.match === 'exact' ? '' : `, ${copy.match} the old range`;
  return `${copy.componentId} ${copy.document} ${copy.path} = ${copy.value} (the old ${copy.of.componentId} ${copy.of.path}: ${changed}${match})`;
}

function dependentText(d: DependentConsequence): string {
  const inSet = d.isInSet ? ' (in this set)' : '';
  return `${d.id}${inSet}: ${d.reasons.join('; ') || 'no reason given'}`;
}

const countsText = (counts: Record<Verdict, number>) => (Object.keys(VERDICT_TEXT) as Verdict[]).map((v) => `${counts[v] ?? 0} ${VERDICT_TEXT[v]}`).join(', ');

/**
 * The consequences: counts by verdict, each dependent that must redeploy
 * with its reasons, each stale copy with where it is and what it holds;
 * `everyDependent` lists the other verdicts' dependents too.
 */
export function consequenceLines(consequences: Consequences | null | undefined, { indent = '  ', everyDependent = false } = {}): string[] {
  if (!consequences) return [`${indent}consequences: not worked out (the simulation predates them)`];
  const lines = [`${indent}consequences: ${countsText(consequences.counts)}`];
  const listed = consequences.dependents.filter((d) => everyDependent || d.verdict === 'must_redeploy');
  for (const d of listed) lines.push(`${indent}  ${VERDICT_TEXT[d.verdict]}: ${dependentText(d)}`);
  for (const copy of consequences.staleCopies) lines.push(`${indent}  stale copy: ${copyText(copy)}`);
  if (consequences.isTruncated) lines.push(`${indent}  (the lists were cut; the counts cover everything)`);
  return lines;
}

export function riskLine(risk: { level: RiskLevel; reasons: readonly RiskReason[] }, indent = '  '): string {
  return `${indent}risk: ${risk.level}${risk.reasons.length ? ` (${risk.reasons.map((r) => r.message).join('; ')})` : ''}`;
}
