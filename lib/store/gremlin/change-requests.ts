import 'server-only';
import type { AuditEvent, ChangeRequest, ChangeRequestFilter } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { EventCursor, TransitionInput } from '../graph-store';
import { sortChangeRequests, sortEvents } from '../store-order';
import { expectedStatuses, transitionRefusal } from '../transition-guard';
import { changeRequestFromProperties, changeRequestProperties, delimited, eventFromProperties, transitionProperties } from './change-request-vertex';
import type { GremlinConnection } from './gremlin-connection';
import { addEventVertex, componentVertex, LABEL, parseVertex, setProperties, vertexProjection } from './graph-schema';
import { __, P, t, TextP } from './gremlin-lib';
import { asString } from './traversal-results';

/**
 * Change requests and their audit trail. Every write is ONE traversal, so it
 * is one transaction on Neptune (and on TinkerTransactionGraph): a request
 * and its first event, a transition and its event, are stored together or
 * not at all.
 */

function parseRequest(value: unknown): ChangeRequest {
  const { id, properties } = parseVertex(value, 'change request');
  return changeRequestFromProperties(id, properties);
}

function parseEvent(value: unknown): AuditEvent {
  const { id, properties } = parseVertex(value, 'event');
  return eventFromProperties(id, properties);
}

export async function createChangeRequest(connection: GremlinConnection, request: ChangeRequest, event: AuditEvent): Promise<void> {
  // Create-if-absent in one traversal: a second request with the same id writes nothing.
  const [outcome] = await connection.run('create change request', (g) => {
    const created = setProperties(__.addV(LABEL.changeRequest).property(t.id, request.id), {
      present: changeRequestProperties(request),
      absent: [],
    }).as('cr');
    const linked = request.members.reduce((out, member) => out.sideEffect(componentVertex(member.componentId).addE(LABEL.modifies).from_('cr')), created);
    return g
      .V(request.id)
      .fold()
      .coalesce(__.unfold().constant('exists'), addEventVertex(linked, event, 'cr').constant('created'))
      .toList();
  });
  if (outcome !== 'created') throw new AppError('conflict', `Change request ${request.id} already exists`);
}

export async function getChangeRequest(connection: GremlinConnection, id: string): Promise<ChangeRequest | null> {
  const [row] = await connection.run('read change request', (g) => g.V(id).hasLabel(LABEL.changeRequest).map(vertexProjection()).toList());
  return row === undefined ? null : parseRequest(row);
}

export async function listChangeRequests(connection: GremlinConnection, filter: ChangeRequestFilter = {}): Promise<ChangeRequest[]> {
  const rows = await connection.run('list change requests', (g) => {
    let traversal = g.V().hasLabel(LABEL.changeRequest);
    if (filter.status?.length) traversal = traversal.has('status', P.within(...filter.status));
    // Any member's; requests stored before change sets have only the top-level fields.
    if (filter.env !== undefined) traversal = traversal.or(__.has('env', filter.env), __.has('memberEnvs', TextP.containing(delimited([filter.env]))));
    if (filter.componentId !== undefined) {
      traversal = traversal.or(__.has('componentId', filter.componentId), __.has('memberIds', TextP.containing(delimited([filter.componentId]))));
    }
    if (filter.author !== undefined) traversal = traversal.has('author', filter.author);
    return traversal.map(vertexProjection()).toList();
  });
  return sortChangeRequests(rows.map(parseRequest));
}

/**
 * Compare-and-set in one traversal: the vertex is matched only at the
 * expected status and revision, then patched and given its event. When
 * nothing matched, a read tells "gone" from "someone was first".
 */
export async function transitionChangeRequest(connection: GremlinConnection, input: TransitionInput, now: Date): Promise<ChangeRequest> {
  const [row] = await connection.run('change request transition', (g) => {
    const matched = g
      .V(input.id)
      .hasLabel(LABEL.changeRequest)
      .has('status', P.within(...expectedStatuses(input)))
      .has('revision', input.expectedRevision);
    const patched = setProperties(matched, transitionProperties(input, now.toISOString())).as('cr');
    return addEventVertex(patched, input.event, 'cr').select('cr').map(vertexProjection()).toList();
  });
  if (row !== undefined) return parseRequest(row);
  throw transitionRefusal(await getChangeRequest(connection, input.id), input);
}

export async function appendEvent(connection: GremlinConnection, event: AuditEvent): Promise<void> {
  const created = await connection.run('append event', (g) => {
    const start = event.changeRequestId === null ? g.inject(0) : g.V(event.changeRequestId).hasLabel(LABEL.changeRequest).as('cr');
    return addEventVertex(start, event, event.changeRequestId === null ? null : 'cr')
      .id()
      .toList();
  });
  if (created.length === 0) throw new AppError('not_found', `No change request ${event.changeRequestId}`);
  asString(created[0], 'the new event id');
}

export async function listEvents(connection: GremlinConnection, scope: { changeRequestId: string } | { componentId: string }): Promise<AuditEvent[]> {
  const rows = await connection.run('list events', (g) => {
    const owner = 'changeRequestId' in scope ? g.V(scope.changeRequestId).hasLabel(LABEL.changeRequest) : g.V(scope.componentId).hasLabel(LABEL.component);
    return owner.out(LABEL.hasEvent).hasLabel(LABEL.event).map(vertexProjection()).toList();
  });
  return sortEvents(rows.map(parseEvent));
}

/**
 * The change feed: events after the cursor in (at, id) order. `at` is an ISO
 * string of fixed width (toISOString), so text order is time order; the
 * range on `at` comes first so Neptune can use its index, then the tie on
 * the cursor's own instant is settled by id.
 */
export async function listEventsSince(connection: GremlinConnection, after: EventCursor | null, limit: number): Promise<AuditEvent[]> {
  const rows = await connection.run('read the change feed', (g) => {
    let events = g.V().hasLabel(LABEL.event);
    if (after !== null) events = events.has('at', P.gte(after.at)).or(__.has('at', P.gt(after.at)), __.id().is(P.gt(after.id)));
    return events.order().by('at').by(__.id()).limit(limit).map(vertexProjection()).toList();
  });
  // The server compares strings by UTF-16 code units as JavaScript does; sorted again as listEvents is.
  return sortEvents(rows.map(parseEvent));
}
