/**
 * "Since when" and "changed by" for a status: when the state shown began,
 * and who made the change that began it. The drift list (which reads stored
 * components, no histories) and the detail agree because the sync stores
 * what this works out.
 *
 * - pending, not deployed: the first version not deployed (the oldest
 *   config version newer than the deployed one), when the config history
 *   was read; the current config's publish otherwise;
 * - invalid config: the current config's publish;
 * - mismatch, orphaned, in sync, invalid runtime: the runtime write;
 * - unpublished: the config repo's history (the newest commit that touched
 *   the file) against the SSM publish, the later of the two, since that
 *   change made them differ. Without a history (a folder checkout, or no
 *   repo) nothing can be said of the Git side, and both stay empty.
 */
import type { GitComparison, LineageVersion } from '@/lib/model/drift';
import type { Component, DriftStatus } from '@/lib/model/graph';
import { shortUser } from './format';
import { timeOf } from './lineage';

export type DriftTimes = { since: string | null; changedBy: string | null };

/** The newest commit of the config repo that touched a component's file (lib/gitconfig reads them, all in one `git log`). */
export type GitChange = { at: string; by: string | null };

export type DriftTimesContext = {
  /** Who wrote the current runtime, when its history was read. */
  runtimeWriter?: string | null;
  /** The config versions after the deployed one, oldest first (the lineage's `between`). */
  undeployed?: readonly LineageVersion[];
  /** The Git side compared with SSM. */
  git?: GitComparison;
  /** The file's last change in the config repo: undefined without a history, null when no commit touched it. */
  gitChange?: GitChange | null;
};

function unpublishedTimes(component: Component, { git, gitChange }: DriftTimesContext): DriftTimes {
  if (gitChange === undefined) return { since: null, changedBy: null };
  const fromGit = gitChange === null ? null : { since: gitChange.at, changedBy: gitChange.by };
  if (git?.state === 'not_published') return fromGit ?? { since: null, changedBy: null };
  const fromSsm = component.configModifiedAt === null ? null : { since: component.configModifiedAt, changedBy: shortUser(component.configModifiedBy) };
  if (!fromGit || !fromSsm) return fromGit ?? fromSsm ?? { since: null, changedBy: null };
  return (timeOf(fromGit.since) ?? 0) >= (timeOf(fromSsm.since) ?? 0) ? fromGit : fromSsm;
}

export function driftTimes(status: DriftStatus, component: Component, context: DriftTimesContext = {}): DriftTimes {
  const configSide = { since: component.configModifiedAt, changedBy: shortUser(component.configModifiedBy) };
  const runtimeSide = { since: component.runtimeModifiedAt, changedBy: shortUser(context.runtimeWriter ?? null) };
  switch (status) {
    case 'pending':
    case 'not_deployed': {
      const first = context.undeployed?.[0];
      if (!first?.modifiedAt) return configSide;
      const by = first.modifiedBy ?? (first.version === component.configVersion ? component.configModifiedBy : null);
      return { since: first.modifiedAt, changedBy: shortUser(by) };
    }
    case 'invalid':
      // A readable config beside an unreadable runtime: the runtime is the broken side.
      return component.configRaw !== null && component.config !== null && component.runtimeRaw !== null && component.runtime === null ? runtimeSide : configSide;
    case 'mismatch':
    case 'orphaned':
    case 'in_sync':
      return component.runtimeRaw === null ? configSide : runtimeSide;
    case 'unpublished':
      return unpublishedTimes(component, context);
  }
}
