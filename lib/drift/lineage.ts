/**
 * The lineage of a component: which config version is live and how we got
 * here. No runtime records the config version it was deployed from, so it is
 * inferred from modification times (ARCHITECTURE.md §5): the deployed config
 * version is the newest version whose modification time is not after the
 * runtime's. Versions are ordered by number; times only decide what was
 * deployed, so history with odd clocks still gives one answer.
 */
import type { JsonParser } from '@/lib/json/parse-once';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import type { Lineage, LineageVersion, RuntimeWrite } from '@/lib/model/drift';
import type { Component } from '@/lib/model/graph';
import type { ParameterVersion } from '@/lib/model/parameters';
import { describeVersion, formatTime } from './format';

export type LineageInput = {
  component: Pick<Component, 'configRaw' | 'configVersion' | 'configModifiedAt' | 'configModifiedBy' | 'runtimeRaw' | 'runtimeVersion' | 'runtimeModifiedAt'>;
  /** undefined: not loaded (not needed, or could not be read). */
  configHistory?: ParameterVersion[];
  runtimeHistory?: ParameterVersion[];
  now: Date;
  /** The sync's parse memo (lib/json/parse-once.ts), so a version whose text the build parsed is not parsed again. */
  parse?: JsonParser;
};

/** How the current config's time relates to the runtime's; null when one of them is missing. */
export type ConfigOrder = 'config_after_runtime' | 'config_not_after_runtime' | 'unknown' | null;

export type LineageResult = {
  lineage: Lineage;
  order: ConfigOrder;
  /** The deployed version's published text, when known. */
  deployedConfigRaw: string | null;
  /** Why the deployed version is unknown although config and runtime both exist. */
  unknownDeployed: string | null;
};

export function timeOf(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function upTo(history: ParameterVersion[] | undefined, version: number | null): ParameterVersion[] | undefined {
  if (!history) return undefined;
  const byVersion = new Map<number, ParameterVersion>();
  for (const entry of history) if (version === null || entry.version <= version) byVersion.set(entry.version, entry);
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

function clockNotes(history: ParameterVersion[], what: string): string[] {
  const notes: string[] = [];
  for (const entry of history) {
    if (timeOf(entry.modifiedAt) === null) notes.push(`${what} v${entry.version} has no usable time ("${entry.modifiedAt}"); it is left out of the lineage times`);
  }
  for (let i = 1; i < history.length; i++) {
    const [before, after] = [timeOf(history[i - 1].modifiedAt), timeOf(history[i].modifiedAt)];
    if (before !== null && after !== null && after < before) {
      notes.push(
        `${what} history is out of order: ${describeVersion(history[i])} is dated before ${describeVersion(history[i - 1])}; versions are ordered by number and times only decide what was deployed`,
      );
    }
  }
  return notes;
}

/** Newest version (by number) not modified after `at`. */
function newestNotAfter(history: ParameterVersion[], at: number): ParameterVersion | null {
  let best: ParameterVersion | null = null;
  for (const entry of history) {
    const t = timeOf(entry.modifiedAt);
    if (t !== null && t <= at && (!best || entry.version > best.version)) best = entry;
  }
  return best;
}

export function computeLineage({ component: c, configHistory, runtimeHistory, now, parse = parseStrictJson }: LineageInput): LineageResult {
  const notes: string[] = [];
  const configs = upTo(configHistory, c.configVersion);
  const runtimes = upTo(runtimeHistory, c.runtimeVersion);
  const hasConfig = c.configRaw !== null && c.configVersion !== null;
  const hasRuntime = c.runtimeRaw !== null;
  const tConfig = timeOf(c.configModifiedAt);
  const tRuntime = timeOf(c.runtimeModifiedAt);

  if (configs) notes.push(...clockNotes(configs, 'Config'));
  if (runtimes) notes.push(...clockNotes(runtimes, 'Runtime'));
  if (hasConfig && tConfig !== null && tConfig > now.getTime())
    notes.push(`Config v${c.configVersion} is dated in the future (${formatTime(c.configModifiedAt)}); a clock is wrong`);
  if (hasRuntime && tRuntime !== null && tRuntime > now.getTime()) notes.push(`The runtime is dated in the future (${formatTime(c.runtimeModifiedAt)}); a clock is wrong`);
  if (configs && configs.length > 0 && hasConfig && !configs.some((v) => v.version === c.configVersion)) {
    notes.push(`The config history does not hold the current version v${c.configVersion} (it ends at v${configs[configs.length - 1].version})`);
  }

  let order: ConfigOrder = null;
  let deployed: { version: number; modifiedAt: string | null; raw: string | null } | null = null;
  let unknownDeployed: string | null = null;
  if (hasConfig && hasRuntime) {
    if (tConfig === null || tRuntime === null) {
      order = 'unknown';
      const bad = tConfig === null ? `config v${c.configVersion}'s time "${c.configModifiedAt}"` : `the runtime's time "${c.runtimeModifiedAt}"`;
      unknownDeployed = `Cannot tell which config version is deployed: ${bad} is not a valid time`;
    } else if (tConfig <= tRuntime) {
      order = 'config_not_after_runtime';
      deployed = { version: c.configVersion!, modifiedAt: c.configModifiedAt, raw: c.configRaw };
      if (tConfig === tRuntime) {
        notes.push(
          `Config v${c.configVersion} and the runtime carry the same time (${formatTime(c.runtimeModifiedAt)}); a config not modified after the runtime counts as deployed`,
        );
      }
    } else {
      order = 'config_after_runtime';
      if (!configs || configs.length === 0) {
        unknownDeployed = 'The config history is not available, so the deployed config version is not known';
      } else {
        const found = newestNotAfter(configs, tRuntime);
        if (found) deployed = { version: found.version, modifiedAt: found.modifiedAt, raw: found.value };
        else {
          unknownDeployed =
            `The runtime (${formatTime(c.runtimeModifiedAt)}) is older than every config version in the history ` +
            `(the oldest kept is ${describeVersion(configs[0])}), so no known config version produced it`;
        }
      }
    }
  }

  const stateOf = (version: number): LineageVersion['state'] => {
    if (!hasRuntime) return 'pending';
    if (!deployed) return 'unknown';
    if (version < deployed.version) return 'superseded';
    return version === deployed.version ? 'deployed' : 'pending';
  };
  const known: ParameterVersion[] =
    configs && configs.length > 0
      ? configs
      : hasConfig
        ? [{ version: c.configVersion!, value: c.configRaw!, modifiedAt: c.configModifiedAt ?? '', modifiedBy: c.configModifiedBy ?? '' }]
        : [];
  const configVersions: LineageVersion[] = known.map((v) => ({
    version: v.version,
    modifiedAt: v.modifiedAt,
    modifiedBy: v.modifiedBy || null,
    state: stateOf(v.version),
    isJson: v.value !== null && parse(v.value).ok,
  }));

  const runtimeWrites: RuntimeWrite[] = (runtimes ?? []).map((write) => {
    const t = timeOf(write.modifiedAt);
    let fromConfigVersion: number | null = null;
    if (t !== null && configs && configs.length > 0) fromConfigVersion = newestNotAfter(configs, t)?.version ?? null;
    else if (t !== null && hasConfig && tConfig !== null && tConfig <= t) fromConfigVersion = c.configVersion;
    return { version: write.version, modifiedAt: write.modifiedAt, modifiedBy: write.modifiedBy || null, fromConfigVersion };
  });

  return {
    lineage: {
      deployedConfigVersion: deployed?.version ?? null,
      deployedConfigModifiedAt: deployed?.modifiedAt ?? null,
      currentConfigVersion: hasConfig ? c.configVersion : null,
      runtimeVersion: c.runtimeVersion,
      runtimeModifiedAt: c.runtimeModifiedAt,
      between: configVersions.filter((v) => v.state === 'pending'),
      configVersions,
      runtimeWrites,
      hasConfigHistory: configs !== undefined && configs.length > 0,
      notes,
    },
    order,
    deployedConfigRaw: deployed?.raw ?? null,
    unknownDeployed,
  };
}
