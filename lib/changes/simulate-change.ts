/**
 * Simulates a proposed config for one component against the current graph
 * (ARCHITECTURE.md §6): validation, field diff, reference changes, blast
 * radius, conflicting open requests and risk. A proposal that is no config
 * document (not JSON, or not an object) gets its errors only: a verdict on
 * a text that cannot be applied would mislead. Pure: the graph comes indexed
 * (lib/changes/simulation-index.ts), the clock is passed in, nothing is read
 * or written.
 */
import { diffJson } from '@/lib/json/diff-json';
import { AppError } from '@/lib/model/errors';
import type { Component } from '@/lib/model/graph';
import { componentId, isValidName, parseComponentId, type ComponentKey } from '@/lib/model/ids';
import { canonicalJson, isJsonObject, type JsonObject } from '@/lib/model/json';
import type { ProposalSimulation, ProposalTarget, SimulationResult, ValidationIssue } from '@/lib/model/simulation';
import { assessRisk } from './assess-risk';
import { blastRadius } from './blast-radius';
import { findConflicts, type OpenRequest } from './find-conflicts';
import { checkReferences } from './proposed-references';
import type { SimulationIndex } from './simulation-index';
import { checkProposal, issue } from './validate-proposal';

export type SimulationInput = {
  index: SimulationIndex;
  /** JSON Schemas by component type (the config repo's `schemas/`). */
  schemas: Readonly<Record<string, JsonObject>>;
  /** Change requests that may conflict; only open and approved ones count. */
  openRequests: readonly OpenRequest[];
  allowAdvancedTier: boolean;
  target: ProposalTarget;
  /** The text as typed. */
  proposedConfig: string;
  now: Date;
  /** The request being re-simulated, which must not conflict with itself. */
  excludeRequestId?: string;
};

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

export function simulateChange(input: SimulationInput): ProposalSimulation {
  const { index, schemas, now } = input;
  const target = resolveTarget(index, input.target);
  const { id, env, type, nickname, component } = target;
  const schema = schemas[type];
  const check = checkProposal({ text: input.proposedConfig, type, nickname, schema, allowAdvancedTier: input.allowAdvancedTier });
  const errors = [...target.errors, ...check.errors];
  const warnings = [...check.warnings];
  const hasConfig = component !== undefined && component.configRaw !== null;
  const isNew = !hasConfig;
  const facts = {
    componentId: id,
    env,
    type,
    nickname,
    isNew,
    baseVersion: isNew ? null : (component?.configVersion ?? null),
    simulatedAt: now.toISOString(),
    errors,
    warnings,
    proposedConfig: check.compact,
    size: check.size,
  };
  const proposed = check.value;
  if (!isJsonObject(proposed)) {
    return { ...facts, isDocument: false, isValid: false, schema: null, diff: null, references: null, blastRadius: null, conflicts: null, risk: null };
  }

  const current = component?.config ?? null;
  if (hasConfig && current === null) {
    warnings.push(issue('current_not_json', 'The current config is not valid JSON: the diff shows every field as added'));
  }
  const blast = blastRadius(index.graph, id);
  const diff: SimulationResult['diff'] = diffJson(isJsonObject(current) ? current : {}, proposed);
  if (current !== null && canonicalJson(current) === canonicalJson(proposed)) {
    errors.push(issue('no_change', 'The proposal is the same as the current config'));
  }
  const { references, ...referenceIssues } = checkReferences({ index, target, current, proposed, dependents: blast.byId });
  errors.push(...referenceIssues.errors);
  warnings.push(...referenceIssues.warnings);

  const conflicts = findConflicts(input.openRequests, { componentId: id, dependents: blast.byId, excludeId: input.excludeRequestId });
  const risk = assessRisk({
    env,
    isNew,
    hasSchema: schema !== undefined,
    diff,
    references,
    blastRadiusTotal: blast.result.total,
    conflicts,
    drift: component?.drift?.status ?? null,
    tier: check.size.tier,
  });

  return {
    ...facts,
    isDocument: true,
    isValid: errors.length === 0,
    schema: check.schema,
    diff,
    references,
    blastRadius: blast.result,
    conflicts,
    risk,
  };
}
