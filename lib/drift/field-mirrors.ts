/**
 * Which runtime output mirrors which config field. By default a top-level
 * config key mirrors the runtime output of the same name (Terraform modules
 * often echo their inputs: `queue_name`, `bucket_name`). Where a module
 * renames an input in its outputs, a per-type mapping says so: this table,
 * merged with `fieldMirrors` from the settings file (the settings win for the
 * same config field). Paths may be dotted (`dns.zone_name`) on either side.
 */
import type { SettingsFile } from '@/lib/model/settings';

export type FieldMirrorTable = SettingsFile['fieldMirrors'];

/** Config field → runtime output, per component type. */
export const BUILT_IN_FIELD_MIRRORS: FieldMirrorTable = {
  vpc: { cidr: 'vpc_cidr' },
};

export type MirrorPair = { configPath: string; runtimePath: string; source: 'same-key' | 'mapping' };

export function mergeFieldMirrors(...tables: FieldMirrorTable[]): FieldMirrorTable {
  const merged: FieldMirrorTable = {};
  for (const table of tables) {
    for (const [type, fields] of Object.entries(table)) merged[type] = { ...merged[type], ...fields };
  }
  return merged;
}

/**
 * The pairs to compare for one component: the type's mappings, then every
 * top-level config key the runtime also has (except keys a mapping already
 * places elsewhere). Only pairs whose config side is set are returned.
 */
export function mirrorPairs(type: string, configKeys: string[], runtimeKeys: string[], table: FieldMirrorTable): MirrorPair[] {
  const mapped = table[type] ?? {};
  const configSet = new Set(configKeys);
  const pairs: MirrorPair[] = Object.entries(mapped)
    .filter(([configPath]) => configSet.has(configPath.split('.')[0]))
    .map(([configPath, runtimePath]) => ({ configPath, runtimePath, source: 'mapping' as const }));
  const runtimeSet = new Set(runtimeKeys);
  for (const key of [...configKeys].sort()) {
    if (Object.hasOwn(mapped, key) || !runtimeSet.has(key)) continue;
    pairs.push({ configPath: key, runtimePath: key, source: 'same-key' });
  }
  return pairs;
}
