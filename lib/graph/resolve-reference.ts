/**
 * Step 3b: resolves the references found by extract-references.ts to
 * component ids: by nickname, or by a configured rule's target field
 * (normalised), in the consumer's environment first and then where the rule
 * allows. An unmatched reference is dangling, named in the environment it was
 * looked for in last. Used by the graph builder and by change simulation, so
 * a proposal's references resolve exactly as they will once published.
 */
import type { Component } from '@/lib/model/graph';
import { componentId, isValidName } from '@/lib/model/ids';
import { isJsonObject, type JsonValue } from '@/lib/model/json';
import type { ReferenceRule } from '@/lib/model/settings';
import { normaliseValue, type Reference } from './extract-references';

export type TargetIndex = {
  ids: ReadonlySet<string>;
  envs: readonly string[];
  /** `${type}\0${field}\0${normalised value}` → ids, for rules that match a target's config field. */
  byField: ReadonlyMap<string, string[]>;
};

export function valueAt(document: JsonValue | null, dotPath: string): JsonValue | undefined {
  let node: JsonValue | undefined = document ?? undefined;
  for (const key of dotPath.split('.')) {
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

export function fieldKey(targetType: string, targetField: string, value: string): string {
  return `${targetType}\0${targetField}\0${value}`;
}

export function indexTargets(components: readonly Component[], rules: readonly ReferenceRule[]): TargetIndex {
  const byField = new Map<string, string[]>();
  for (const rule of rules) {
    if (rule.kind !== 'field' || !rule.targetField) continue;
    for (const component of components) {
      if (component.type !== rule.targetType) continue;
      const value = valueAt(component.config, rule.targetField);
      if (typeof value !== 'string') continue;
      const key = fieldKey(rule.targetType, rule.targetField, normaliseValue(value, rule.normalize));
      const ids = byField.get(key);
      if (ids) ids.push(component.id);
      else byField.set(key, [component.id]);
    }
  }
  const envs = [...new Set(components.map((c) => c.env))].sort();
  return { ids: new Set(components.map((c) => c.id)), envs, byField };
}

function searchOrder(env: string, crossEnv: boolean | string, envs: readonly string[]): string[] {
  if (crossEnv === false) return [env];
  if (crossEnv === true) return [env, ...envs.filter((e) => e !== env)];
  return crossEnv === env ? [env] : [env, crossEnv];
}

function safeName(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '');
  return isValidName(cleaned) ? cleaned : 'unnamed';
}

export function resolveReference(consumerEnv: string, reference: Reference, index: TargetIndex): { to: string; dangling: boolean } {
  const wanted = normaliseValue(reference.value, reference.normalize);
  const envs = searchOrder(consumerEnv, reference.crossEnv, index.envs);
  for (const env of envs) {
    if (reference.targetField === null) {
      const id = componentId({ env, type: reference.targetType, nickname: wanted });
      if (index.ids.has(id)) return { to: id, dangling: false };
    } else {
      const ids = index.byField.get(fieldKey(reference.targetType, reference.targetField, wanted)) ?? [];
      const match = ids.find((id) => id.startsWith(`${env}:`));
      if (match) return { to: match, dangling: false };
    }
  }
  const env = envs[envs.length - 1];
  return { to: componentId({ env, type: safeName(reference.targetType), nickname: safeName(wanted) }), dangling: true };
}
