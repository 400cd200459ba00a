/**
 * The graph builder: parameters (+ the Git config repo, when configured) →
 * components and `depends_on` edges. Pure and deterministic; runs as named
 * steps: group → parse → attach Git → runtime owners → references → named
 * rules → dedupe → cycles → problems, each a function below.
 */
import type { Component, Edge, Graph } from '@/lib/model/graph';
import { componentId, edgeId } from '@/lib/model/ids';
import { isJsonObject } from '@/lib/model/json';
import type { EnvironmentParameters } from '@/lib/model/parameters';
import type { ReferenceRule, RuntimeOwnerRule } from '@/lib/model/settings';
import { compileFieldRules, extractReferences } from './extract-references';
import { indexTargets, resolveReference, valueAt } from './resolve-reference';
import { findCycles } from './find-cycles';
import { groupParameters } from './group-parameters';
import { toComponent } from './to-component';

export type GitConfig = { env: string; type: string; nickname: string; raw: string };

export type BuildGraphInput = {
  environments: EnvironmentParameters[];
  referenceRules?: ReferenceRule[];
  runtimeOwners?: RuntimeOwnerRule[];
  /** The config repo's configs; undefined when no repo is configured. */
  gitConfigs?: GitConfig[];
};

function attachGitConfigs(components: Component[], gitConfigs: GitConfig[] | undefined): Component[] {
  if (!gitConfigs) return components;
  const byId = new Map(gitConfigs.map((g) => [componentId(g), g.raw]));
  const attached = components.map((c) => ({ ...c, gitConfigRaw: byId.get(c.id) ?? null }));
  const known = new Set(components.map((c) => c.id));
  for (const git of gitConfigs) {
    const id = componentId(git);
    if (known.has(id)) continue;
    // In Git but never published: shown so drift can say "unpublished".
    attached.push({
      id,
      env: git.env,
      type: git.type,
      nickname: git.nickname,
      config: null,
      configRaw: null,
      configVersion: null,
      configModifiedAt: null,
      configModifiedBy: null,
      runtime: null,
      runtimeRaw: null,
      runtimeVersion: null,
      runtimeModifiedAt: null,
      meta: {},
      ownedBy: null,
      gitConfigRaw: git.raw,
      problems: [],
    });
  }
  return attached.sort((a, b) => a.id.localeCompare(b.id));
}

function assignRuntimeOwners(components: Component[], rules: RuntimeOwnerRule[]): Component[] {
  if (rules.length === 0) return components;
  const byId = new Map(components.map((c) => [c.id, c]));
  return components.map((component) => {
    if (component.configRaw !== null || component.runtimeRaw === null) return component;
    for (const rule of rules) {
      if (rule.type !== component.type) continue;
      let owner: Component | undefined;
      if (rule.match === 'same-nickname') {
        owner = byId.get(componentId({ env: component.env, type: rule.ownerType, nickname: component.nickname }));
      } else {
        owner = components.find((candidate) => {
          if (candidate.env !== component.env || candidate.type !== rule.ownerType) return false;
          const map = valueAt(candidate.config, rule.field);
          return isJsonObject(map) && Object.hasOwn(map, component.nickname);
        });
      }
      if (owner && owner.configRaw !== null) return { ...component, ownedBy: owner.id };
    }
    return component;
  });
}

type EdgeDraft = Omit<Edge, 'id'>;

/** References found in each config (field rules, `*_nickname`, paths), resolved against the components. */
function referenceEdges(components: Component[], environments: EnvironmentParameters[], referenceRules: ReferenceRule[], index: ReturnType<typeof indexTargets>): EdgeDraft[] {
  const prefixes = new Map(environments.map((e) => [e.env, e.prefix]));
  const fieldRules = compileFieldRules(referenceRules);
  const drafts: EdgeDraft[] = [];
  for (const component of components) {
    const references = extractReferences(component.config, { type: component.type, prefix: prefixes.get(component.env) ?? '/iac', fieldRules });
    for (const reference of references) {
      const { to, dangling } = resolveReference(component.env, reference, index);
      drafts.push({ from: component.id, to, path: reference.path, rule: reference.rule, dangling });
    }
  }
  return drafts;
}

/** Edges that named rules imply without any field (`same-nickname`: an API and its OpenAPI document). */
function namedRuleEdges(components: Component[], referenceRules: ReferenceRule[], index: ReturnType<typeof indexTargets>): EdgeDraft[] {
  const drafts: EdgeDraft[] = [];
  for (const rule of referenceRules) {
    if (rule.kind !== 'same-nickname') continue;
    for (const component of components) {
      if (component.type !== rule.sourceType || component.config === null) continue;
      const to = componentId({ env: component.env, type: rule.targetType, nickname: component.nickname });
      const exists = index.ids.has(to);
      if (exists || rule.required) drafts.push({ from: component.id, to, path: `(${rule.name})`, rule: rule.name, dangling: !exists });
    }
  }
  return drafts;
}

/** One edge per (from, to, path), first found wins, in id order. */
function dedupeEdges(drafts: EdgeDraft[]): Edge[] {
  const edges = new Map<string, Edge>();
  for (const draft of drafts) {
    const id = edgeId(draft.from, draft.to, draft.path);
    if (!edges.has(id)) edges.set(id, { id, ...draft });
  }
  return [...edges.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** What the edges and cycles say about each component: dangling and self references, cycle membership. */
function noteEdgeProblems(components: Component[], edges: Edge[], cycles: string[][]): Component[] {
  const problemsById = new Map<string, Component['problems']>();
  const note = (id: string, problem: Component['problems'][number]) => {
    const list = problemsById.get(id);
    if (list) list.push(problem);
    else problemsById.set(id, [problem]);
  };
  for (const edge of edges) {
    if (edge.dangling) note(edge.from, { code: 'dangling_reference', message: `${edge.path} refers to ${edge.to}, which does not exist`, path: edge.path });
    else if (edge.from === edge.to) note(edge.from, { code: 'self_reference', message: `${edge.path} refers to the component itself`, path: edge.path });
  }
  for (const cycle of cycles) {
    const loop = [...cycle, cycle[0]].join(' → ');
    for (const id of cycle) note(id, { code: 'in_cycle', message: `Part of a reference cycle: ${loop}` });
  }
  return components.map((c) => (problemsById.has(c.id) ? { ...c, problems: [...c.problems, ...problemsById.get(c.id)!] } : c));
}

export function buildGraph({ environments, referenceRules = [], runtimeOwners = [], gitConfigs }: BuildGraphInput): Graph {
  const { drafts, ignored } = groupParameters(environments);
  const parsed = drafts.map(toComponent);
  const withGit = attachGitConfigs(parsed, gitConfigs);
  const components = assignRuntimeOwners(withGit, runtimeOwners);
  const index = indexTargets(components, referenceRules);
  const edges = dedupeEdges([...referenceEdges(components, environments, referenceRules, index), ...namedRuleEdges(components, referenceRules, index)]);
  const cycles = findCycles(
    components.map((c) => c.id),
    edges.filter((e) => !e.dangling),
  );
  return { components: noteEdgeProblems(components, edges, cycles), edges, cycles, ignoredParameters: ignored };
}
