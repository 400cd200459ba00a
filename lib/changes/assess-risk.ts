/**
 * The risk of a proposal: each factor found is a reason with its own level,
 * and the proposal's level is the highest of them (low when none is found).
 * Pure; the thresholds are named so tests and the README can quote them.
 */
import type { FieldChange } from '@/lib/json/diff-json';
import type { DriftStatus } from '@/lib/model/graph';
import type { RiskLevel, RiskReason, SimulationResult } from '@/lib/model/simulation';

/** At least this many dependents make a change high risk… */
export const MANY_DEPENDENTS = 10;
/** …and at least this many medium. */
export const SOME_DEPENDENTS = 3;

const PRODUCTION_ENV = /^(prod|production|prd|live)([-_.].*)?$/i;

/**
 * Fields whose change usually makes Terraform replace the resource rather
 * than update it (a VPC's CIDR, a bucket's or cluster's name, an engine).
 */
const IDENTITY_FIELD = /^(cidr|.+_cidr|cidr_block|name|.+_name|nickname|region|engine|fifo_queue)$/;

export function isProductionEnv(env: string): boolean {
  return PRODUCTION_ENV.test(env);
}

/** The last key of a path (`tags.Owner` → `Owner`, `subnets[2].cidr` → `cidr`, `["a.b"]` → `a.b`). */
function lastKey(path: string): string {
  const quoted = /\["((?:[^"\\]|\\.)*)"\]$/.exec(path);
  if (quoted) return JSON.parse(`"${quoted[1]}"`) as string;
  const stripped = path.replace(/(\[\d+\])+$/, '');
  return stripped.slice(stripped.lastIndexOf('.') + 1);
}

export function identityFieldsChanged(diff: readonly FieldChange[], referencePaths: ReadonlySet<string>): string[] {
  return diff.filter((c) => c.kind !== 'added' && !referencePaths.has(c.path) && IDENTITY_FIELD.test(lastKey(c.path))).map((c) => c.path);
}

export type RiskInput = {
  env: string;
  isNew: boolean;
  hasSchema: boolean;
  diff: readonly FieldChange[];
  references: SimulationResult['references'];
  blastRadiusTotal: number;
  conflicts: SimulationResult['conflicts'];
  /** The component's drift today, when known. */
  drift: DriftStatus | null;
  tier: SimulationResult['size']['tier'];
};

const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function assessRisk(input: RiskInput): SimulationResult['risk'] {
  const reasons: RiskReason[] = [];
  const add = (level: RiskLevel, code: string, message: string) => reasons.push({ level, code, message });
  const { env, isNew, references, blastRadiusTotal: dependents, conflicts } = input;

  if (isProductionEnv(env)) add('medium', 'production', `Production environment (${env})`);
  if (dependents >= MANY_DEPENDENTS) add('high', 'many_dependents', `${plural(dependents, 'component')} depend on it, directly or transitively`);
  else if (dependents >= SOME_DEPENDENTS) add('medium', 'some_dependents', `${plural(dependents, 'component')} depend on it, directly or transitively`);
  else if (dependents > 0) add('low', 'few_dependents', `${plural(dependents, 'component')} ${dependents === 1 ? 'depends' : 'depend'} on it`);

  const referencePaths = new Set([...references.added, ...references.removed].map((r) => r.path));
  const identity = identityFieldsChanged(input.diff, referencePaths);
  if (identity.length > 0)
    add('high', 'identity_fields', `Identity-like ${identity.length === 1 ? 'field' : 'fields'} changed (usually replaces the resource): ${identity.join(', ')}`);
  if (references.broken.length > 0) add('high', 'breaks_references', `Breaks ${plural(references.broken.length, 'reference')} from other components`);
  if (references.removed.length > 0) {
    add('medium', 'removed_references', `Removes or retargets ${plural(references.removed.length, 'reference')}: ${references.removed.map((r) => r.path).join(', ')}`);
  }
  if (!input.hasSchema) add('medium', 'no_schema', 'No JSON Schema for this type: field values are not checked');
  if (conflicts.length > 0) add('medium', 'open_requests', `${plural(conflicts.length, 'other open change request')} on this component or its dependents`);
  if (input.drift === 'pending') add('medium', 'undeployed_changes', 'The current config is not deployed yet: applying adds to undeployed changes');
  if (input.drift === 'mismatch') add('medium', 'drifted', 'The deployed runtime disagrees with the current config');
  if (isNew) add('low', 'new_component', 'A new component: nothing is deployed yet');
  if (input.tier === 'Advanced') add('low', 'advanced_tier', 'Needs the advanced parameter tier');

  const level = reasons.reduce<RiskLevel>((worst, r) => (RANK[r.level] > RANK[worst] ? r.level : worst), 'low');
  return { level, reasons: reasons.sort((a, b) => RANK[b.level] - RANK[a.level]) };
}
