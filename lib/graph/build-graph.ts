/**
 * The graph builder: parameters (+ the Git config repo, when configured) →
 * components and `depends_on` edges. Pure and deterministic; runs as named
 * steps: group → parse → attach Git → runtime owners → references → named
 * rules → cycles.
 */
import type { Component, Edge, Graph } from '@/lib/model/graph';
import { componentId, edgeId, isValidName } from '@/lib/model/ids';
import { isJsonObject, type JsonValue } from '@/lib/model/json';
import type { EnvironmentParameters } from '@/lib/model/parameters';
import type { ReferenceRule, RuntimeOwnerRule } from '@/lib/model/settings';
import { compileFieldRules, extractReferences, normaliseValue, type Reference } from './extract-references';
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

function valueAt(document: JsonValue | null, dotPath: string): JsonValue | undefined {
  let node: JsonValue | undefined = document ?? undefined;
  for (const key of dotPath.split('.')) {
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

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

type TargetIndex = {
  ids: Set<string>;
  envs: string[];
  /** `${type}\0${field}\0${normalised value}` → ids, for configured rules that match a config field. */
  byField: Map<string, string[]>;
};

function indexTargets(components: Component[], rules: ReferenceRule[]): TargetIndex {
  const byField = new Map<string, string[]>();
  for (const rule of rules) {
    if (rule.kind !== 'field' || !rule.targetField) continue;
    for (const component of components) {
      if (component.type !== rule.targetType) continue;
      const value = valueAt(component.config, rule.targetField);
      if (typeof value !== 'string') continue;
      const key = `${rule.targetType}\0${rule.targetField}\0${normaliseValue(value, rule.normalize)}`;
      const ids = byField.get(key);
      if (ids) ids.push(component.id);
      else byField.set(key, [component.id]);
    }
  }
  const envs = [...new Set(components.map((c) => c.env))].sort();
  return { ids: new Set(components.map((c) => c.id)), envs, byField };
}

/** Environments to search, in order: the consumer's own first. */
function searchOrder(env: string, crossEnv: boolean | string, envs: string[]): string[] {
  if (crossEnv === false) return [env];
  if (crossEnv === true) return [env, ...envs.filter((e) => e !== env)];
  return crossEnv === env ? [env] : [env, crossEnv];
}

function safeName(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '');
  return isValidName(cleaned) ? cleaned : 'unnamed';
}

function resolve(consumer: Component, reference: Reference, index: TargetIndex): { to: string; dangling: boolean } {
  const wanted = normaliseValue(reference.value, reference.normalize);
  const envs = searchOrder(consumer.env, reference.crossEnv, index.envs);
  for (const env of envs) {
    if (reference.targetField === null) {
      const id = componentId({ env, type: reference.targetType, nickname: wanted });
      if (index.ids.has(id)) return { to: id, dangling: false };
    } else {
      const ids = index.byField.get(`${reference.targetType}\0${reference.targetField}\0${wanted}`) ?? [];
      const match = ids.find((id) => id.startsWith(`${env}:`));
      if (match) return { to: match, dangling: false };
    }
  }
  // Kept and flagged, in the environment it was looked for in last.
  const env = envs[envs.length - 1];
  return { to: componentId({ env, type: safeName(reference.targetType), nickname: safeName(wanted) }), dangling: true };
}

export function buildGraph({ environments, referenceRules = [], runtimeOwners = [], gitConfigs }: BuildGraphInput): Graph {
  const { drafts, ignored } = groupParameters(environments);
  let components = drafts.map(toComponent);
  components = attachGitConfigs(components, gitConfigs);
  components = assignRuntimeOwners(components, runtimeOwners);

  const prefixes = new Map(environments.map((e) => [e.env, e.prefix]));
  const fieldRules = compileFieldRules(referenceRules);
  const index = indexTargets(components, referenceRules);
  const edges = new Map<string, Edge>();
  const addEdge = (edge: Omit<Edge, 'id'>) => {
    const id = edgeId(edge.from, edge.to, edge.path);
    if (!edges.has(id)) edges.set(id, { id, ...edge });
  };

  for (const component of components) {
    const references = extractReferences(component.config, { type: component.type, prefix: prefixes.get(component.env) ?? '/iac', fieldRules });
    for (const reference of references) {
      const { to, dangling } = resolve(component, reference, index);
      addEdge({ from: component.id, to, path: reference.path, rule: reference.rule, dangling });
    }
  }

  for (const rule of referenceRules) {
    if (rule.kind !== 'same-nickname') continue;
    for (const component of components) {
      if (component.type !== rule.sourceType || component.config === null) continue;
      const to = componentId({ env: component.env, type: rule.targetType, nickname: component.nickname });
      const exists = index.ids.has(to);
      if (exists || rule.required) addEdge({ from: component.id, to, path: `(${rule.name})`, rule: rule.name, dangling: !exists });
    }
  }

  const edgeList = [...edges.values()].sort((a, b) => a.id.localeCompare(b.id));
  const cycles = findCycles(
    components.map((c) => c.id),
    edgeList.filter((e) => !e.dangling),
  );

  const problemsById = new Map<string, Component['problems']>();
  const note = (id: string, problem: Component['problems'][number]) => {
    const list = problemsById.get(id);
    if (list) list.push(problem);
    else problemsById.set(id, [problem]);
  };
  for (const edge of edgeList) {
    if (edge.dangling) note(edge.from, { code: 'dangling_reference', message: `${edge.path} refers to ${edge.to}, which does not exist`, path: edge.path });
    else if (edge.from === edge.to) note(edge.from, { code: 'self_reference', message: `${edge.path} refers to the component itself`, path: edge.path });
  }
  for (const cycle of cycles) {
    const loop = [...cycle, cycle[0]].join(' → ');
    for (const id of cycle) note(id, { code: 'in_cycle', message: `Part of a reference cycle: ${loop}` });
  }

  return {
    components: components.map((c) => (problemsById.has(c.id) ? { ...c, problems: [...c.problems, ...problemsById.get(c.id)!] } : c)),
    edges: edgeList,
    cycles,
    ignoredParameters: ignored,
  };
}
