import 'server-only';
import type { AuditEvent } from '@/lib/model/change-request';
import { AppError } from '@/lib/model/errors';
import type { Rollout, RolloutFilter } from '@/lib/model/rollout';
import type { PropertyRecord } from '../component-record';
import type { RolloutTransitionInput } from '../graph-store';
import { sortRollouts } from '../store-order';
import { rolloutSchema } from '../stored-schemas';
import { rolloutEventsProblem, rolloutRefusal } from '../transition-guard';
import { delimited, split, type Properties } from './change-request-vertex';
import type { GremlinConnection } from './gremlin-connection';
import { addEventVertex, LABEL, parseVertex, setProperties, vertexProjection } from './graph-schema';
import { __, P, t, TextP, type Traversal } from './gremlin-lib';

/**
 * Rollouts (ARCHITECTURE.md §6b) as `rollout` vertices, written as change
 * requests are: every write is ONE traversal, so one transaction on Neptune
 * (and on TinkerTransactionGraph), and a rollout and its first event, a
 * transition and its events, are stored together or not at all. The events
 * are ordinary audit events, linked from the rollout's change request and
 * from their component (lib/store/gremlin/graph-schema.ts addEventVertex),
 * so the request's trail, the component's and the change feed show them.
 *
 * Members and cycles are JSON strings; `memberIds` (`|a|b|`) lets a filter
 * ask for any member's component; null fields are absent properties.
 */

const rolloutPatchSchema = rolloutSchema.pick({ status: true, currentWave: true, members: true, reason: true }).partial();

function memberProperties(members: Rollout['members']): Record<string, string> {
  return { members: JSON.stringify(members), memberIds: delimited(members.map((m) => m.componentId)) };
}

function rolloutProperties(rollout: Rollout): PropertyRecord {
  const { id: _id, members, cycles, ...scalars } = rollout;
  return split({ ...scalars, cycles: JSON.stringify(cycles), ...memberProperties(members) }).present;
}

/** What a transition writes: the patch, the next revision and the time. */
function transitionProperties(input: RolloutTransitionInput, updatedAt: string): Properties {
  const { members, ...patch } = input.patch;
  return split({ ...patch, ...(members === undefined ? {} : memberProperties(members)), revision: input.expectedRevision + 1, updatedAt });
}

function parseJson(id: string, key: string, raw: unknown): unknown {
  if (typeof raw !== 'string') throw new AppError('internal', `Stored property ${key} of ${id} is missing or not text`);
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new AppError('internal', `Stored property ${key} of ${id} is not valid JSON`, { cause: error });
  }
}

export function rolloutFromProperties(id: string, properties: Record<string, unknown>): Rollout {
  const { memberIds: _ids, ...stored } = properties;
  const value = { ...stored, id, reason: stored.reason ?? null, members: parseJson(id, 'members', stored.members), cycles: parseJson(id, 'cycles', stored.cycles) };
  const result = rolloutSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError('internal', `Stored rollout ${id} is malformed: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return result.data;
}

function parseRollout(value: unknown): Rollout {
  const { id, properties } = parseVertex(value, 'rollout');
  return rolloutFromProperties(id, properties);
}

/** The events appended after the step labelled `cr` (the rollout's change request); the traverser is the last event afterwards. */
function addEvents(traversal: Traversal, events: readonly AuditEvent[]): Traversal {
  return events.reduce((out, event) => addEventVertex(out, event, 'cr'), traversal);
}

export async function createRollout(connection: GremlinConnection, rollout: Rollout, event: AuditEvent): Promise<void> {
  const stored = rolloutSchema.parse(rollout);
  const problem = rolloutEventsProblem(stored.changeRequestId, [event]);
  if (problem) throw problem;
  // Create-if-absent in one traversal: an existing id writes nothing, nor does a missing change request.
  const [outcome] = await connection.run('create rollout', (g) => {
    const request = __.V(stored.changeRequestId).hasLabel(LABEL.changeRequest).as('cr');
    const created = setProperties(request.addV(LABEL.rollout).property(t.id, stored.id), { present: rolloutProperties(stored), absent: [] });
    return g
      .V(stored.id)
      .fold()
      .coalesce(__.unfold().constant('exists'), addEvents(created, [event]).constant('created'), __.constant('no_request'))
      .toList();
  });
  if (outcome === 'exists') throw new AppError('conflict', `Rollout ${stored.id} already exists`);
  if (outcome === 'no_request') throw new AppError('not_found', `No change request ${stored.changeRequestId}`);
  if (outcome !== 'created') throw new AppError('internal', `Unexpected answer from Gremlin creating rollout ${stored.id}`);
}

export async function getRollout(connection: GremlinConnection, id: string): Promise<Rollout | null> {
  const [row] = await connection.run('read rollout', (g) => g.V(id).hasLabel(LABEL.rollout).map(vertexProjection()).toList());
  return row === undefined ? null : parseRollout(row);
}

export async function listRollouts(connection: GremlinConnection, filter: RolloutFilter = {}): Promise<Rollout[]> {
  const rows = await connection.run('list rollouts', (g) => {
    let traversal = g.V().hasLabel(LABEL.rollout);
    if (filter.status?.length) traversal = traversal.has('status', P.within(...filter.status));
    if (filter.changeRequestId !== undefined) traversal = traversal.has('changeRequestId', filter.changeRequestId);
    if (filter.componentId !== undefined) traversal = traversal.has('memberIds', TextP.containing(delimited([filter.componentId])));
    return traversal.map(vertexProjection()).toList();
  });
  return sortRollouts(rows.map(parseRollout));
}

/**
 * Compare-and-set in one traversal: the change request the events name is
 * found first, then the rollout only at the expected revision and of that
 * request; only then is anything written (the patch, then the events).
 * When nothing matched, a read tells "gone" from "someone was first".
 */
export async function transitionRollout(connection: GremlinConnection, input: RolloutTransitionInput, now: Date): Promise<Rollout> {
  const patch = rolloutPatchSchema.parse(input.patch);
  const changeRequestId = input.events[0]?.changeRequestId ?? null;
  if (changeRequestId === null || rolloutEventsProblem(changeRequestId, input.events)) throw rolloutRefusal(await getRollout(connection, input.id), input);
  const [row] = await connection.run('rollout transition', (g) => {
    const matched = g
      .V(changeRequestId)
      .hasLabel(LABEL.changeRequest)
      .as('cr')
      .V(input.id)
      .hasLabel(LABEL.rollout)
      .has('revision', input.expectedRevision)
      .has('changeRequestId', changeRequestId);
    const patched = setProperties(matched, transitionProperties({ ...input, patch }, now.toISOString())).as('ro');
    return addEvents(patched, input.events).select('ro').map(vertexProjection()).toList();
  });
  if (row !== undefined) return parseRollout(row);
  throw rolloutRefusal(await getRollout(connection, input.id), input);
}
