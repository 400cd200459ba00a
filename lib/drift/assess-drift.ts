/**
 * The drift engine (ARCHITECTURE.md §5): one component, its version
 * histories (when loaded), its type's schema and the field mirrors in; its
 * status, every condition found, the field differences and the lineage out.
 * Pure: no I/O and no clock (`now` is passed in).
 */
import type { JsonParser } from '@/lib/json/parse-once';
import { formatSyntaxError, parseStrictJson, type StrictJsonResult } from '@/lib/json/parse-strict-json';
import { DRIFT_PRECEDENCE, type DriftAssessment, type DriftCondition, type FieldDifference, type MirroredField } from '@/lib/model/drift';
import type { Component, DriftSummary } from '@/lib/model/graph';
import type { JsonObject, JsonValue } from '@/lib/model/json';
import type { ParameterVersion } from '@/lib/model/parameters';
import { checkConfigSchema } from '@/lib/schemas/schema-violations';
import { compareGit, diffDocuments, isSameDocument } from './compare-git';
import { compareMirrors } from './compare-mirrors';
import { driftTimes, type GitChange } from './drift-times';
import type { FieldMirrorTable } from './field-mirrors';
import { describeVersion, formatTime, formatValue, joinWords, shortUser } from './format';
import { computeLineage, type LineageResult } from './lineage';

export type AssessDriftInput = {
  component: Component;
  /** Oldest first; undefined when not loaded. */
  configHistory?: ParameterVersion[];
  runtimeHistory?: ParameterVersion[];
  /** The type's JSON Schema from the config repo, when there is one. */
  schema?: JsonObject;
  /** The newest config repo commit that touched the component's file: undefined without a history (a folder, or no repo), null when none did. */
  gitChange?: GitChange | null;
  /** The built-in table merged with the settings' (mergeFieldMirrors). */
  fieldMirrors: FieldMirrorTable;
  now: Date;
  /** How documents are parsed: parseStrictJson, or the sync's memo of it (lib/json/parse-once.ts), which the build already filled. */
  parse?: JsonParser;
};

const MAX_LISTED = 3;

function listSome(items: string[]): string {
  if (items.length <= MAX_LISTED) return joinWords(items);
  return `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

function gitFile(c: Component): string {
  return `iac/${c.env}/${c.type}/${c.nickname}/config.json`;
}

type Findings = { conditions: DriftCondition[]; notes: string[] };

/** The parsed current documents, read once for every check below. */
type Parsed = { config: StrictJsonResult | null; runtime: StrictJsonResult | null };

function checkReadable(
  c: Component,
  parsed: Parsed,
  schema: JsonObject | undefined,
  current: { version: number; modifiedAt: string | null; modifiedBy: string | null },
  out: Findings,
): void {
  if (parsed.config !== null) {
    const config = parsed.config;
    if (!config.ok) {
      out.conditions.push({ status: 'invalid', reason: `Config ${describeVersion(current)} is not valid JSON: ${formatSyntaxError(config.error)}` });
    } else {
      // The same check the graph build lists as schema_violation problems (lib/schemas/schema-violations.ts).
      const result = checkConfigSchema(config.value, schema);
      if (result.violations.length > 0) {
        // A pattern is a wall of regex to a reader; the path and "pattern" say enough.
        const issues = result.violations.map(({ text }) => text.replace(/ must match pattern ".*"$/, " must match the schema's pattern"));
        out.conditions.push({ status: 'invalid', reason: `Config ${describeVersion(current)} fails the ${c.type} schema: ${listSome(issues)}` });
      }
      if (result.status === 'unusable') out.notes.push(`The ${c.type} schema cannot be used, so the config was not checked against it: ${result.schemaProblems.join('; ')}`);
      else if (result.schemaProblems.length > 0) out.notes.push(`The ${c.type} schema: ${result.schemaProblems.join('; ')}`);
    }
  }
  const runtime = parsed.runtime;
  if (runtime !== null && !runtime.ok) {
    out.conditions.push({
      status: 'invalid',
      reason: `The runtime v${c.runtimeVersion} (${formatTime(c.runtimeModifiedAt)}) is not valid JSON, so its outputs cannot be compared with the config: ${formatSyntaxError(runtime.error)}`,
    });
  }
}

function describeRuntime(c: Component, writer: string | null): string {
  const who = shortUser(writer);
  return `the runtime v${c.runtimeVersion} (${formatTime(c.runtimeModifiedAt)}${who ? `, ${who}` : ''})`;
}

function mismatchReason(field: MirroredField, differences: FieldDifference[], deployedVersion: number, runtime: string): string {
  const head = `${field.configPath} is ${formatValue(field.desired)} in the deployed config v${deployedVersion}`;
  const named = field.source === 'mapping' ? `${field.runtimePath} is ` : '';
  const inside = differences.filter((d) => d.path !== field.configPath && (d.path.startsWith(`${field.configPath}.`) || d.path.startsWith(`${field.configPath}[`)));
  if (inside.length === 0) return `${head} but ${named}${formatValue(field.actual)} in ${runtime}`;
  const places = inside.map((d) => `${d.path} ${formatValue(d.desired)} vs ${formatValue(d.actual)}`);
  return `${field.configPath} in the deployed config v${deployedVersion} differs from ${field.runtimePath} in ${runtime} at ${listSome(places)}`;
}

function checkDeployment(
  c: Component,
  lineage: LineageResult,
  runtimeValue: JsonValue | null,
  fieldMirrors: FieldMirrorTable,
  runtimeWriter: string | null,
  parse: JsonParser,
  out: Findings,
) {
  const { lineage: l, order, deployedConfigRaw, unknownDeployed } = lineage;
  let mirrors: { fields: MirroredField[]; differences: FieldDifference[] } = { fields: [], differences: [] };
  const current = { version: c.configVersion ?? 0, modifiedAt: c.configModifiedAt, modifiedBy: c.configModifiedBy };

  if (c.configRaw === null && c.runtimeRaw !== null) {
    const runtime = describeRuntime(c, runtimeWriter);
    if (c.ownedBy === null) {
      const inGit = typeof c.gitConfigRaw === 'string' ? ` (the config repo has ${gitFile(c)}, but it was never published)` : '';
      out.conditions.push({ status: 'orphaned', reason: `Runtime without config: ${runtime} has no config${inGit}, and no runtime-owner rule claims it` });
    }
  }
  if (c.configRaw !== null && c.runtimeRaw === null) {
    const versions = l.configVersions.length > 1 ? `; none of its ${l.configVersions.length} versions since ${formatTime(l.configVersions[0].modifiedAt)} was deployed` : '';
    out.conditions.push({ status: 'not_deployed', reason: `Config ${describeVersion(current)} has no runtime: it has not been deployed${versions}` });
  }

  if (deployedConfigRaw !== null && l.deployedConfigVersion !== null && runtimeValue !== null) {
    const deployed = parse(deployedConfigRaw);
    if (!deployed.ok) {
      out.notes.push(`The deployed config v${l.deployedConfigVersion} is not valid JSON, so mirrored fields cannot be compared with the runtime`);
    } else {
      mirrors = compareMirrors(c.type, deployed.value, runtimeValue, fieldMirrors);
      const runtime = describeRuntime(c, runtimeWriter);
      for (const field of mirrors.fields) {
        if (field.agrees === false) out.conditions.push({ status: 'mismatch', reason: mismatchReason(field, mirrors.differences, l.deployedConfigVersion, runtime) });
        if (field.agrees === null && field.source === 'mapping') out.notes.push(`The runtime has no ${field.runtimePath} output to compare with ${field.configPath}`);
      }
    }
  }

  if (order === 'config_after_runtime' || order === 'unknown') {
    if (
      order === 'config_after_runtime' &&
      deployedConfigRaw !== null &&
      l.deployedConfigVersion !== null &&
      c.configRaw !== null &&
      isSameDocument(diffDocuments(deployedConfigRaw, c.configRaw, parse))
    ) {
      out.notes.push(
        `Config v${c.configVersion} was published after the runtime but has the same content as the deployed v${l.deployedConfigVersion}, so nothing is waiting to be deployed`,
      );
    } else if (l.deployedConfigVersion !== null) {
      const waiting = l.between.length > 0 ? l.between.map(describeVersion) : [describeVersion(current)];
      const verb = waiting.length === 1 ? 'is' : 'are';
      out.conditions.push({
        status: 'pending',
        reason: `Config changed after the last deployment: ${joinWords(waiting)} ${verb} not deployed; the runtime (${formatTime(c.runtimeModifiedAt)}) was written from config v${l.deployedConfigVersion}`,
      });
    } else {
      const lead = order === 'unknown' ? '' : `Config ${describeVersion(current)} was published after the runtime was last written (${formatTime(c.runtimeModifiedAt)}). `;
      out.conditions.push({ status: 'pending', reason: `${lead}${unknownDeployed ?? 'The deployed config version is not known'}` });
    }
  }
  return mirrors;
}

function checkGit(c: Component, parse: JsonParser, out: Findings) {
  const git = compareGit(c, parse);
  const published = c.configVersion === null ? 'the published config' : `the published config v${c.configVersion}`;
  if (git.state === 'missing_in_git') {
    out.conditions.push({ status: 'unpublished', reason: `The config repo has no readable ${gitFile(c)} (missing, or not JSON) for ${published}` });
  } else if (git.state === 'not_published') {
    out.conditions.push({ status: 'unpublished', reason: `The config repo has ${gitFile(c)}, but it has never been published to SSM` });
  } else if (git.state === 'differs') {
    const detail =
      git.diff.mode === 'fields' ? `: publishing it would change ${listSome(git.diff.changes.map((ch) => ch.path))}` : ' (compared as text, as one of them is not JSON)';
    out.conditions.push({ status: 'unpublished', reason: `The config repo's ${gitFile(c)} differs from ${published}${detail}` });
  }
  return git;
}

function inSyncReason(c: Component, fields: MirroredField[], deployedVersion: number | null): string {
  if (c.configRaw === null && c.ownedBy !== null) {
    return `Runtime-only: written for ${c.ownedBy}, whose config owns it; it has no config of its own to compare with`;
  }
  const compared = fields.filter((f) => f.agrees === true).map((f) => (f.configPath === f.runtimePath ? f.configPath : `${f.configPath} ↔ ${f.runtimePath}`));
  const agree = compared.length > 0 ? `; mirrored fields agree (${listSome(compared)})` : '; no config field has a runtime mirror to compare';
  return `Config v${deployedVersion ?? c.configVersion} is deployed: the runtime v${c.runtimeVersion} (${formatTime(c.runtimeModifiedAt)}) was written at or after it${agree}`;
}

export function assessDrift({ component: c, configHistory, runtimeHistory, schema, gitChange, fieldMirrors, now, parse = parseStrictJson }: AssessDriftInput): DriftAssessment {
  const lineage = computeLineage({ component: c, configHistory, runtimeHistory, now, parse });
  const writes = lineage.lineage.runtimeWrites;
  const runtimeWriter = writes.length > 0 && writes[writes.length - 1].version === c.runtimeVersion ? writes[writes.length - 1].modifiedBy : null;
  const currentEntry = lineage.lineage.configVersions.find((v) => v.version === c.configVersion);
  const current = { version: c.configVersion ?? 0, modifiedAt: c.configModifiedAt, modifiedBy: c.configModifiedBy ?? currentEntry?.modifiedBy ?? null };

  const findings: Findings = { conditions: [], notes: [] };
  const parsed: Parsed = { config: c.configRaw === null ? null : parse(c.configRaw), runtime: c.runtimeRaw === null ? null : parse(c.runtimeRaw) };
  checkReadable(c, parsed, schema, current, findings);
  const runtimeValue = parsed.runtime?.ok ? parsed.runtime.value : null;
  const mirrors = checkDeployment({ ...c, configModifiedBy: current.modifiedBy }, lineage, runtimeValue, fieldMirrors, runtimeWriter, parse, findings);
  const git = checkGit(c, parse, findings);

  const conditions = [...findings.conditions].sort((a, b) => DRIFT_PRECEDENCE.indexOf(a.status) - DRIFT_PRECEDENCE.indexOf(b.status));
  const status = conditions[0]?.status ?? 'in_sync';
  const notes = [...findings.notes, ...lineage.lineage.notes];
  const reasons = conditions.length > 0 ? [...conditions.map((x) => x.reason), ...notes] : [inSyncReason(c, mirrors.fields, lineage.lineage.deployedConfigVersion), ...notes];
  const times = driftTimes(status, { ...c, configModifiedBy: current.modifiedBy }, { runtimeWriter, undeployed: lineage.lineage.between, git, gitChange });

  return {
    status,
    conditions,
    reasons,
    lineage: lineage.lineage,
    mirroredFields: mirrors.fields,
    differences: mirrors.differences,
    git,
    ...times,
  };
}

export function toDriftSummary(assessment: DriftAssessment): DriftSummary {
  const { status, reasons, lineage, since, changedBy } = assessment;
  return { status, reasons, deployedConfigVersion: lineage.deployedConfigVersion, since, changedBy };
}
