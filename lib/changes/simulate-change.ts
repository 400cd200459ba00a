/**
 * Simulates a change set (one or more component changes) against the current
 * graph (ARCHITECTURE.md §6): each member's validation, field diff and
 * reference changes, resolved against the other members (a reference to a
 * component the set adds is not dangling, one to a component it removes is;
 * a cycle across the set is found), then the set's combined blast radius,
 * its consequences dependent by dependent, conflicting open requests and
 * risk. A set with a member that is no valid config document (not JSON, not
 * an object, or failing its type's JSON Schema) gets its errors only: a
 * verdict on a text that cannot be applied would mislead. Pure: the graph
 * comes indexed (lib/changes/simulation-index.ts), the clock is passed in,
 * nothing is read or written.
 */
import { diffJson } from '@/lib/json/diff-json';
import type { MemberAction } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { Component } from '@/lib/model/graph';
import { componentId, isValidName, parseComponentId, type ComponentKey } from '@/lib/model/ids';
import { canonicalJson, isJsonObject, type JsonObject, type JsonValue } from '@/lib/model/json';
import type {
  MemberSimulation,
  ProposalSimulation,
  ProposalTarget,
  ProposedMember,
  ReferenceEdge,
  SimulationResult,
  UnreadableProposal,
  ValidationIssue,
} from '@/lib/model/simulation';
import { assessRisk } from './assess-risk';
import { blastRadiusOf, combinedDependents } from './blast-radius';
import { assessConsequences, type ProposedChange } from './consequences';
import { planRollout } from './plan-rollout';
import { findConflicts, type OpenRequest } from './find-conflicts';
import { checkReferences, proposedReferences } from './proposed-references';
import type { SimulationIndex } from './simulation-index';
import { checkProposal, issue, type ProposalCheck } from './validate-proposal';

export type SetSimulationInput = {
  index: SimulationIndex;
  /** JSON Schemas by component type (the config repo's `schemas/`). */
  schemas: Readonly<Record<string, JsonObject>>;
  /** Change requests that may conflict; only open and approved ones count. */
  openRequests: readonly OpenRequest[];
  allowAdvancedTier: boolean;
  members: readonly ProposedMember[];
  now: Date;
  /** The request being re-simulated, which must not conflict with itself. */
  excludeRequestId?: string;
};

/** One component's proposal: the set of one that every single-component caller means. */
export type SimulationInput = Omit<SetSimulationInput, 'members'> & { target: ProposalTarget; proposedConfig: string };

export function simulateChange({ target, proposedConfig, ...input }: SimulationInput): ProposalSimulation {
  return simulateChangeSet({ ...input, members: [{ target, proposedConfig }] });
}

type ResolvedTarget = ComponentKey & { id: string; component: Component | undefined; errors: ValidationIssue[] };

function resolveTarget(index: SimulationIndex, target: ProposalTarget): ResolvedTarget {
  if ('componentId' in target) {
    const key = parseComponentId(target.componentId);
    const component = key ? index.graph.component(componentId(key)) : undefined;
    if (!key || !component) throw new AppError('not_found', `No component ${target.componentId}`);
    return { ...key, id: component.id, component, errors: [] };
  }
  const { env, type, nickname } = target;
  const errors: ValidationIssue[] = [];
  for (const [field, value] of Object.entries({ env, type, nickname })) {
    if (!isValidName(value)) errors.push(issue('invalid_name', `${field} "${value}" is not a valid name: letters, digits, ".", "_" or "-", starting with a letter or digit`));
  }
  if (isValidName(env) && !index.targets.envs.includes(env) && !index.prefixes.has(env)) {
    errors.push(issue('unknown_environment', `No environment "${env}"; known: ${[...index.targets.envs].join(', ')}`));
  }
  const id = componentId({ env, type, nickname });
  const component = index.graph.component(id);
  if (component !== undefined && component.configRaw !== null) errors.push(issue('already_exists', `${id} already exists: propose a change to it instead`));
  return { env, type, nickname, id, component, errors };
}

/** Codes that mean the text is no valid config document: nothing is worked out from it. */
const UNREADABLE = new Set<ValidationIssue['code']>(['json_syntax', 'not_an_object', 'schema']);

type Prepared = {
  target: ResolvedTarget;
  action: MemberAction;
  facts: Omit<MemberSimulation, 'isDocument' | 'schema' | 'diff' | 'references'>;
  /** Null for a removal. */
  check: ProposalCheck | null;
  current: JsonValue | null;
};

function prepare(input: SetSimulationInput, member: ProposedMember): Prepared {
  const { index, schemas, now } = input;
  const target = resolveTarget(index, member.target);
  const { id, env, type, nickname, component } = target;
  const hasConfig = component !== undefined && component.configRaw !== null;
  const errors = [...target.errors];
  const warnings: ValidationIssue[] = [];
  let check: ProposalCheck | null = null;
  let action: MemberAction = hasConfig ? 'update' : 'create';
  if (member.proposedConfig === null) {
    action = 'remove';
    if (!hasConfig) errors.push(issue('not_found', `${id} has no config to remove`));
  } else {
    check = checkProposal({ text: member.proposedConfig, type, nickname, schema: schemas[type], allowAdvancedTier: input.allowAdvancedTier });
    errors.push(...check.errors);
    warnings.push(...check.warnings);
  }
  const facts = {
    componentId: id,
    env,
    type,
    nickname,
    action,
    isNew: !hasConfig,
    baseVersion: hasConfig ? (component?.configVersion ?? null) : null,
    simulatedAt: now.toISOString(),
    errors,
    warnings,
    proposedConfig: check?.compact ?? null,
    size: check?.size ?? { bytes: 0, limit: 0, tier: null },
  };
  return { target, action, facts, check, current: component?.config ?? null };
}

/** Names the member in each issue, when the set has more than one. */
function tagged(issues: ValidationIssue[], id: string, isSet: boolean): ValidationIssue[] {
  return isSet ? issues.map((i) => ({ ...i, componentId: id })) : issues;
}

/** `to → … → from` along the proposed graph (the members' proposed references, everyone else's current ones), or null. */
function pathInProposed(index: SimulationIndex, proposedEdges: ReadonlyMap<string, ReferenceEdge[]>, from: string, to: string): string[] | null {
  const outgoing = (id: string): string[] => {
    const proposed = proposedEdges.get(id);
    return proposed
      ? proposed.filter((e) => !e.dangling).map((e) => e.to)
      : index.graph
          .outgoing(id)
          .filter((e) => !e.dangling)
          .map((e) => e.to);
  };
  const parent = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    if (id === to) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = parent.get(at) ?? null) path.push(at);
      return path.reverse();
    }
    for (const next of outgoing(id)) {
      if (parent.has(next)) continue;
      parent.set(next, id);
      queue.push(next);
    }
  }
  return null;
}

const unreadableMember = (p: Prepared): MemberSimulation => ({
  ...p.facts,
  isDocument: p.check === null || isJsonObject(p.check.value),
  schema: p.check?.schema ?? null,
  diff: null,
  references: null,
});

export function simulateChangeSet(input: SetSimulationInput): ProposalSimulation {
  const { index } = input;
  if (input.members.length === 0) throw new AppError('validation_failed', 'A change set needs at least one member');
  const prepared = input.members.map((member) => prepare(input, member));
  const isSet = prepared.length > 1;

  const seen = new Set<string>();
  for (const p of prepared) {
    if (seen.has(p.target.id)) p.facts.errors.push(issue('duplicate_member', `${p.target.id} is in this change more than once: give each component one proposal`));
    seen.add(p.target.id);
  }

  const first = prepared[0];
  /** Every member's errors or warnings, each naming its member in a set. */
  const issuesOf = (of: ReadonlyArray<Pick<MemberSimulation, 'componentId' | 'errors' | 'warnings'>>, kind: 'errors' | 'warnings') =>
    of.flatMap((m) => tagged(m[kind], m.componentId, isSet));

  // Judged whole or not at all: one member that is no valid document, and nothing is worked out for any.
  if (prepared.some((p) => p.facts.errors.some((e) => UNREADABLE.has(e.code)))) {
    const facts = prepared.map((p) => p.facts);
    const unreadable: UnreadableProposal = {
      ...first.facts,
      errors: issuesOf(facts, 'errors'),
      warnings: issuesOf(facts, 'warnings'),
      isDocument: false,
      isValid: false,
      schema: null,
      diff: null,
      references: null,
      members: prepared.map(unreadableMember),
      blastRadius: null,
      consequences: null,
      conflicts: null,
      risk: null,
      rollout: null,
    };
    return unreadable;
  }

  const created = new Set(prepared.filter((p) => p.action === 'create').map((p) => p.target.id));
  const removed = new Set(prepared.filter((p) => p.action === 'remove').map((p) => p.target.id));
  const memberIds = prepared.map((p) => p.target.id);

  // Every member's references as proposed, resolved against the set: what it adds exists, what it removes does not.
  const proposedEdges = new Map<string, ReferenceEdge[]>();
  for (const p of prepared) {
    if (p.action === 'remove') {
      proposedEdges.set(p.target.id, []);
      continue;
    }
    const edges = proposedReferences(index, p.target, p.check!.value as JsonObject).map((e) =>
      created.has(e.to) ? { ...e, dangling: false } : removed.has(e.to) ? { ...e, dangling: true } : e,
    );
    proposedEdges.set(p.target.id, edges);
  }

  const dependents = combinedDependents(index.graph, memberIds);
  const members: MemberSimulation[] = [];
  const changes: ProposedChange[] = [];
  for (const p of prepared) {
    const { target, facts, current } = p;
    const proposed = p.action === 'remove' ? null : (p.check!.value as JsonObject);
    const hasConfig = !facts.isNew;
    if (hasConfig && current === null) facts.warnings.push(issue('current_not_json', 'The current config is not valid JSON: the diff shows every field as added'));
    const diff = diffJson(isJsonObject(current) ? current : {}, proposed ?? {});
    if (proposed !== null && current !== null && canonicalJson(current) === canonicalJson(proposed)) {
      facts.errors.push(issue('no_change', 'The proposal is the same as the current config'));
    }
    let references: MemberSimulation['references'];
    if (proposed === null) {
      const before = index.graph.outgoing(target.id).map(({ path, to, rule, dangling }) => ({ path, to, rule, dangling }));
      references = { added: [], removed: before, unchanged: [], broken: [] };
      // Still depended on once the set is applied: by a component outside it, or by a member that keeps the reference.
      for (const edge of index.graph.incoming(target.id)) {
        const keeps = proposedEdges.get(edge.from)?.some((e) => e.to === target.id) ?? true;
        if (keeps && !removed.has(edge.from)) {
          facts.errors.push(issue('has_dependents', `${edge.from} depends on ${target.id} (at ${edge.path}): change or remove that reference first, in this change or before it`));
        }
      }
    } else {
      const check = checkReferences({
        index,
        target,
        current,
        proposed,
        dependents,
        after: proposedEdges.get(target.id),
        loopBack: isSet ? (to) => pathInProposed(index, proposedEdges, to, target.id) : undefined,
        removed,
      });
      references = check.references;
      facts.errors.push(...check.errors);
      facts.warnings.push(...check.warnings);
    }
    members.push({ ...facts, isDocument: true, schema: p.check?.schema ?? 'none', diff, references });
    changes.push({ id: target.id, env: target.env, type: target.type, nickname: target.nickname, action: p.action, before: current, after: proposed, diff });
  }

  const blast = blastRadiusOf(index.graph, dependents);
  const { consequences, mustRedeploy } = assessConsequences({ index, changes, dependents });
  const rollout = planRollout({
    changed: changes.map(({ id, env, type, nickname, action }) => ({ id, env, type, nickname, action })),
    mustRedeploy: mustRedeploy.map((id) => {
      const c = index.graph.component(id)!;
      return { id, env: c.env, type: c.type, nickname: c.nickname };
    }),
    waitsOn: (id, action) => {
      // A removal goes once what referred to it has stopped; a member waits for what it will refer to; the rest for what it refers to.
      if (action === 'remove') return index.graph.incoming(id).map((e) => e.from);
      const proposed = proposedEdges.get(id);
      return (proposed ?? index.graph.outgoing(id)).filter((e) => !e.dangling).map((e) => e.to);
    },
  });
  const conflicts = findConflicts(input.openRequests, { componentIds: new Set(memberIds), dependents, excludeId: input.excludeRequestId });
  const risk = assessRisk({
    members: members.map((m, i) => ({
      id: m.componentId,
      env: m.env,
      action: m.action,
      hasSchema: input.schemas[m.type] !== undefined,
      diff: m.diff ?? [],
      references: m.references!,
      drift: prepared[i].target.component?.drift?.status ?? null,
      tier: m.size.tier,
    })),
    consequences,
    conflicts,
  });

  const errors = issuesOf(members, 'errors');
  const warnings = issuesOf(members, 'warnings');
  const head = members[0];
  const result: SimulationResult = {
    ...first.facts,
    errors,
    warnings,
    isDocument: true,
    isValid: errors.length === 0,
    schema: head.schema ?? 'none',
    diff: head.diff ?? [],
    references: head.references!,
    members,
    blastRadius: blast,
    consequences,
    conflicts,
    risk,
    rollout,
  };
  return result;
}
