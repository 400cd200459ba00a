/**
 * Infrastructure memory (ARCHITECTURE.md §6c): every config and runtime
 * version Karma has seen, kept as version records linked to their component,
 * and every drift transition. The graph as of a past moment is rebuilt from
 * these documents (lib/history/as-of.ts); a component's lineage joins them
 * with change requests, commits and rollouts.
 */
import type { DriftStatus, Edge } from './graph';
import type { FieldChange } from '@/lib/json/diff-json';

export const HISTORY_DOCUMENTS = ['config', 'runtime'] as const;
export type HistoryDocument = (typeof HISTORY_DOCUMENTS)[number];

/** How Karma learnt of a version: a sync's listing, or a read of SSM's history (the backfill, or the detail of a listed version). */
export const VERSION_SOURCES = ['sync', 'history'] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

/**
 * One version of one component document, as first seen. SSM numbers
 * versions per parameter, and a parameter deleted and created again starts
 * at 1: the id carries the modification time too, so both are kept.
 */
export type DocumentVersion = {
  /** historyVersionId(): `hv:<componentId>:<document>:<version>:<modifiedAt ms>` */
  id: string;
  componentId: string;
  env: string;
  type: string;
  nickname: string;
  document: HistoryDocument;
  /** SSM's version number; for a removal, the last version there was. */
  version: number;
  /** The text as stored; null: the document was removed at `modifiedAt` (seen gone by a sync). */
  raw: string | null;
  /** contentHash(raw); '' for a removal. */
  hash: string;
  /** ISO 8601: SSM's LastModifiedDate, or when a sync saw a removal. */
  modifiedAt: string;
  /** Who wrote it (SSM's LastModifiedUser); null until a history read says. */
  modifiedBy: string | null;
  /** SSM's Description of the version (Karma's applies name their change request); null when none or not read yet. */
  description: string | null;
  /** The Karma change request whose apply wrote it (the Description's tag, read by the history worker). */
  changeRequestId: string | null;
  /** The config repo commit that apply pushed with it (from that change request). */
  gitCommit: string | null;
  source: VersionSource;
  /** When Karma recorded it. */
  recordedAt: string;
};

/** A version without its text: what time travel's selection and the analysis features work on. */
export type VersionKey = Pick<DocumentVersion, 'id' | 'componentId' | 'document' | 'version' | 'modifiedAt' | 'hash'> & {
  /** raw === null: a removal. */
  removed: boolean;
};

/** A component's drift status changed between two syncs (or it appeared, or went away). */
export type DriftTransition = {
  /** `dt:<componentId>:<observedAt ms>` */
  id: string;
  componentId: string;
  /** null: the component was not known before. */
  from: DriftStatus | null;
  /** null: the component is gone. */
  to: DriftStatus | null;
  /** When it happened as far as Karma can tell: the drift's own `since` when that falls after the last sync, else `observedAt`. */
  at: string;
  /** The sync that saw it. */
  observedAt: string;
  /** The first drift reason after the transition. */
  reason: string | null;
};

/** The newest recorded version of one document slot. */
export type SlotHead = { id: string; version: number; modifiedAt: string; hash: string; removed: boolean };

/**
 * Per component, what the history holds last: what the next sync compares
 * against, so a sync that sees nothing new reads one list and writes nothing.
 */
export type HistoryHead = {
  componentId: string;
  env: string;
  type: string;
  nickname: string;
  config: SlotHead | null;
  runtime: SlotHead | null;
  /** The drift status last recorded; null when the component is gone (or never had one). */
  drift: DriftStatus | null;
  /**
   * Slots whose SSM history still has to be read: a component first seen
   * (the backfill of what came before Karma), or a version recorded from a
   * listing, which does not say who wrote it or skips versions written
   * between two syncs. The history worker empties it, paced.
   */
  pending: HistoryDocument[];
};

/** One write to the history: versions upserted by id (an existing one only gains fields it lacked), transitions added once, heads replaced. */
export type HistoryWrite = {
  versions: DocumentVersion[];
  transitions: DriftTransition[];
  heads: HistoryHead[];
};

export type HistoryWriteResult = {
  /** Version records created or updated, transitions added, heads replaced (unchanged ones are not counted). */
  written: number;
  roundTrips: number;
};

/** The history as a whole, for caches and the time slider. */
export type HistoryState = {
  /** Advanced by every history write that wrote something. */
  revision: number;
  versions: number;
  transitions: number;
  /** Oldest and newest version time (null when empty). */
  earliest: string | null;
  latest: string | null;
  /** Components whose SSM history is still to be read. */
  pendingComponents: number;
};

/** The estate's change history bucketed for the time slider: each distinct moment something changed, oldest first. */
export type HistoryMoment = { at: string; versions: number; components: string[] };

export function historyVersionId(componentId: string, document: HistoryDocument, version: number, modifiedAt: string): string {
  const ms = Date.parse(modifiedAt);
  return `hv:${componentId}:${document}:${version}:${Number.isNaN(ms) ? modifiedAt : ms}`;
}

export function driftTransitionId(componentId: string, observedAt: string): string {
  return `dt:${componentId}:${Date.parse(observedAt)}`;
}

/** The part of a version that a time-travel selection needs. */
export function versionKeyOf(v: DocumentVersion): VersionKey {
  return { id: v.id, componentId: v.componentId, document: v.document, version: v.version, modifiedAt: v.modifiedAt, hash: v.hash, removed: v.raw === null };
}

/** One document of a component between two moments: its version then and now, and which fields differ (lib/json/diff-json.ts). */
export type DocumentChange = { before: number | null; after: number | null; fields: FieldChange[] };

export type ComponentDiff = {
  id: string;
  config: DocumentChange | null;
  runtime: DocumentChange | null;
  status: { before: DriftStatus | null; after: DriftStatus | null } | null;
};

/**
 * What changed between two moments (`before` is the earlier): components
 * added, removed and changed, edges added and removed. Lists are sorted by id.
 */
export type GraphDiff = {
  /** ISO times; `after` is null for "now" (the current graph). */
  before: string;
  after: string | null;
  added: string[];
  removed: string[];
  changed: ComponentDiff[];
  edgesAdded: Edge[];
  edgesRemoved: Edge[];
};
