/**
 * The graph builder: parameters (+ the Git config repo, when configured) →
 * components and `depends_on` edges. Pure and deterministic; runs as named
 * steps: group → parse → attach Git → runtime owners → references → named
 * rules → dedupe → cycles → problems, each a function below. The steps that
 * visit every component are stepwise (./stepwise.ts): `buildGraphStepwise`
 * yields after each component so the server's sync can pause between them,
 * and `buildGraph` runs the same steps straight through.
 */
import type { JsonParser } from '@/lib/json/parse-once';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import type { Component, Edge, Graph } from '@/lib/model/graph';
import { byId, componentId, edgeId } from '@/lib/model/ids';
import { isJsonObject } from '@/lib/model/json';
import type { EnvironmentParameters } from '@/lib/model/parameters';
import type { ReferenceRule, RuntimeOwnerRule } from '@/lib/model/settings';
import { compileFieldRules, extractReferences } from './extract-references';
import { indexTargets, resolveReference, valueAt } from './resolve-reference';
import { findCyclesStepwise } from './find-cycles';
import { groupParametersStepwise } from './group-parameters';
import { mapStepwise, runStraight, type Stepwise } from './stepwise';
import { toComponent } from './to-component';

export type GitConfig = { env: string; type: string; nickname: string; raw: string };

export type BuildGraphInput = {
  environments: EnvironmentParameters[];
  referenceRules?: ReferenceRule[];
  runtimeOwners?: RuntimeOwnerRule[];
  /** The config repo's configs; undefined when no repo is configured. */
  gitConfigs?: GitConfig[];
  /** How documents are parsed: parseStrictJson, or the sync's memo of it (lib/json/parse-once.ts) so later steps reuse the parse. */
  parse?: JsonParser;
};

function* attachGitConfigs(components: Component[], gitConfigs: GitConfig[] | undefined): Stepwise<Component[]> {
  if (!gitConfigs) return components;
  const gitRawById = new Map(gitConfigs.map((g) => [componentId(g), g.raw]));
  const attached = yield* mapStepwise(components, (c): Component => ({ ...c, gitConfigRaw: gitRawById.get(c.id) ?? null }));
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
  return attached.sort(byId);
}

function* assignRuntimeOwners(components: Component[], rules: RuntimeOwnerRule[]): Stepwise<Component[]> {
  if (rules.length === 0) return components;
  const componentsById = new Map(components.map((c) => [c.id, c]));
  return yield* mapStepwise(components, (component) => {
    if (component.configRaw !== null || component.runtimeRaw === null) return component;
    for (const rule of rules) {
      if (rule.type !== component.type) continue;
      let owner: Component | undefined;
      if (rule.match === 'same-nickname') {
        owner = componentsById.get(componentId({ env: component.env, type: rule.ownerType, nickname: component.nickname }));
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
function* referenceEdges(
  components: Component[],
  environments: EnvironmentParameters[],
  referenceRules: ReferenceRule[],
  index: ReturnType<typeof indexTargets>,
): Stepwise<EdgeDraft[]> {
  const prefixes = new Map(environments.map((e) => [e.env, e.prefix]));
  const fieldRules = compileFieldRules(referenceRules);
  const drafts: EdgeDraft[] = [];
  for (const component of components) {
    const references = extractReferences(component.config, { type: component.type, prefix: prefixes.get(component.env) ?? '/iac', fieldRules });
    for (const reference of references) {
      const { to, dangling } = resolveReference(component.env, reference, index);
      drafts.push({ from: component.id, to, path: reference.path, rule: reference.rule, dangling });
    }
    yield;
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
function* dedupeEdges(drafts: EdgeDraft[]): Stepwise<Edge[]> {
  const edges = new Map<string, Edge>();
  for (const draft of drafts) {
    const id = edgeId(draft.from, draft.to, draft.path);
    if (!edges.has(id)) edges.set(id, { id, ...draft });
    yield;
  }
  // Drafts come in component order, so this sort meets an almost sorted list.
  return [...edges.values()].sort(byId);
}

/** What the edges and cycles say about each component: dangling and self references, cycle membership. */
function* noteEdgeProblems(components: Component[], edges: Edge[], cycles: string[][]): Stepwise<Component[]> {
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
  return yield* mapStepwise(components, (c) => (problemsById.has(c.id) ? { ...c, problems: [...c.problems, ...problemsById.get(c.id)!] } : c));
}

/** The build, yielding after each component of its per-component steps. */
export function* buildGraphStepwise({ environments, referenceRules = [], runtimeOwners = [], gitConfigs, parse = parseStrictJson }: BuildGraphInput): Stepwise<Graph> {
  const { drafts, ignored } = yield* groupParametersStepwise(environments);
  const parsed = yield* mapStepwise(drafts, (draft) => toComponent(draft, parse));
  const withGit = yield* attachGitConfigs(parsed, gitConfigs);
  const components = yield* assignRuntimeOwners(withGit, runtimeOwners);
  const index = indexTargets(components, referenceRules);
  yield;
  const references = yield* referenceEdges(components, environments, referenceRules, index);
  const edges = yield* dedupeEdges([...references, ...namedRuleEdges(components, referenceRules, index)]);
  const cycles = yield* findCyclesStepwise(
    components.map((c) => c.id),
    edges.filter((e) => !e.dangling),
  );
  return { components: yield* noteEdgeProblems(components, edges, cycles), edges, cycles, ignoredParameters: ignored };
}

export function buildGraph(input: BuildGraphInput): Graph {
  return runStraight(buildGraphStepwise(input));
}
