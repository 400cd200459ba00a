/**
 * The references of a proposed config, compared with the component's current
 * `depends_on` edges: added, removed, unchanged; the new ones checked for
 * dangling targets, self-reference and cycles; and the references of other
 * components that the proposal breaks (a target field a by-value rule
 * matches on, such as a zone's `zone_name`). Pure.
 */
import { extractReferences, normaliseValue } from '@/lib/graph/extract-references';
import type { Reached } from '@/lib/graph/graph-index';
import { componentId, type ComponentKey } from '@/lib/model/ids';
import type { JsonObject, JsonValue } from '@/lib/model/json';
import type { BrokenReference, ReferenceEdge, SimulationResult, ValidationIssue } from '@/lib/model/simulation';
import { resolveReference, valueAt } from '@/lib/graph/resolve-reference';
import type { SimulationIndex } from './simulation-index';
import { issue } from './validate-proposal';

export type ReferenceCheck = {
  references: SimulationResult['references'];
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
};

export type ReferenceCheckInput = {
  index: SimulationIndex;
  target: ComponentKey & { id: string };
  /** The current config; null for a new component or one whose config is not JSON. */
  current: JsonValue | null;
  proposed: JsonObject;
  /** The component's blast radius in the current graph, by id. */
  dependents: ReadonlyMap<string, Reached>;
  /** Its references as proposed, when the caller resolved them already (against a change set). */
  after?: ReferenceEdge[];
  /**
   * In a change set, where the other members' references change too: the
   * path from `to` back to this component along the proposed graph, if any
   * (a new reference to `to` then closes a loop). Without it, the current
   * blast radius answers.
   */
  loopBack?: (to: string) => string[] | null;
  /** Components the change set removes: a reference to one is dangling once it is applied. */
  removed?: ReadonlySet<string>;
};

const edgeKey = (e: ReferenceEdge) => `${e.path}\0${e.to}`;

export function proposedReferences(index: SimulationIndex, target: ComponentKey, proposed: JsonObject): ReferenceEdge[] {
  const { env, type, nickname } = target;
  const found = new Map<string, ReferenceEdge>();
  const add = (edge: ReferenceEdge) => {
    if (!found.has(edgeKey(edge))) found.set(edgeKey(edge), edge);
  };
  for (const reference of extractReferences(proposed, { type, prefix: index.prefixes.get(env) ?? '/iac', fieldRules: index.fieldRules })) {
    add({ path: reference.path, rule: reference.rule, ...resolveReference(env, reference, index.targets) });
  }
  for (const rule of index.referenceRules) {
    if (rule.kind !== 'same-nickname' || rule.sourceType !== type) continue;
    const to = componentId({ env, type: rule.targetType, nickname });
    const exists = index.targets.ids.has(to);
    if (exists || rule.required) add({ path: `(${rule.name})`, rule: rule.name, to, dangling: !exists });
  }
  return [...found.values()];
}

/** `a → t → … → a`: the loop a new reference a → t closes when t already depends on a. */
function loopThrough(id: string, reached: Reached): string[] {
  return [id, ...reached.via.map((edge) => edge.from).reverse(), id];
}

function brokenIncoming({ index, target, current, proposed }: ReferenceCheckInput): BrokenReference[] {
  const broken: BrokenReference[] = [];
  for (const rule of index.referenceRules) {
    if (rule.kind !== 'field' || rule.targetType !== target.type || !rule.targetField) continue;
    const normalise = (value: JsonValue | undefined) => (typeof value === 'string' ? normaliseValue(value, rule.normalize) : null);
    if (normalise(valueAt(current, rule.targetField)) === normalise(valueAt(proposed, rule.targetField))) continue;
    for (const edge of index.graph.incoming(target.id)) {
      if (edge.rule === rule.name) broken.push({ from: edge.from, path: edge.path, rule: rule.name });
    }
  }
  return broken;
}

export function checkReferences(input: ReferenceCheckInput): ReferenceCheck {
  const { index, target, proposed, dependents } = input;
  const before: ReferenceEdge[] = index.graph.outgoing(target.id).map(({ path, to, rule, dangling }) => ({ path, to, rule, dangling }));
  const after = input.after ?? proposedReferences(index, target, proposed);
  const beforeKeys = new Set(before.map(edgeKey));
  const afterKeys = new Set(after.map(edgeKey));
  const references: SimulationResult['references'] = {
    added: after.filter((e) => !beforeKeys.has(edgeKey(e))),
    removed: before.filter((e) => !afterKeys.has(edgeKey(e))),
    unchanged: after.filter((e) => beforeKeys.has(edgeKey(e))),
    broken: brokenIncoming(input),
  };

  // A target referred to before (from any field) is not new: its problems are the graph's, not the proposal's.
  const knownTargets = new Set(before.map((e) => e.to));
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const report = (isNew: boolean, code: 'dangling_reference' | 'self_reference' | 'cycle', message: string, path: string) => {
    if (isNew) errors.push(issue(code, message, { path }));
    else warnings.push(issue(`existing_${code}` as const, `${message} (already so today)`, { path }));
  };
  for (const edge of after) {
    const isNew = !knownTargets.has(edge.to);
    if (edge.to === target.id) {
      report(isNew, 'self_reference', `${edge.path} refers to the component itself`, edge.path);
    } else if (edge.dangling && input.removed?.has(edge.to)) {
      errors.push(issue('dangling_reference', `${edge.path} refers to ${edge.to}, which this change removes`, { path: edge.path }));
    } else if (edge.dangling) {
      report(isNew, 'dangling_reference', `${edge.path} refers to ${edge.to}, which does not exist`, edge.path);
    } else if (input.loopBack) {
      const loop = input.loopBack(edge.to);
      if (loop) report(isNew, 'cycle', `${edge.path} refers to ${edge.to}, which depends on ${target.id}: ${[target.id, ...loop].join(' → ')}`, edge.path);
    } else {
      // Every loop through a → t runs back from t to a, so t is in a's blast radius: no second walk needed.
      const reached = dependents.get(edge.to);
      if (reached) report(isNew, 'cycle', `${edge.path} refers to ${edge.to}, which depends on ${target.id}: ${loopThrough(target.id, reached).join(' → ')}`, edge.path);
    }
  }
  for (const { from, path, rule } of references.broken) {
    warnings.push(issue('breaks_references', `${from} refers to this component at ${path} (rule ${rule}); the change leaves that reference dangling`));
  }
  return { references, errors, warnings };
}
