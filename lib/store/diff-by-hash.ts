/**
 * What a sync must do, from what the store holds (id → content hash) and
 * what it should hold: both stores write only `added` and `changed`, and
 * drop `removed`. Pure.
 */
export type HashDiff = { added: string[]; changed: string[]; unchanged: string[]; removed: string[] };

export function diffByHash(stored: ReadonlyMap<string, string>, wanted: ReadonlyMap<string, string>): HashDiff {
  const diff: HashDiff = { added: [], changed: [], unchanged: [], removed: [] };
  for (const [id, hash] of wanted) {
    const storedHash = stored.get(id);
    if (storedHash === undefined) diff.added.push(id);
    else if (storedHash === hash) diff.unchanged.push(id);
    else diff.changed.push(id);
  }
  for (const id of stored.keys()) if (!wanted.has(id)) diff.removed.push(id);
  return diff;
}
