/**
 * Which cached queries a live event concerns (lib/model/live-events.ts),
 * so the browser reads again exactly those: a new graph generation concerns
 * the graph, drift, search and health, the components it added, removed or
 * updated (and those whose cached edges name one), and the impact of
 * requests simulated against it; a change-request event concerns the lists,
 * that request and its impact, and its component's events and lineage; a
 * rollout's event (one with a rolloutId) also the rollout lists and that
 * rollout. A view of the past (`at=`) is never read again: no event, not
 * even a reset, changes what was. Pure.
 */
import { rolloutIdFromSegment } from '@/lib/changes/rollout-id';
import type { ChangeEventData, GraphChanges, LiveEvent } from '@/lib/model/live-events';
import { queryKeys } from './query-keys';

export type CachedQuery = { queryKey: readonly unknown[]; data: unknown };

const GRAPH = queryKeys.graphAll[0];
const SEARCH = queryKeys.search('')[0];
const HEALTH = queryKeys.health[0];
const DRIFT = queryKeys.driftAll[0];
const DRIFT_DETAIL = queryKeys.driftDetail('')[1];
const COMPONENT = queryKeys.component('')[0];
const COMPONENT_EVENTS = queryKeys.componentEvents('')[2];
const COMPONENT_LINEAGE = queryKeys.componentLineage('')[2];
const CHANGES = queryKeys.changesAll[0];
const CHANGE = queryKeys.change('')[0];
const CHANGE_IMPACT = queryKeys.changeImpact('')[2];
const ROLLOUTS = queryKeys.rolloutsAll[0];
const ROLLOUT = queryKeys.rollout('')[0];
const HISTORY = queryKeys.history[0];
const PAST = queryKeys.pastAll[0];

export function isConcernedBy(event: LiveEvent, query: CachedQuery): boolean {
  switch (event.type) {
    case 'ready':
      return false;
    case 'reset':
      return query.queryKey[0] !== PAST;
    case 'graph':
      return concernsGraph(touchedBy(event.data.changes), query);
    case 'change':
      return concernsChange(event.data, query);
  }
}

/** Whether an id is one the generation changed; every id when that is not known or the lists were cut. */
function touchedBy(changes: GraphChanges | null): (id: unknown) => boolean {
  if (changes === null) return () => true;
  const { added, removed, updated, counts } = changes;
  if (counts.added > added.length || counts.removed > removed.length || counts.updated > updated.length) return () => true;
  const ids = new Set<unknown>([...added, ...removed, ...updated]);
  return (id) => ids.has(id);
}

function concernsGraph(isTouched: (id: unknown) => boolean, { queryKey: [root, second, third], data }: CachedQuery): boolean {
  if (root === GRAPH || root === SEARCH || root === HEALTH || root === HISTORY) return true;
  if (root === DRIFT) return second === DRIFT_DETAIL ? isTouched(third) : true;
  // A component's config history changes with it; its events come from change requests, not syncs.
  if (root === COMPONENT) return third !== COMPONENT_EVENTS && (isTouched(second) || edgesOf(data).some((e) => isTouched(e.from) || isTouched(e.to)));
  if (root === CHANGE) return third === CHANGE_IMPACT;
  return false;
}

function concernsChange({ changeRequestId, componentId, rolloutId }: ChangeEventData, { queryKey: [root, second, third] }: CachedQuery): boolean {
  if (root === CHANGES) return true;
  // `?? null`: events from a server older than rollouts carry no rolloutId at all.
  const rollout = rolloutId ?? null;
  if (root === ROLLOUTS) return rollout !== null;
  // The cache keys rollouts by `ro:<uuid>`; either form in the event names the same one.
  if (root === ROLLOUT) return rollout !== null && second === (rolloutIdFromSegment(rollout) ?? rollout);
  if (root === CHANGE) return changeRequestId !== null && second === changeRequestId;
  // Its lineage holds its requests' events too (and a generation's new versions, above).
  if (root === COMPONENT) return (third === COMPONENT_EVENTS || third === COMPONENT_LINEAGE) && componentId !== null && second === componentId;
  return false;
}

/** The edges a cached component answer holds (GET /api/components/<id>), if that is what `data` is. */
function edgesOf(data: unknown): Array<{ from: unknown; to: unknown }> {
  if (typeof data !== 'object' || data === null) return [];
  const { dependencies, dependents } = data as { dependencies?: unknown; dependents?: unknown };
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((e): e is { from: unknown; to: unknown } => typeof e === 'object' && e !== null) : []);
  return [...list(dependencies), ...list(dependents)];
}
