/**
 * What `GET /api/events` streams (server-sent events), shared by the server
 * (lib/server/event-hub.ts) and the browser (lib/client/use-live-events.ts).
 * Each message is `event: <type>`, `id: <position>` and one `data:` line of
 * JSON. Rollout progress comes as `change` events too: every rollout
 * transition is an audit event (`rollout_*` kinds) about the rollout's
 * change request and the member concerned, with its `rolloutId`.
 */
import type { ChangeStatus, EventKind } from './change-request';

export const LIVE_EVENT_TYPES = ['ready', 'graph', 'change', 'reset'] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** First on every connection: where it starts, so even a quiet connection has a Last-Event-ID to resume from. */
export type ReadyEventData = { generation: number | null };

export type GraphChanges = {
  /** Component ids, each list cut at a few hundred; the counts are complete. */
  added: string[];
  removed: string[];
  updated: string[];
  counts: { added: number; removed: number; updated: number };
};

/** The instance serves a new generation of the graph. */
export type GraphEventData = {
  generation: number;
  previous: number | null;
  syncedAt: string | null;
  /** Null when it is not known (a resumed connection that missed generations): read every graph-shaped thing again. */
  changes: GraphChanges | null;
};

/** A change request was created or transitioned, or an event was recorded about it, a component or a rollout. */
export type ChangeEventData = {
  eventId: string;
  /** `cr:<uuid>`; null for an event about a component alone. */
  changeRequestId: string | null;
  componentId: string | null;
  kind: EventKind;
  actor: string;
  at: string;
  /** The request's status after a transition; null for events that change none (comments, webhooks). */
  status: ChangeStatus | null;
  /** `ro:<uuid>` for a rollout's event (the event's `data.rolloutId`); null for every other. */
  rolloutId: string | null;
};

/** More was missed than can be replayed (or the position was not understood): read everything again. */
export type ResetEventData = { reason: string };

export type LiveEvent =
  { type: 'ready'; data: ReadyEventData } | { type: 'graph'; data: GraphEventData } | { type: 'change'; data: ChangeEventData } | { type: 'reset'; data: ResetEventData };
