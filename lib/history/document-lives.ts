/**
 * One component document's recorded versions split into its lives. SSM
 * numbers a parameter's versions from 1 again once it is deleted and
 * created anew, so "config version 2" names a version only within one life:
 * the writes after a removal record (or from the first record) up to the
 * next removal. The lineage and reverts look versions up this way. Pure.
 */
import type { DocumentVersion, HistoryDocument } from '@/lib/model/history';

/** Time, then version number, then a removal after a write of the same instant (as lib/history/as-of.ts orders a slot). */
export function compareInSlot(a: DocumentVersion, b: DocumentVersion): number {
  return Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt) || a.version - b.version || Number(a.raw === null) - Number(b.raw === null);
}

/** One document's records of one component, oldest first, removals included. */
export function slotRecords(versions: readonly DocumentVersion[], componentId: string, document: HistoryDocument): DocumentVersion[] {
  return versions.filter((v) => v.componentId === componentId && v.document === document).sort(compareInSlot);
}

export type DocumentLife = {
  /** The writes of this life, oldest first (no removals). */
  writes: DocumentVersion[];
  /** The removal that ended it; null for the life that goes on. */
  removedBy: DocumentVersion | null;
};

/** The lives of one slot's records (from slotRecords), oldest first; the last one has no removal unless the document is gone. */
export function documentLives(records: readonly DocumentVersion[]): DocumentLife[] {
  const lives: DocumentLife[] = [];
  let writes: DocumentVersion[] = [];
  for (const record of records) {
    if (record.raw === null) {
      lives.push({ writes, removedBy: record });
      writes = [];
    } else {
      writes.push(record);
    }
  }
  if (writes.length > 0 || lives.length === 0) lives.push({ writes, removedBy: null });
  return lives;
}

/** The writes after the last removal: the life the document is in now (empty when it is gone). */
export function currentLife(records: readonly DocumentVersion[]): DocumentVersion[] {
  const lives = documentLives(records);
  const last = lives[lives.length - 1];
  return last.removedBy === null ? last.writes : [];
}
