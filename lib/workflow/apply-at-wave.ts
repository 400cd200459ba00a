import 'server-only';
import type { AuditEvent, ChangeMember, ChangeRequest } from '@/lib/model/change-request';
import { isAppError } from '@/lib/model/errors';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { GraphStore } from '@/lib/store/graph-store';
import { APPLY_LEASE_MS } from '@/lib/changes/apply-claim';
import { checkMembers, MemberStaleError, writeMember } from './apply-change';
import { newEvent } from './audit-event';
import { configParameterName, parameterStoreFor } from './request-config';

/**
 * A member of a change set that depends on another member is written at its
 * wave of the rollout, not by the apply (ARCHITECTURE.md §6b). The apply's
 * own guard and write (apply-change.ts checkMembers, writeMember), for one member: under the component's apply
 * lease, at its base version → written once, named after the request; past
 * it with this request's own write in the history → that write is recorded;
 * anything else → it moved since approval, nothing is written. The write is
 * then recorded on the request (a compare-and-set on its revision, the
 * request staying `applied`).
 */

export type WaveWrite = { ok: true; version: number | null; isRecovered: boolean } | { ok: false; error: string };

export async function applyMemberAtWave(
  deps: { store: GraphStore; sources: ParameterSources; now: () => Date },
  request: ChangeRequest,
  member: ChangeMember,
  { rolloutId, wave, holder }: { rolloutId: string; wave: number; holder: string },
): Promise<WaveWrite> {
  if (member.isApplied) return { ok: true, version: member.appliedVersion, isRecovered: true };
  const lease = { name: `apply:${member.componentId}`, holder: `${request.id}#${holder}`, ttlMs: APPLY_LEASE_MS, takeOverPrefix: `${request.id}#` };
  const taken = await deps.store.acquireLease(lease);
  if (!taken.acquired) return { ok: false, error: `${taken.holder.split('#')[0]} is being applied to ${member.componentId}: nothing was written; retry once it is done` };
  try {
    const store = parameterStoreFor(deps.sources, member);
    const parameter = configParameterName(store, member);
    let written: { version: number | null; isRecovered: boolean };
    try {
      // The apply's own guard, for this one member: to write, written already by this request, or moved.
      const [checked] = await checkMembers(request, [member], deps);
      written = checked.done ? { version: checked.done.version, isRecovered: true } : await writeMember(checked, request, request.author);
    } catch (error) {
      if (error instanceof MemberStaleError) {
        const now = error.actualVersion;
        if (member.action === 'remove')
          return { ok: false, error: `${member.componentId} is at config version ${now}, not ${member.baseVersion} as approved: nothing was removed` };
        const was = member.baseVersion === null ? 'no config' : `version ${member.baseVersion}`;
        return { ok: false, error: `${member.componentId} moved since approval (now ${now === null ? 'no config' : `version ${now}`}, approved on ${was}): nothing was written` };
      }
      return { ok: false, error: `Writing ${parameter} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    await recordOnRequest(deps, request.id, member.componentId, written, { rolloutId, wave, parameter });
    return { ok: true, ...written };
  } finally {
    await deps.store.releaseLease(lease).catch(() => {});
  }
}

/** The member's write on its request; a few tries against other transitions of the request (comments do not move it). */
async function recordOnRequest(
  deps: { store: GraphStore; now: () => Date },
  id: string,
  componentId: string,
  written: { version: number | null; isRecovered: boolean },
  { rolloutId, wave, parameter }: { rolloutId: string; wave: number; parameter: string },
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const request = await deps.store.getChangeRequest(id);
    if (!request) return;
    const member = request.members.find((m) => m.componentId === componentId);
    if (!member || member.isApplied) return;
    const note = written.version === null ? `Removed ${parameter} at wave ${wave} of its rollout` : `Wrote ${parameter} version ${written.version} at wave ${wave} of its rollout`;
    const event: AuditEvent = {
      ...newEvent(request, {
        kind: 'applied',
        actor: 'karma',
        at: deps.now(),
        note,
        data: { status: 'applied', rolloutId, wave, componentId, version: written.version, recovered: written.isRecovered },
      }),
      componentId,
    };
    try {
      await deps.store.transitionChangeRequest({
        id,
        expectedStatus: request.status,
        expectedRevision: request.revision,
        patch: { members: request.members.map((m) => (m.componentId === componentId ? { ...m, isApplied: true, appliedVersion: written.version } : m)) },
        event,
      });
      return;
    } catch (error) {
      if (!isAppError(error) || error.code !== 'conflict') throw error;
    }
  }
}
