import 'server-only';
import { assessDrift, toDriftSummary } from '@/lib/drift/assess-drift';
import { compareGit, diffDocuments } from '@/lib/drift/compare-git';
import { driftTimes } from '@/lib/drift/drift-times';
import { BUILT_IN_FIELD_MIRRORS, mergeFieldMirrors } from '@/lib/drift/field-mirrors';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import { DRIFT_PRECEDENCE, emptyStatusCounts, type DriftDetailResponse, type DriftListResponse, type DriftQuery, type DriftRow } from '@/lib/model/drift';
import type { Component, DriftSummary } from '@/lib/model/graph';
import { componentParameterName, type ParameterVersion } from '@/lib/model/parameters';
import type { SettingsFile } from '@/lib/model/settings';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { GraphService, ServedSnapshot } from './graph-service';

/**
 * Drift for the portal and the API. The list reads the components the last
 * sync stored (their drift was computed then, once); the detail reads the
 * component's version histories live to show the lineage and the diffs.
 */
export type DriftServiceDeps = {
  graph: Pick<GraphService, 'current' | 'readComponent' | 'lastSyncReport'>;
  sources: ParameterSources;
  file: Pick<SettingsFile, 'fieldMirrors'>;
  now?: () => Date;
};

/** The stored summary; computed on the spot (without histories or schemas) for a component stored before drift existed. */
function summaryOf(component: Component, deps: DriftServiceDeps): DriftSummary {
  if (component.drift) return component.drift;
  return toDriftSummary(assessDrift({ component, fieldMirrors: mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, deps.file.fieldMirrors), now: deps.now?.() ?? new Date() }));
}

export function toDriftRow(component: Component, drift: DriftSummary): DriftRow {
  return {
    id: component.id,
    env: component.env,
    type: component.type,
    nickname: component.nickname,
    status: drift.status,
    // The sync stored who and when (it had the runtime history); older stored graphs lack them.
    ...(drift.since === undefined ? driftTimes(drift.status, component) : { since: drift.since, changedBy: drift.changedBy ?? null }),
    reason: drift.reasons[0] ?? '',
    reasonCount: drift.reasons.length,
    deployedConfigVersion: drift.deployedConfigVersion,
    configVersion: component.configVersion,
    runtimeVersion: component.runtimeVersion,
  };
}

function matches(values: string[] | undefined, value: string): boolean {
  return !values || values.length === 0 || values.includes(value);
}

/** Worst first (by the status precedence), then by id. */
function byUrgency(a: DriftRow, b: DriftRow): number {
  return DRIFT_PRECEDENCE.indexOf(a.status) - DRIFT_PRECEDENCE.indexOf(b.status) || a.id.localeCompare(b.id);
}

/** The drift table: one row per component, filtered, with facet counts. */
export async function listDrift(deps: DriftServiceDeps, query: DriftQuery): Promise<DriftListResponse> {
  return driftListFrom(await deps.graph.current(), deps, query);
}

/** Every component's row, worst first, computed once per generation: a query only filters and counts. */
function driftRowsOf({ snapshot }: ServedSnapshot, deps: DriftServiceDeps): DriftRow[] {
  return snapshot.derive('drift:rows', () => snapshot.graph.components.map((c) => toDriftRow(c, summaryOf(c, deps))).sort(byUrgency));
}

export function driftListFrom(served: ServedSnapshot, deps: DriftServiceDeps, query: DriftQuery): DriftListResponse {
  const all = driftRowsOf(served, deps);
  const byStatus = emptyStatusCounts();
  const byEnv: Record<string, number> = {};
  const rows: DriftRow[] = [];
  for (const row of all) {
    const isEnv = matches(query.env, row.env);
    const isType = matches(query.type, row.type);
    const isStatus = matches(query.status, row.status);
    if (isEnv && isType) byStatus[row.status]++;
    if (isType && isStatus) byEnv[row.env] = (byEnv[row.env] ?? 0) + 1;
    if (isEnv && isType && isStatus) rows.push(row);
  }
  const { environments, types } = served.snapshot.derive('drift:menus', () => ({
    environments: [...new Set(all.map((r) => r.env))].sort(),
    types: [...new Set(all.map((r) => r.type))].sort(),
  }));
  return {
    rows,
    counts: { byStatus, byEnv, total: rows.length },
    environments,
    types,
    stale: served.stale,
    syncedAt: served.snapshot.state.syncedAt || null,
  };
}

async function historyOf(deps: DriftServiceDeps, component: Component, document: 'config' | 'runtime', notes: string[]): Promise<ParameterVersion[] | undefined> {
  const store = deps.sources.forEnv(component.env);
  if (!store) {
    notes.push(`Environment "${component.env}" is not configured, so the ${document} history cannot be read`);
    return undefined;
  }
  try {
    return await store.history(componentParameterName(store.prefix, component, document));
  } catch (error) {
    notes.push(`The ${document} history could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function pretty(raw: string | null): string | null {
  if (raw === null) return null;
  const parsed = parseStrictJson(raw);
  return parsed.ok ? JSON.stringify(parsed.value, null, 2) : raw;
}

/** One component's drift with its lineage and diffs; `not_found` for an unknown id. */
export async function getDriftDetail(deps: DriftServiceDeps, id: string): Promise<DriftDetailResponse> {
  const { component, stale } = await deps.graph.readComponent(id);
  const notes: string[] = [];
  const [configHistory, runtimeHistory] = await Promise.all([
    component.configRaw === null ? undefined : historyOf(deps, component, 'config', notes),
    component.runtimeRaw === null ? undefined : historyOf(deps, component, 'runtime', notes),
  ]);
  const fieldMirrors = mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, deps.file.fieldMirrors);
  const assessment = assessDrift({ component, configHistory, runtimeHistory, fieldMirrors, now: deps.now?.() ?? new Date() });
  const { lineage } = assessment;
  lineage.notes.push(...notes);
  // Status and reasons as the sync judged them (with the schemas); the histories add the lineage and diffs.
  const drift = component.drift ?? toDriftSummary(assessment);
  const writes = lineage.runtimeWrites;
  const runtimeWriter = writes.find((w) => w.version === component.runtimeVersion)?.modifiedBy ?? null;

  let configChange: DriftDetailResponse['configChange'] = null;
  if (component.configRaw !== null && component.configVersion !== null) {
    const deployed = lineage.deployedConfigVersion;
    const fromRaw = deployed === null ? null : deployed === component.configVersion ? component.configRaw : (configHistory?.find((v) => v.version === deployed)?.value ?? null);
    configChange = {
      fromVersion: deployed,
      toVersion: component.configVersion,
      fromText: pretty(fromRaw),
      toText: pretty(component.configRaw)!,
      diff: fromRaw === null ? null : diffDocuments(fromRaw, component.configRaw),
    };
  }

  return {
    id: component.id,
    env: component.env,
    type: component.type,
    nickname: component.nickname,
    ownedBy: component.ownedBy,
    status: drift.status,
    reasons: drift.reasons,
    // Live, from the histories read here; the config repo's history is read by the sync only, so unpublished keeps the stored times.
    ...(drift.status === 'unpublished' && drift.since !== undefined
      ? { since: drift.since, changedBy: drift.changedBy ?? null }
      : driftTimes(drift.status, component, { runtimeWriter, undeployed: lineage.between })),
    lineage,
    mirroredFields: assessment.mirroredFields,
    differences: assessment.differences,
    configChange,
    git: { ...compareGit(component), text: component.gitConfigRaw ?? null },
    runtimeText: pretty(component.runtimeRaw),
    newerConfigVersions: (configHistory ?? []).filter((v) => component.configVersion !== null && v.version > component.configVersion).map((v) => v.version),
    stale,
    syncedAt: deps.graph.lastSyncReport?.ok ? deps.graph.lastSyncReport.startedAt : null,
  };
}
