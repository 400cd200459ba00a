import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@/lib/model/errors';
import type { Component, Edge, Graph } from '@/lib/model/graph';
import type { JsonValue } from '@/lib/model/json';
import { cyclesSchema, driftSchema, ignoredParametersSchema, jsonValueSchema, metaSchema, problemsSchema } from './stored-schemas';

/**
 * The stored shape of the graph's elements as flat, primitive property
 * records (ARCHITECTURE.md §2): what a Gremlin vertex or edge holds, and the
 * content hashes both stores diff on. A null field is an absent property
 * (Neptune has no null values); JSON documents are strings.
 */

export type PropertyValue = string | number | boolean;
export type PropertyRecord = Record<string, PropertyValue>;

/**
 * Every property of a component vertex except `placeholder` and
 * `contentHash`, in the fixed order the hash is computed in. Dropped when a
 * vanished component is kept as a placeholder.
 */
export const COMPONENT_PROPERTY_KEYS = [
  'env',
  'type',
  'nickname',
  'status',
  'deployedConfigVersion',
  'configRaw',
  'config',
  'configHash',
  'configVersion',
  'configModifiedAt',
  'configModifiedBy',
  'runtimeRaw',
  'runtime',
  'runtimeVersion',
  'runtimeModifiedAt',
  'meta',
  'problems',
  'drift',
  'ownedBy',
  'gitConfigRaw',
] as const;
type ComponentKey = (typeof COMPONENT_PROPERTY_KEYS)[number];

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function json(value: JsonValue | object): string {
  return JSON.stringify(value);
}

/** The component's properties, with the keys whose value is null listed apart (to be dropped on update). */
export function componentProperties(component: Component): { present: PropertyRecord; absent: string[] } {
  const values: Record<ComponentKey, PropertyValue | null> = {
    env: component.env,
    type: component.type,
    nickname: component.nickname,
    status: component.drift?.status ?? null,
    deployedConfigVersion: component.drift?.deployedConfigVersion ?? null,
    configRaw: component.configRaw,
    config: component.config === null ? null : json(component.config),
    configHash: component.configRaw === null ? null : sha256(component.configRaw),
    configVersion: component.configVersion,
    configModifiedAt: component.configModifiedAt,
    configModifiedBy: component.configModifiedBy,
    runtimeRaw: component.runtimeRaw,
    runtime: component.runtime === null ? null : json(component.runtime),
    runtimeVersion: component.runtimeVersion,
    runtimeModifiedAt: component.runtimeModifiedAt,
    meta: json(component.meta),
    problems: json(component.problems),
    drift: component.drift === undefined ? null : json(component.drift),
    ownedBy: component.ownedBy,
    // Three states: undefined (no config repo), null (not in Git), a string; JSON keeps them apart.
    gitConfigRaw: component.gitConfigRaw === undefined ? null : json(component.gitConfigRaw),
  };
  const present: PropertyRecord = {};
  const absent: string[] = [];
  for (const key of COMPONENT_PROPERTY_KEYS) {
    const value = values[key];
    if (value === null) absent.push(key);
    else present[key] = value;
  }
  return { present, absent };
}

function hashOf(present: PropertyRecord): string {
  return sha256(json(COMPONENT_PROPERTY_KEYS.map((key) => present[key] ?? null)));
}

/** A hash of everything stored about the component: equal hashes, nothing to write. */
export function componentHash(component: Component): string {
  return hashOf(componentProperties(component).present);
}

export type StoredComponent = { component: Component; present: PropertyRecord; absent: string[]; hash: string };

/** Properties and hash together, computed once (a sync needs both for every component). */
export function storedComponent(component: Component): StoredComponent {
  const { present, absent } = componentProperties(component);
  return { component, present, absent, hash: hashOf(present) };
}

export function edgeHash(edge: Edge): string {
  return sha256(json([edge.from, edge.to, edge.path, edge.rule, edge.dangling]));
}

/** The graph-level facts that are not elements: cycles and ignored parameters. */
export function graphMetaProperties(graph: Pick<Graph, 'cycles' | 'ignoredParameters'>): { cycles: string; ignoredParameters: string; hash: string } {
  const cycles = json(graph.cycles);
  const ignoredParameters = json(graph.ignoredParameters);
  return { cycles, ignoredParameters, hash: sha256(json([cycles, ignoredParameters])) };
}

function parseJsonProperty<T>(id: string, key: string, raw: string, schema: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new AppError('internal', `Stored property ${key} of ${id} is not valid JSON`, { cause: error });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new AppError('internal', `Stored property ${key} of ${id} has an unexpected shape: ${result.error.issues[0]?.message}`);
  }
  return result.data;
}

const flatComponentSchema = z.object({
  env: z.string(),
  type: z.string(),
  nickname: z.string(),
  configRaw: z.string().optional(),
  config: z.string().optional(),
  configVersion: z.number().optional(),
  configModifiedAt: z.string().optional(),
  configModifiedBy: z.string().optional(),
  runtimeRaw: z.string().optional(),
  runtime: z.string().optional(),
  runtimeVersion: z.number().optional(),
  runtimeModifiedAt: z.string().optional(),
  meta: z.string(),
  problems: z.string(),
  drift: z.string().optional(),
  ownedBy: z.string().optional(),
  gitConfigRaw: z.string().optional(),
});

/** A component from its stored properties (the inverse of componentProperties). */
export function componentFromProperties(id: string, properties: Record<string, unknown>): Component {
  const result = flatComponentSchema.safeParse(properties);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError('internal', `Stored component ${id} is malformed: ${issue?.path.join('.')} ${issue?.message}`);
  }
  const p = result.data;
  const component: Component = {
    id,
    env: p.env,
    type: p.type,
    nickname: p.nickname,
    config: p.config === undefined ? null : parseJsonProperty(id, 'config', p.config, jsonValueSchema),
    configRaw: p.configRaw ?? null,
    configVersion: p.configVersion ?? null,
    configModifiedAt: p.configModifiedAt ?? null,
    configModifiedBy: p.configModifiedBy ?? null,
    runtime: p.runtime === undefined ? null : parseJsonProperty(id, 'runtime', p.runtime, jsonValueSchema),
    runtimeRaw: p.runtimeRaw ?? null,
    runtimeVersion: p.runtimeVersion ?? null,
    runtimeModifiedAt: p.runtimeModifiedAt ?? null,
    meta: parseJsonProperty(id, 'meta', p.meta, metaSchema),
    ownedBy: p.ownedBy ?? null,
    problems: parseJsonProperty(id, 'problems', p.problems, problemsSchema),
  };
  if (p.gitConfigRaw !== undefined) component.gitConfigRaw = parseJsonProperty(id, 'gitConfigRaw', p.gitConfigRaw, z.string().nullable());
  if (p.drift !== undefined) component.drift = parseJsonProperty(id, 'drift', p.drift, driftSchema);
  return component;
}

export function graphMetaFromProperties(properties: Record<string, unknown>): Pick<Graph, 'cycles' | 'ignoredParameters'> {
  // A state-only vertex (a graph without cycles or ignored parameters) has no facts written.
  const p = z.object({ cycles: z.string().default('[]'), ignoredParameters: z.string().default('[]') }).parse(properties);
  return {
    cycles: parseJsonProperty('the graph', 'cycles', p.cycles, cyclesSchema),
    ignoredParameters: parseJsonProperty('the graph', 'ignoredParameters', p.ignoredParameters, ignoredParametersSchema),
  };
}
