/**
 * Rollback as a change (issue 16, point 4): what a revert proposes, worked
 * out from the recorded history and what SSM holds now. A revert is an
 * ordinary change request (simulated, validated, approved and applied like
 * any other, lib/workflow/revert-change.ts opens it); this only decides its
 * members, base versions, title and description, or why there is none:
 *
 * - to version N of one component: version N's recorded text, based on the
 *   current version. Refused for the current version, a version that is no
 *   JSON object, one that holds what the current one holds, a version not
 *   recorded in the component's current life, and a component whose config
 *   is gone.
 * - an applied change request or change set: every member back to what it
 *   was before (an update to its base version's recorded text, a created
 *   component removed, a removed one created again with its last text).
 *   Refused when the request is not applied, when any member moved since
 *   (its config is no longer the version the apply wrote, or a removed one
 *   exists again) or is not written yet, or when a text to go back to is not
 *   in the history; the refusal names every member it concerns.
 *
 * Pure: the caller passes the records and the live versions.
 */
import { formatTime, shortUser } from '@/lib/drift/format';
import { documentLives, currentLife } from '@/lib/history/document-lives';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import type { ChangeMember, ChangeRequest } from '@/lib/model/change-request';
import type { RevertAvailability } from '@/lib/model/component-lineage';
import { AppError, type ErrorCode } from '@/lib/model/errors';
import type { DocumentVersion } from '@/lib/model/history';
import { isJsonObject, type JsonObject } from '@/lib/model/json';
import type { CreateChangeBody, ProposedMember } from '@/lib/model/simulation';

/** What SSM holds for a component's config now; null: no config parameter. */
export type LiveConfig = { version: number; raw: string } | null;

export type RevertPlan = {
  body: CreateChangeBody;
  /** Recorded in the request's `proposed` event as `data.revertOf`. */
  revertOf: JsonObject;
};

type Refusal = { code: ErrorCode; reason: string };

function isConfigDocument(raw: string): boolean {
  const parsed = parseStrictJson(raw);
  return parsed.ok && isJsonObject(parsed.value);
}

function writer(record: Pick<DocumentVersion, 'modifiedBy'>): string {
  return shortUser(record.modifiedBy) ?? 'an unrecorded writer';
}

/** The recorded version N of the current life, or why it cannot be proposed. */
function checkVersion(componentId: string, version: number, records: readonly DocumentVersion[], live: LiveConfig): { target: DocumentVersion } | Refusal {
  if (live === null) {
    return { code: 'conflict', reason: `${componentId} has no config now, so there is nothing to revert; propose it as a new component instead` };
  }
  const life = currentLife(records);
  const target = life.findLast((v) => v.version === version);
  if (!target) {
    const known = life.map((v) => v.version);
    const recorded =
      known.length === 0
        ? 'none of its config versions is recorded yet'
        : `recorded: ${known.length === 1 ? `version ${known[0]}` : `versions ${known[0]}–${known[known.length - 1]}`}`;
    return { code: 'not_found', reason: `Config version ${version} of ${componentId} is not in the recorded history (${recorded})` };
  }
  if (version === live.version) return { code: 'conflict', reason: `Version ${version} is the current config of ${componentId}` };
  if (!isConfigDocument(target.raw!)) return { code: 'conflict', reason: `Version ${version} of ${componentId} is not a JSON object, so it cannot be proposed as a config` };
  if (target.raw === live.raw) return { code: 'conflict', reason: `Version ${version} of ${componentId} holds exactly what the current version ${live.version} holds` };
  return { target };
}

/** Whether "Revert to version N" is on offer for one recorded version (the same checks as planVersionRevert). */
export function versionRevertAvailability(componentId: string, version: number, records: readonly DocumentVersion[], live: LiveConfig): RevertAvailability {
  const checked = checkVersion(componentId, version, records, live);
  return 'target' in checked ? { allowed: true } : { allowed: false, reason: checked.reason };
}

/** A request that puts back config version N of one component (records: its config records, oldest first). */
export function planVersionRevert({
  componentId,
  version,
  records,
  live,
}: {
  componentId: string;
  version: number;
  records: readonly DocumentVersion[];
  live: LiveConfig;
}): RevertPlan {
  const checked = checkVersion(componentId, version, records, live);
  if (!('target' in checked)) throw new AppError(checked.code, checked.reason, { details: { componentId, version } });
  const { target } = checked;
  const current = live!.version;
  const via = target.changeRequestId ? ` It was written by change request ${target.changeRequestId}.` : '';
  return {
    body: {
      title: `Revert ${componentId} to config version ${version}`,
      description: `Puts back config version ${version} of ${componentId}, written by ${writer(target)} at ${formatTime(target.modifiedAt)}, in place of the current version ${current}.${via}`,
      members: [{ target: { componentId }, proposedConfig: target.raw }],
      baseVersions: [current],
    },
    revertOf: { kind: 'version', componentId, version, versionId: target.id, hash: target.hash, fromVersion: current },
  };
}

type MemberRevert = { member: ProposedMember; baseVersion: number | null; line: string; revertOf: JsonObject } | { refusal: string };

function revertMember(request: ChangeRequest, m: ChangeMember, records: readonly DocumentVersion[], live: LiveConfig): MemberRevert {
  const id = m.componentId;
  if (!m.isApplied) return { refusal: `${id} is not written yet (its rollout wave writes it later), so there is nothing of it to revert` };
  if (m.action === 'remove') {
    if (live !== null) return { refusal: `${id} exists again (config version ${live.version}) since ${request.id} removed it` };
    // The life the removal ended (a sync may not have recorded the removal yet): the newest one holding the version the request was based on.
    const life = documentLives(records).findLast((l) => l.writes.some((w) => w.version === m.baseVersion));
    const last = life?.writes.findLast((w) => w.version === m.baseVersion);
    if (!last) return { refusal: `the config ${id} had before ${request.id} removed it (version ${m.baseVersion}) is not in the recorded history` };
    return {
      member: { target: { env: m.env, type: m.type, nickname: m.nickname }, proposedConfig: last.raw },
      baseVersion: null,
      line: `${id} created again with its config version ${m.baseVersion} (the change removed it)`,
      revertOf: { componentId: id, action: m.action, restores: m.baseVersion, versionId: last.id },
    };
  }
  const wrote = m.appliedVersion;
  if (live === null) return { refusal: `${id} has no config now, but ${request.id} wrote its config version ${wrote}` };
  if (live.version !== wrote) return { refusal: `${id} has moved since: ${request.id} wrote config version ${wrote}, and it is now at version ${live.version}` };
  if (m.action === 'create') {
    return {
      member: { target: { componentId: id }, proposedConfig: null },
      baseVersion: live.version,
      line: `${id} removed (the change created it)`,
      revertOf: { componentId: id, action: m.action, removes: live.version },
    };
  }
  const base = currentLife(records).findLast((v) => v.version === m.baseVersion);
  if (!base) return { refusal: `the config ${id} had before ${request.id} (version ${m.baseVersion}) is not in the recorded history` };
  return {
    member: { target: { componentId: id }, proposedConfig: base.raw },
    baseVersion: live.version,
    line: `${id} back to config version ${m.baseVersion} (from version ${live.version})`,
    revertOf: { componentId: id, action: m.action, restores: m.baseVersion, versionId: base.id, fromVersion: live.version },
  };
}

/**
 * One request undoing an applied request or change set. `records` holds each
 * member's config records (oldest first), `live` what SSM holds now.
 */
export function planChangeRevert({
  request,
  appliedAt,
  records,
  live,
}: {
  request: ChangeRequest;
  /** When it was applied (its `applied` event), for the description. */
  appliedAt: string | null;
  records: ReadonlyMap<string, readonly DocumentVersion[]>;
  live: ReadonlyMap<string, LiveConfig>;
}): RevertPlan {
  if (request.status !== 'applied') {
    throw new AppError('conflict', `${request.id} is ${request.status.replace('_', ' ')}: only an applied change can be reverted`, { details: { status: request.status } });
  }
  const planned = request.members.map((m) => revertMember(request, m, records.get(m.componentId) ?? [], live.get(m.componentId) ?? null));
  const refusals = planned.flatMap((p) => ('refusal' in p ? [p.refusal] : []));
  if (refusals.length > 0) {
    throw new AppError('conflict', `${request.id} cannot be reverted: ${refusals.join('; ')}`, { details: { refusals } });
  }
  const members = planned.filter((p): p is Exclude<MemberRevert, { refusal: string }> => !('refusal' in p));
  const when = appliedAt ? `, applied ${formatTime(appliedAt)}` : '';
  return {
    body: {
      title: `Revert "${request.title}"`.slice(0, 200),
      description: [`Undoes change request ${request.id} ("${request.title}"${when}):`, ...members.map((m) => `- ${m.line}`)].join('\n'),
      members: members.map((m) => m.member),
      baseVersions: members.map((m) => m.baseVersion),
    },
    revertOf: { kind: 'change', changeRequestId: request.id, members: members.map((m) => m.revertOf) },
  };
}
