/**
 * The risk of a proposal (one component or a change set): each factor found
 * is a reason with its own level, and the proposal's level is the highest of
 * them (low when none is found). Pure.
 */
import type { FieldChange } from '@/lib/json/diff-json';
import type { MemberAction } from '@/lib/model/change-request';
import type { Consequences } from '@/lib/model/consequences';
import type { DriftStatus } from '@/lib/model/graph';
import type { RiskLevel, RiskReason, SimulationResult } from '@/lib/model/simulation';

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

export type RiskMember = {
  id: string;
  env: string;
  action: MemberAction;
  hasSchema: boolean;
  diff: readonly FieldChange[];
  references: SimulationResult['references'];
  /** The component's drift today, when known. */
  drift: DriftStatus | null;
  tier: SimulationResult['size']['tier'];
};

export type RiskInput = {
  members: readonly RiskMember[];
  consequences: Consequences;
  conflicts: SimulationResult['conflicts'];
};

const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The first few, then how many more: `a, b, c and 4 more`. */
function some(items: readonly string[], shown = 3): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

/**
 * Risk from what the change does (lib/model/consequences.ts), not from how
 * many components sit behind it: dependents that must be redeployed (in
 * production: high), stale copies of old values (high when one is in
 * production), broken references; then what is true of the members
 * themselves (production, identity fields, removals, no schema, drift,
 * conflicting requests).
 */
export function assessRisk({ members, consequences, conflicts }: RiskInput): SimulationResult['risk'] {
  const reasons: RiskReason[] = [];
  const add = (level: RiskLevel, code: string, message: string) => reasons.push({ level, code, message });

  const production = [...new Set(members.map((m) => m.env).filter(isProductionEnv))];
  if (production.length > 0) add('medium', 'production', `Production environment (${production.join(', ')})`);

  const redeploy = consequences.dependents.filter((d) => d.mustRedeploy);
  const redeployCount = consequences.counts.must_redeploy;
  const inProduction = redeploy.filter((d) => isProductionEnv(d.env));
  if (inProduction.length > 0) {
    add('high', 'must_redeploy_production', `${plural(inProduction.length, 'production component')} must be redeployed: ${some(inProduction.map((d) => d.id))}`);
  }
  const elsewhere = redeploy.filter((d) => !isProductionEnv(d.env));
  if (elsewhere.length > 0) add('medium', 'must_redeploy', `${plural(elsewhere.length, 'component')} must be redeployed: ${some(elsewhere.map((d) => d.id))}`);
  if (consequences.isTruncated && redeployCount > redeploy.length) {
    add('medium', 'must_redeploy_more', `${plural(redeployCount, 'component')} must be redeployed in all (the list shows the nearest)`);
  }
  // Only where it counts: a consumer judged must-redeploy because nobody said which outputs the field changes.
  const removed = new Set(members.filter((m) => m.action === 'remove').map((m) => m.id));
  // A removed component's outputs go away (its own reason below), a new one's are all new: neither "may change".
  const unmapped = consequences.dependents.flatMap((d) => d.consumes.filter((o) => o.output === null && o.source === 'unmapped' && !removed.has(o.componentId)));
  if (unmapped.length > 0) {
    const owners = [...new Set(unmapped.map((o) => o.componentId))];
    add(
      'medium',
      'outputs_may_change',
      `Outputs of ${some(owners)} may change (no derivedOutputs map for ${owners.length === 1 ? 'its type' : 'their types'}): every consumer is counted as must redeploy`,
    );
  }

  const copies = consequences.staleCopies.filter((c) => c.document === 'config');
  if (copies.length > 0) {
    const level: RiskLevel = copies.some((c) => isProductionEnv(c.env)) ? 'high' : 'medium';
    const listed = copies.map((c) => `${c.componentId} ${c.path} holds ${c.value}`);
    add(
      level,
      'stale_copies',
      `${plural(consequences.counts.stale_copy, 'component')} still ${consequences.counts.stale_copy === 1 ? 'holds' : 'hold'} an old value: ${some(listed)}`,
    );
  }

  const broken = members.flatMap((m) => m.references.broken);
  if (broken.length > 0) add('high', 'breaks_references', `Breaks ${plural(broken.length, 'reference')} from other components: ${some(broken.map((b) => `${b.from} ${b.path}`))}`);

  for (const m of members) {
    const referencePaths = new Set([...m.references.added, ...m.references.removed].map((r) => r.path));
    const identity = m.action === 'update' ? identityFieldsChanged(m.diff, referencePaths) : [];
    const who = members.length > 1 ? `${m.id}: ` : '';
    if (identity.length > 0) {
      add('medium', 'identity_fields', `${who}Identity-like ${identity.length === 1 ? 'field' : 'fields'} changed (usually replaces the resource): ${identity.join(', ')}`);
    }
    if (m.action !== 'remove' && m.references.removed.length > 0) {
      add('medium', 'removed_references', `${who}Removes or retargets ${plural(m.references.removed.length, 'reference')}: ${m.references.removed.map((r) => r.path).join(', ')}`);
    }
    if (m.action === 'remove') add('medium', 'removes_component', `Removes ${m.id}: its config is deleted, and its deploy pipeline should destroy it`);
    if (m.action !== 'remove' && !m.hasSchema) add('medium', 'no_schema', `${who}No JSON Schema for this type: field values are not checked`);
    if (m.drift === 'pending') add('medium', 'undeployed_changes', `${who}The current config is not deployed yet: applying adds to undeployed changes`);
    if (m.drift === 'mismatch') add('medium', 'drifted', `${who}The deployed runtime disagrees with the current config`);
    if (m.action === 'create') add('low', 'new_component', `${who}A new component: nothing is deployed yet`);
    if (m.tier === 'Advanced') add('low', 'advanced_tier', `${who}Needs the advanced parameter tier`);
  }
  if (conflicts.length > 0) add('medium', 'open_requests', `${plural(conflicts.length, 'other open change request')} on these components or their dependents`);
  const unaffected = consequences.counts.unaffected;
  if (unaffected > 0) add('low', 'unaffected_dependents', `${plural(unaffected, 'dependent')} ${unaffected === 1 ? 'relies' : 'rely'} on nothing that changes`);

  const level = reasons.reduce<RiskLevel>((worst, r) => (RANK[r.level] > RANK[worst] ? r.level : worst), 'low');
  return { level, reasons: reasons.sort((a, b) => RANK[b.level] - RANK[a.level]) };
}
