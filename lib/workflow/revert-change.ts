import 'server-only';
import { planChangeRevert, planVersionRevert, type LiveConfig, type RevertPlan } from '@/lib/changes/plan-revert';
import { slotRecords } from '@/lib/history/document-lives';
import { AppError } from '@/lib/model/errors';
import type { DocumentVersion } from '@/lib/model/history';
import { parseComponentId } from '@/lib/model/ids';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { GraphStore } from '@/lib/store/graph-store';
import { configParameterName, parameterStoreFor } from './request-config';
import { getRequestOrThrow } from './review-context';

/**
 * The reads behind a revert (issue 16, point 4): the recorded config
 * versions of each component it touches (the texts to go back to) and what
 * SSM holds for them now (read live: "moved since" is about SSM, not about
 * the last sync). lib/changes/plan-revert.ts decides what is proposed; the
 * change-request service opens it through the same path as every proposal,
 * so it is simulated, validated and approved like any other.
 */

type Deps = { store: GraphStore; sources: ParameterSources };

async function configRecords(store: GraphStore, componentId: string): Promise<DocumentVersion[]> {
  const keys = (await store.readVersionIndex({ componentId })).filter((k) => k.document === 'config');
  return slotRecords(await store.readVersions(keys.map((k) => k.id)), componentId, 'config');
}

async function liveConfig(sources: ParameterSources, componentId: string): Promise<LiveConfig> {
  const target = parseComponentId(componentId);
  if (!target) throw new AppError('bad_request', `"${componentId}" is not a component id`);
  const store = parameterStoreFor(sources, target);
  const now = await store.get(configParameterName(store, target));
  return now ? { version: now.version, raw: now.value } : null;
}

/** What "Revert to version N" proposes for one component. */
export async function planRevertToVersion({ store, sources }: Deps, componentId: string, version: number): Promise<RevertPlan> {
  const [records, live] = await Promise.all([configRecords(store, componentId), liveConfig(sources, componentId)]);
  if (records.length === 0 && live === null) throw new AppError('not_found', `No component ${componentId}, and no config of it is recorded`);
  return planVersionRevert({ componentId, version, records, live });
}

/** What "Revert this change" proposes for an applied request or change set. */
export async function planRevertOfChange({ store, sources }: Deps, requestId: string): Promise<RevertPlan> {
  const request = await getRequestOrThrow(store, requestId);
  // Refused before anything is read when it is not applied.
  if (request.status !== 'applied') return planChangeRevert({ request, appliedAt: null, records: new Map(), live: new Map() });
  const ids = request.members.map((m) => m.componentId);
  const [events, records, live] = await Promise.all([
    store.listEvents({ changeRequestId: request.id }),
    Promise.all(ids.map((id) => configRecords(store, id))),
    Promise.all(ids.map((id) => liveConfig(sources, id))),
  ]);
  return planChangeRevert({
    request,
    appliedAt: events.findLast((e) => e.kind === 'applied')?.at ?? null,
    records: new Map(ids.map((id, i) => [id, records[i]])),
    live: new Map(ids.map((id, i) => [id, live[i]])),
  });
}
