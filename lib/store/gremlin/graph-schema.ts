import 'server-only';
import type { AuditEvent } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { Component, Edge } from '@/lib/model/graph';
import { parseComponentId } from '@/lib/model/ids';
import { componentFromProperties } from '../component-record';
import { edgeSchema } from '../stored-schemas';
import { eventProperties, type Properties } from './change-request-vertex';
import { __, cardinality, merge, t, type Traversal } from './gremlin-lib';
import { asRecord, asString, singleValues } from './traversal-results';

/**
 * The Gremlin shape of Karma's data (ARCHITECTURE.md §2): labels, the
 * projections every read uses and their parsers. Properties are always asked
 * for explicitly (project/valueMap): Neptune returns elements as references.
 *
 * A `component` vertex with `placeholder: true` stands for a component that
 * is not in the graph but is still pointed at: the target of a dangling
 * reference, the subject of a change request for a new component, or a
 * removed component that still has change requests or events. Vertex labels
 * cannot change, so one label serves both and reads filter on the flag.
 */

export const LABEL = {
  component: 'component',
  dependsOn: 'depends_on',
  changeRequest: 'change_request',
  modifies: 'modifies',
  event: 'event',
  hasEvent: 'has_event',
  graphMeta: 'graph_meta',
  lease: 'lease',
  rollout: 'rollout',
  docVersion: 'doc_version',
  driftTransition: 'drift_transition',
  historyHead: 'history_head',
  hasVersion: 'has_version',
  hasTransition: 'has_transition',
  hasPending: 'has_pending',
  historyMeta: 'history_meta',
} as const;

/** The one vertex holding graph-level facts (cycles, ignored parameters) and state (generation, last sync). */
export const GRAPH_META_ID = 'meta:graph';

/** The one vertex holding the history's revision, counts and time range (lib/store/gremlin/history.ts). */
export const HISTORY_META_ID = 'meta:history';

/** Real components only: placeholders are excluded from every component read. */
export function realComponents(traversal: Traversal): Traversal {
  return traversal.hasLabel(LABEL.component).has('placeholder', false);
}

/** The onCreate map of a placeholder vertex: enough to tell what it stands for. */
export function placeholderMap(id: string): Map<unknown, unknown> {
  const key = parseComponentId(id);
  const map = new Map<unknown, unknown>([
    [t.label, LABEL.component],
    ['placeholder', true],
  ]);
  if (key) for (const [name, value] of Object.entries(key)) map.set(name, value);
  return map;
}

export function idMatch(id: string): Map<unknown, unknown> {
  return new Map<unknown, unknown>([[t.id, id]]);
}

export function edgeProjection(): Traversal {
  return __.project('id', 'from', 'to', 'path', 'rule', 'dangling').by(t.id).by(__.outV().id()).by(__.inV().id()).by('path').by('rule').by('dangling');
}

export function parseEdge(value: unknown): Edge {
  const result = edgeSchema.safeParse(asRecord(value, 'an edge'));
  if (!result.success) throw new AppError('internal', `Unexpected edge from Gremlin: ${result.error.issues[0]?.message}`);
  return result.data;
}

/** `id` and all properties of a vertex. */
export function vertexProjection(): Traversal {
  return __.project('id', 'p').by(t.id).by(__.valueMap());
}

export function parseVertex(value: unknown, what: string): { id: string; properties: Record<string, unknown> } {
  const record = asRecord(value, what);
  const id = asString(record.id, `the id of ${what}`);
  return { id, properties: singleValues(record.p, `${what} ${id}`) };
}

export function parseComponentVertex(value: unknown): Component {
  const { id, properties } = parseVertex(value, 'component');
  return componentFromProperties(id, properties);
}

/** Sets the present properties (single cardinality) and drops the absent ones (Neptune has no nulls). */
export function setProperties(traversal: Traversal, { present, absent }: Properties): Traversal {
  let out = traversal;
  for (const [key, value] of Object.entries(present)) out = out.property(cardinality.single, key, value);
  if (absent.length > 0) out = out.sideEffect(__.properties(...absent).drop());
  return out;
}

/** The component vertex, or a placeholder for a component not (yet) in the graph. */
export function componentVertex(componentId: string): Traversal {
  return __.mergeV(idMatch(componentId)).option(merge.onCreate, placeholderMap(componentId));
}

/**
 * Appends an audit event vertex, linked (`has_event`) from the step labelled
 * `requestLabel` (its change request, if any) and from its component's
 * vertex; the traverser is the event afterwards. Rollout events are linked
 * as the change requests' own are (lib/store/gremlin/rollouts.ts).
 */
export function addEventVertex(traversal: Traversal, event: AuditEvent, requestLabel: string | null): Traversal {
  let out = setProperties(traversal.addV(LABEL.event).property(t.id, event.id), { present: eventProperties(event), absent: [] }).as('ev');
  if (requestLabel) out = out.sideEffect(__.addE(LABEL.hasEvent).from_(requestLabel));
  if (event.componentId !== null) out = out.sideEffect(componentVertex(event.componentId).addE(LABEL.hasEvent).to('ev'));
  return out;
}
