/**
 * "Since when" and "changed by" for a status, from the component's own
 * fields, so the drift list (which reads stored components, no histories)
 * and the detail agree. `since` is the time of the latest change behind the
 * status: the config publish for config-side statuses (pending, not
 * deployed, invalid config), the runtime write for runtime-side ones
 * (mismatch, orphaned, in sync). The Git side has no time in SSM.
 */
import type { Component, DriftStatus } from '@/lib/model/graph';
import { shortUser } from './format';

export type DriftTimes = { since: string | null; changedBy: string | null };

/** `runtimeWriter`: who wrote the current runtime, when its history was read. */
export function driftTimes(status: DriftStatus, component: Component, runtimeWriter: string | null = null): DriftTimes {
  const configSide = { since: component.configModifiedAt, changedBy: shortUser(component.configModifiedBy) };
  const runtimeSide = { since: component.runtimeModifiedAt, changedBy: shortUser(runtimeWriter) };
  switch (status) {
    case 'pending':
    case 'not_deployed':
      return configSide;
    case 'invalid':
      // A readable config beside an unreadable runtime: the runtime is the broken side.
      return component.configRaw !== null && component.config !== null && component.runtimeRaw !== null && component.runtime === null ? runtimeSide : configSide;
    case 'mismatch':
    case 'orphaned':
    case 'in_sync':
      return component.runtimeRaw === null ? configSide : runtimeSide;
    case 'unpublished':
      return { since: null, changedBy: null };
  }
}
