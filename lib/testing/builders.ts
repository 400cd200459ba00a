/**
 * Small builders for tests: parameters and graphs from a few literals, so a
 * test states only what it is about.
 */
import type { ChangeMember } from '@/lib/model/change-request';
import type { Component, Edge, Graph } from '@/lib/model/graph';
import { componentId, edgeId, parseComponentId } from '@/lib/model/ids';
import { parseOrNull } from '@/lib/json/parse-or-null';
import type { JsonValue } from '@/lib/model/json';
import type { EnvironmentParameters, Parameter, ParameterVersion } from '@/lib/model/parameters';
import { rolloutIdOf, type Rollout, type RolloutMember } from '@/lib/model/rollout';
import { waitingMember } from '@/lib/changes/rollout-progress';

const T0 = Date.parse('2026-09-01T00:00:00Z');

export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

export function param(name: string, value: JsonValue | string, options: { version?: number; minute?: number } = {}): Parameter {
  return {
    name,
    value: typeof value === 'string' ? value : JSON.stringify(value),
    version: options.version ?? 1,
    modifiedAt: at(options.minute ?? 0),
  };
}

/** `env('dev', { 'vpc/main': { cidr: … } }, { 'vpc/main': { vpc_id: … } })` */
export function env(name: string, configs: Record<string, JsonValue | string>, runtimes: Record<string, JsonValue | string> = {}, extra: Parameter[] = []): EnvironmentParameters {
  const parameters = [
    ...Object.entries(configs).map(([path, value]) => param(`/iac/${path}/config`, value)),
    ...Object.entries(runtimes).map(([path, value]) => param(`/iac/${path}/runtime`, value, { minute: 10 })),
    ...extra,
  ];
  return { env: name, prefix: '/iac', parameters };
}

export function component(id: string, overrides: Partial<Component> = {}): Component {
  const key = parseComponentId(id);
  if (!key) throw new Error(`bad component id ${id}`);
  const config = overrides.config ?? {};
  return {
    id: componentId(key),
    ...key,
    config,
    configRaw: JSON.stringify(config),
    configVersion: 1,
    configModifiedAt: at(0),
    configModifiedBy: 'tester',
    runtime: null,
    runtimeRaw: null,
    runtimeVersion: null,
    runtimeModifiedAt: null,
    meta: {},
    ownedBy: null,
    problems: [],
    ...overrides,
  };
}

/** One member of a change request: an update at version 1 unless `overrides` say otherwise. */
export function changeMember(id: string, overrides: Partial<ChangeMember> = {}): ChangeMember {
  const key = parseComponentId(id);
  if (!key) throw new Error(`bad component id ${id}`);
  return { componentId: id, ...key, action: 'update', baseVersion: 1, proposedConfig: '{}', git: null, appliedVersion: null, isApplied: false, ...overrides };
}

/** A graph from `consumer -> provider` pairs; every id becomes a component. */
export function graphOf(pairs: Array<[string, string]>, lone: string[] = []): Graph {
  const ids = new Set([...lone, ...pairs.flat()]);
  const edges: Edge[] = pairs.map(([from, to]) => {
    const path = `${parseComponentId(to)!.type.replace(/-/g, '_')}_nickname`;
    return { id: edgeId(from, to, path), from, to, path, rule: 'nickname', dangling: false };
  });
  return { components: [...ids].sort().map((id) => component(id)), edges, cycles: [], ignoredParameters: [] };
}

/**
 * A parameter's history, versions 1, 2, … in the order given:
 * `history({ value: { cidr: 'a' }, minute: 0, by: 'alice' }, { value: { cidr: 'b' }, minute: 30 })`.
 */
export function history(...entries: Array<{ value: JsonValue | string; minute: number; by?: string }>): ParameterVersion[] {
  return entries.map(({ value, minute, by }, i) => ({
    version: i + 1,
    value: typeof value === 'string' ? value : JSON.stringify(value),
    modifiedAt: at(minute),
    modifiedBy: by ?? 'tester',
  }));
}

/** A component whose current config and runtime are the last entries of the given histories. */
export function componentFrom(id: string, histories: { config?: ParameterVersion[]; runtime?: ParameterVersion[] }, overrides: Partial<Component> = {}): Component {
  const config = histories.config?.at(-1);
  const runtime = histories.runtime?.at(-1);
  return component(id, {
    config: config ? parseOrNull(config.value) : null,
    configRaw: config?.value ?? null,
    configVersion: config?.version ?? null,
    configModifiedAt: config?.modifiedAt ?? null,
    configModifiedBy: config?.modifiedBy ?? null,
    runtime: runtime ? parseOrNull(runtime.value) : null,
    runtimeRaw: runtime?.value ?? null,
    runtimeVersion: runtime?.version ?? null,
    runtimeModifiedAt: runtime?.modifiedAt ?? null,
    ...overrides,
  });
}

/** One member of a rollout: a changed component (an update) waiting in wave 1, nothing asked or observed yet, unless `overrides` say otherwise. */
export function rolloutMember(id: string, overrides: Partial<RolloutMember> = {}): RolloutMember {
  const key = parseComponentId(id);
  if (!key) throw new Error(`bad component id ${id}`);
  const { wave = 1, ...rest } = overrides;
  const planned = { componentId: componentId(key), ...key, reason: 'changed' as const, action: 'update' as const, waitsFor: [], inCycle: false };
  return { ...waitingMember(planned, wave), ...rest };
}

/** The running rollout of a change request (its id derived from the request's), at revision 1 and wave 1; `waves` from its members unless given. */
export function rollout(changeRequestId: string, overrides: Partial<Rollout> = {}): Rollout {
  const members = overrides.members ?? [rolloutMember('dev:vpc/main')];
  return {
    id: rolloutIdOf(changeRequestId),
    changeRequestId,
    title: 'Widen the VPC',
    author: 'alice@example.com',
    status: 'running',
    revision: 1,
    createdAt: at(30),
    updatedAt: at(30),
    currentWave: 1,
    waves: Math.max(1, ...members.map((m) => m.wave)),
    members,
    cycles: [],
    reason: null,
    startedBy: 'carol@example.com',
    ...overrides,
  };
}
