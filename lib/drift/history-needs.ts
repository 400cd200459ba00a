/**
 * Which version histories the engine needs for a component. Reading a
 * history is one SSM call per parameter, so a sync reads only what changes
 * the answer: the config history when the config is newer than the runtime
 * (which version is live, who changed it since?) or, for a config never
 * deployed, when its publisher is unknown (SSM's GetParametersByPath does
 * not say who); the runtime history when the runtime is the side in question
 * (mismatch, orphaned: who wrote it?). A synced estate in sync reads none.
 */
import type { DriftAssessment } from '@/lib/model/drift';
import type { Component } from '@/lib/model/graph';
import { timeOf } from './lineage';

export function needsConfigHistory(c: Component): boolean {
  if (c.configRaw === null) return false;
  if (c.runtimeRaw === null) return c.configModifiedBy === null;
  const [tConfig, tRuntime] = [timeOf(c.configModifiedAt), timeOf(c.runtimeModifiedAt)];
  return tConfig === null || tRuntime === null || tConfig > tRuntime;
}

/** Asked after a first assessment without the runtime history. */
export function needsRuntimeHistory(c: Component, first: DriftAssessment): boolean {
  if (c.runtimeRaw === null) return false;
  return first.conditions.some((x) => x.status === 'mismatch' || x.status === 'orphaned');
}
