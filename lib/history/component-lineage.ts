/**
 * Builds one component's lineage (lib/model/component-lineage.ts) from what
 * Karma recorded: the history's versions and drift transitions, the change
 * requests that list the component and their events, and the rollouts it
 * was in. Two named steps, each pure:
 *
 * 1. `buildTimeline`: every record as an entry, newest first.
 * 2. `buildChain`: the live runtime's lineage. The deployed config version
 *    is drift's (lib/drift/lineage.ts computeLineage, given the recorded
 *    versions of the current life as its histories); the change request is
 *    the one the version record names, else the one member whose apply
 *    wrote that version of this component (opened before it was written);
 *    the commit and approvers are that request's. Whatever cannot be told
 *    is `unknown` with the reason: never a guess.
 *
 * `buildComponentLineage` runs both and lists the config versions with
 * whether each may be reverted to (lib/changes/plan-revert.ts).
 */
import { changeSegment } from '@/lib/changes/change-id';
import { versionRevertAvailability, type LiveConfig } from '@/lib/changes/plan-revert';
import { rolloutSegment } from '@/lib/changes/rollout-id';
import { formatTime, shortUser } from '@/lib/drift/format';
import { computeLineage } from '@/lib/drift/lineage';
import { diffJson } from '@/lib/json/diff-json';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import type { AuditEvent, ChangeRequest, EventKind } from '@/lib/model/change-request';
import type {
  ChainApprover,
  ChainChange,
  ChainCommit,
  ChainConfig,
  ChainLink,
  ChainRuntime,
  ComponentLineage,
  LineageChain,
  LineageConfigVersion,
  RevertAvailability,
  TimelineEntry,
  TimelineLink,
} from '@/lib/model/component-lineage';
import { TIMELINE_KINDS } from '@/lib/model/component-lineage';
import type { Component, DriftStatus } from '@/lib/model/graph';
import type { DocumentVersion, DriftTransition, HistoryDocument } from '@/lib/model/history';
import { isJsonObject } from '@/lib/model/json';
import type { ParameterVersion } from '@/lib/model/parameters';
import type { Rollout, RolloutMember } from '@/lib/model/rollout';
import { currentLife, documentLives, slotRecords } from './document-lives';

/** The component as the graph has it now (the parts the lineage reads). */
export type ComponentNow = Pick<Component, 'configRaw' | 'configVersion' | 'configModifiedAt' | 'configModifiedBy' | 'runtimeRaw' | 'runtimeVersion' | 'runtimeModifiedAt'> & {
  drift: DriftStatus | null;
};

export type LineageInput = {
  componentId: string;
  /** In the graph now; null when it is not (gone, or not synced yet). */
  component: ComponentNow | null;
  /** Its recorded versions, both documents, any order. */
  versions: readonly DocumentVersion[];
  transitions: readonly DriftTransition[];
  /** Its own events and those of every request listing it as a member (duplicates are fine). */
  events: readonly AuditEvent[];
  /** Every request listing it as a member, and any other a version record names. */
  requests: readonly ChangeRequest[];
  /** The rollouts it was in (a member or a dependent). */
  rollouts: readonly Rollout[];
  /** The forge's page of a commit (the config repo's commitUrl template); null without one. */
  commitUrl: (sha: string) => string | null;
  /** Whether the viewer may propose at all (the role): the reverts' first condition. */
  mayPropose: RevertAvailability;
  isBackfilling: boolean;
  now: Date;
};

const enc = encodeURIComponent;
const componentHref = (id: string) => `/components/${enc(id)}`;
const changeLink = (id: string): TimelineLink => ({ href: `/changes/${changeSegment(id)}`, label: 'Change request', isExternal: false });
const rolloutLink = (id: string): TimelineLink => ({ href: `/rollouts/${rolloutSegment(id)}`, label: 'Rollout', isExternal: false });
const driftLink = (id: string): TimelineLink => ({ href: `/drift/${enc(id)}`, label: 'Drift details', isExternal: false });

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const writerOf = (record: Pick<DocumentVersion, 'modifiedBy'> | null | undefined) => shortUser(record?.modifiedBy ?? null) ?? 'an unrecorded writer';
/** `cr:2a89909c-1921-…` → `cr:2a89909c`: enough to tell requests apart in a sentence; their own entries link them. */
const shortRequest = (id: string) => id.slice(0, 11);
const quoted = (request: Pick<ChangeRequest, 'title'> | undefined, id: string | null) => (request ? `"${request.title}"` : (id ?? 'a change request'));

/** `rollout_member_deployed` → `Rollout member deployed`. */
function humanise(kind: EventKind): string {
  const words = kind.replaceAll('_', ' ');
  return words[0].toUpperCase() + words.slice(1);
}

function rolloutIdOf(event: AuditEvent): string | null {
  return isJsonObject(event.data) && typeof event.data.rolloutId === 'string' ? event.data.rolloutId : null;
}

/** Whole-rollout events worth showing on a member's timeline (the others are about waves it is not in). */
const ROLLOUT_WIDE: ReadonlySet<EventKind> = new Set(['rollout_paused', 'rollout_resumed', 'rollout_aborted', 'rollout_completed']);

/** The member's share of its requests' trails: their own events, and the rollout events about it or the whole rollout. */
function relevantEvents(componentId: string, events: readonly AuditEvent[], rollouts: ReadonlyMap<string, Rollout>): AuditEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (seen.has(event.id)) return false;
    seen.add(event.id);
    const rolloutId = rolloutIdOf(event);
    if (rolloutId === null) return true;
    // The rollout's start is shown from the rollout itself, with where this component stands in it.
    if (event.kind === 'rollout_started') return false;
    if (event.componentId === componentId) return true;
    if (event.componentId !== null) return false;
    if (ROLLOUT_WIDE.has(event.kind)) return true;
    const member = rollouts.get(rolloutId)?.members.find((m) => m.componentId === componentId);
    return event.kind === 'rollout_wave_started' && member !== undefined && isJsonObject(event.data) && event.data.wave === member.wave;
  });
}

function fieldSummary(before: string | null, after: string): string {
  const parsed = parseStrictJson(after);
  if (!parsed.ok) return 'Not valid JSON';
  if (before === null) return 'First version';
  const previous = parseStrictJson(before);
  if (!previous.ok) return 'Valid JSON again';
  const changes = diffJson(previous.value, parsed.value);
  if (changes.length === 0) return 'Same JSON as the version before';
  const shown = changes.slice(0, 3).map((c) => c.path || '(the whole document)');
  const more = changes.length > 3 ? ` and ${changes.length - 3} more` : '';
  return `${changes.length} field${changes.length === 1 ? '' : 's'} changed: ${shown.join(', ')}${more}`;
}

function documentEntries(componentId: string, document: HistoryDocument, records: readonly DocumentVersion[], configRecords: readonly DocumentVersion[]): TimelineEntry[] {
  const current = new Set(currentLife(records).map((r) => r.id));
  const entries: TimelineEntry[] = [];
  for (const life of documentLives(records)) {
    life.writes.forEach((record, i) => {
      const previous = i > 0 ? life.writes[i - 1] : null;
      const detail = document === 'config' ? fieldSummary(previous?.raw ?? null, record.raw!) : fromConfigDetail(record, configRecords);
      const via = record.changeRequestId ? ` · written by ${shortRequest(record.changeRequestId)}` : '';
      let link: TimelineLink | null = null;
      if (document === 'config' && previous && current.has(record.id)) {
        link = { href: `${componentHref(componentId)}?diff=${record.version}#component-history`, label: `Diff with version ${previous.version}`, isExternal: false };
      } else if (document === 'runtime' && current.has(record.id)) {
        link = driftLink(componentId);
      }
      entries.push({
        id: `${document}:${record.id}`,
        kind: document,
        at: record.modifiedAt,
        title: `${document === 'config' ? 'Config' : 'Runtime'} version ${record.version}${i === 0 && entries.length > 0 ? ' (created again)' : ''}`,
        actor: record.modifiedBy,
        detail: `${detail}${via}`,
        link,
        version: record.version,
        changeRequestId: record.changeRequestId,
        eventKind: null,
      });
    });
    if (life.removedBy) {
      const last = life.writes[life.writes.length - 1];
      entries.push({
        id: `${document}:${life.removedBy.id}`,
        kind: document,
        at: life.removedBy.modifiedAt,
        title: `${document === 'config' ? 'Config' : 'Runtime'} removed`,
        actor: life.removedBy.modifiedBy,
        detail: last ? `After version ${last.version}` : null,
        link: null,
        version: life.removedBy.version,
        changeRequestId: life.removedBy.changeRequestId,
        eventKind: null,
      });
    }
  }
  return entries;
}

/** The config version in place when a runtime was written: the newest config write of the life then going on, not after it. */
function configVersionAt(at: string, configRecords: readonly DocumentVersion[]): number | null {
  const t = ms(at);
  let found: number | null = null;
  for (const record of configRecords) {
    if (!(ms(record.modifiedAt) <= t)) break;
    found = record.raw === null ? null : record.version;
  }
  return found;
}

function fromConfigDetail(record: DocumentVersion, configRecords: readonly DocumentVersion[]): string {
  const version = configVersionAt(record.modifiedAt, configRecords);
  return version === null ? 'No config version was published before it' : `Deployed from config version ${version} (the newest published before it)`;
}

function commitEntries(input: LineageInput, events: readonly AuditEvent[], requests: ReadonlyMap<string, ChangeRequest>): TimelineEntry[] {
  const entries = new Map<string, TimelineEntry>();
  const add = (sha: string, at: string, actor: string | null, changeRequestId: string | null, branch: string | null) => {
    if (entries.has(sha)) return;
    const request = changeRequestId ? requests.get(changeRequestId) : undefined;
    const url = input.commitUrl(sha);
    entries.set(sha, {
      id: `commit:${sha}`,
      kind: 'commit',
      at,
      title: `Commit ${sha.slice(0, 7)}${branch ? ` on ${branch}` : ''}`,
      actor,
      detail: changeRequestId ? `For ${quoted(request, changeRequestId)}` : null,
      link: url ? { href: url, label: 'Commit', isExternal: true } : changeRequestId ? changeLink(changeRequestId) : null,
      version: null,
      changeRequestId,
      eventKind: 'git_committed',
    });
  };
  for (const event of events) {
    if (event.kind !== 'git_committed' || !isJsonObject(event.data) || typeof event.data.commit !== 'string') continue;
    add(event.data.commit, event.at, event.actor, event.changeRequestId, typeof event.data.branch === 'string' ? event.data.branch : null);
  }
  // Commits whose event is missing (an apply recovered after a crash) are known from the request, or the version record.
  for (const request of requests.values()) {
    if (request.gitCommit && request.members.some((m) => m.componentId === input.componentId))
      add(request.gitCommit, request.updatedAt, request.author, request.id, request.git?.branch ?? null);
  }
  for (const record of input.versions) if (record.gitCommit) add(record.gitCommit, record.modifiedAt, record.modifiedBy, record.changeRequestId, null);
  return [...entries.values()];
}

function eventEntry(event: AuditEvent, requests: ReadonlyMap<string, ChangeRequest>): TimelineEntry {
  const rolloutId = rolloutIdOf(event);
  const request = event.changeRequestId ? requests.get(event.changeRequestId) : undefined;
  const revertOf = event.kind === 'proposed' && isJsonObject(event.data) && isJsonObject(event.data.revertOf) ? event.data.revertOf : null;
  const reverts = revertOf === null ? null : revertOf.kind === 'version' ? `Reverts to config version ${String(revertOf.version)}` : `Reverts ${String(revertOf.changeRequestId)}`;
  const note = event.note && event.note !== request?.title ? event.note : null;
  return {
    id: `event:${event.id}`,
    kind: rolloutId === null ? 'change' : 'rollout',
    at: event.at,
    title: `${humanise(event.kind)} · ${quoted(request, event.changeRequestId)}`,
    actor: event.actor,
    detail: [reverts, note].filter((s) => s !== null).join(' · ') || null,
    link: rolloutId !== null ? rolloutLink(rolloutId) : event.changeRequestId ? changeLink(event.changeRequestId) : null,
    version: null,
    changeRequestId: event.changeRequestId,
    eventKind: event.kind,
  };
}

const REASON: Record<RolloutMember['reason'], string> = { changed: 'a member of the change', must_redeploy: 'a dependent that must redeploy' };

function rolloutEntry(componentId: string, rollout: Rollout): TimelineEntry {
  const member = rollout.members.find((m) => m.componentId === componentId);
  const where = member ? `Here: ${REASON[member.reason]}, wave ${member.wave} of ${rollout.waves}, ${member.state}` : `${rollout.waves} waves`;
  return {
    id: `rollout:${rollout.id}`,
    kind: 'rollout',
    at: rollout.createdAt,
    title: `Rollout started · "${rollout.title}"`,
    actor: rollout.startedBy,
    detail: `${where}; the rollout is ${rollout.status}`,
    link: rolloutLink(rollout.id),
    version: member?.configVersion ?? null,
    changeRequestId: rollout.changeRequestId,
    eventKind: 'rollout_started',
  };
}

const STATUS_WORD = (s: DriftStatus | null) => (s === null ? 'none' : s.replaceAll('_', ' '));

function driftEntry(componentId: string, t: DriftTransition): TimelineEntry {
  const title = t.to === null ? 'Gone from the estate' : t.from === null ? `First seen: ${STATUS_WORD(t.to)}` : `Drift: ${STATUS_WORD(t.from)} → ${STATUS_WORD(t.to)}`;
  return {
    id: `drift:${t.id}`,
    kind: 'drift',
    at: t.at,
    title,
    actor: null,
    detail: t.reason,
    link: t.to === null ? null : driftLink(componentId),
    version: null,
    changeRequestId: null,
    eventKind: null,
  };
}

/** Newest first; entries of one instant in the order of TIMELINE_KINDS, then by id, so the order never depends on the input's. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  const [ta, tb] = [ms(a.at), ms(b.at)];
  if (Number.isNaN(ta) !== Number.isNaN(tb)) return Number.isNaN(ta) ? 1 : -1;
  return tb - ta || 0 || TIMELINE_KINDS.indexOf(a.kind) - TIMELINE_KINDS.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Step 1: every record about the component as a timeline entry, newest first. */
export function buildTimeline(input: LineageInput): TimelineEntry[] {
  const { componentId } = input;
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const rollouts = new Map(input.rollouts.map((r) => [r.id, r]));
  const config = slotRecords(input.versions, componentId, 'config');
  const runtime = slotRecords(input.versions, componentId, 'runtime');
  const events = relevantEvents(componentId, input.events, rollouts);
  return [
    ...documentEntries(componentId, 'config', config, config),
    ...documentEntries(componentId, 'runtime', runtime, config),
    ...commitEntries(input, events, requests),
    ...events.filter((e) => e.kind !== 'git_committed').map((e) => eventEntry(e, requests)),
    ...input.rollouts.map((r) => rolloutEntry(componentId, r)),
    ...input.transitions.filter((t) => t.componentId === componentId).map((t) => driftEntry(componentId, t)),
  ].sort(compareEntries);
}

const known = <T>(value: T): ChainLink<T> => ({ status: 'known', value });
const unknown = <T>(reason: string): ChainLink<T> => ({ status: 'unknown', reason });

function asParameterVersions(records: readonly DocumentVersion[]): ParameterVersion[] {
  return records.map((r) => ({ version: r.version, value: r.raw!, modifiedAt: r.modifiedAt, modifiedBy: r.modifiedBy ?? '', description: r.description ?? undefined }));
}

/** The component now: the graph's, else what the history's current lives say (a component not synced since, or gone). */
function componentNow(input: LineageInput, config: readonly DocumentVersion[], runtime: readonly DocumentVersion[]): ComponentNow {
  if (input.component) return input.component;
  const c = config.at(-1) ?? null;
  const r = runtime.at(-1) ?? null;
  return {
    configRaw: c?.raw ?? null,
    configVersion: c?.version ?? null,
    configModifiedAt: c?.modifiedAt ?? null,
    configModifiedBy: c?.modifiedBy ?? null,
    runtimeRaw: r?.raw ?? null,
    runtimeVersion: r?.version ?? null,
    runtimeModifiedAt: r?.modifiedAt ?? null,
    drift: null,
  };
}

/**
 * The request that wrote config version `record` of this component: the one
 * the record names, else the only member whose apply wrote this version and
 * that was opened before it was written. A reason when none or several.
 */
function writerRequest(componentId: string, record: DocumentVersion, requests: readonly ChangeRequest[]): { request: ChangeRequest } | { reason: string } {
  if (record.changeRequestId) {
    const named = requests.find((r) => r.id === record.changeRequestId);
    return named ? { request: named } : { reason: `Config version ${record.version} names change request ${record.changeRequestId}, which Karma does not hold` };
  }
  const candidates = requests.filter(
    (r) => r.members.some((m) => m.componentId === componentId && m.appliedVersion === record.version) && !(ms(r.createdAt) > ms(record.modifiedAt)),
  );
  if (candidates.length === 1) return { request: candidates[0] };
  if (candidates.length > 1) {
    return { reason: `${candidates.map((r) => r.id).join(' and ')} each say they wrote config version ${record.version}, so which one did cannot be told` };
  }
  return { reason: `No Karma change request wrote config version ${record.version}: ${writerOf(record)} wrote it at ${formatTime(record.modifiedAt)}, outside Karma` };
}

function approversOf(request: ChangeRequest, events: readonly AuditEvent[]): ChainApprover[] {
  const approvals = events.filter((e) => e.changeRequestId === request.id && e.kind === 'approved');
  const seen = new Set<string>();
  const list: ChainApprover[] = [];
  for (const e of approvals) {
    if (seen.has(e.actor)) continue;
    seen.add(e.actor);
    list.push({ actor: e.actor, at: e.at, comment: e.note });
  }
  for (const actor of request.approvals) if (!seen.has(actor)) list.push({ actor, at: null, comment: '' });
  return list;
}

type ChainResult = { chain: LineageChain; states: Map<number, LineageConfigVersion['state']>; notes: string[] };

/** Step 2: the live runtime ← its config version ← commit ← change request ← approvers. */
export function buildChain(input: LineageInput): ChainResult {
  const { componentId } = input;
  const configRecords = slotRecords(input.versions, componentId, 'config');
  const config = currentLife(configRecords);
  const runtime = currentLife(slotRecords(input.versions, componentId, 'runtime'));
  const c = componentNow(input, config, runtime);
  const computed = computeLineage({
    component: c,
    configHistory: config.length > 0 ? asParameterVersions(config) : undefined,
    runtimeHistory: runtime.length > 0 ? asParameterVersions(runtime) : undefined,
    now: input.now,
  });
  const { lineage } = computed;
  const states = new Map(lineage.configVersions.map((v) => [v.version, v.state]));
  const notes = [...lineage.notes];
  const gone = input.component === null && c.configRaw === null && c.runtimeRaw === null;

  const runtimeRecord = runtime.findLast((r) => r.version === c.runtimeVersion);
  const runtimeLink: ChainLink<ChainRuntime> =
    c.runtimeRaw === null || c.runtimeVersion === null
      ? unknown(
          gone
            ? `${componentId} is no longer in the estate, so nothing of it is live`
            : `${componentId} has no runtime: it has not been deployed, or Terraform has not written its outputs`,
        )
      : known({ version: c.runtimeVersion, modifiedAt: c.runtimeModifiedAt, modifiedBy: runtimeRecord?.modifiedBy ?? null });

  let configLink: ChainLink<ChainConfig>;
  let record: DocumentVersion | undefined;
  if (runtimeLink.status === 'unknown') {
    configLink = unknown(c.configVersion === null ? 'Nothing is deployed' : `Nothing is deployed, so no config version is live (the current one is version ${c.configVersion})`);
  } else if (c.configRaw === null || c.configVersion === null) {
    configLink = unknown(`${componentId} has no config parameter: a runtime without one was not deployed from a config Karma knows`);
  } else if (lineage.deployedConfigVersion === null) {
    configLink = unknown(computed.unknownDeployed ?? 'Which config version is deployed cannot be told');
  } else {
    const version = lineage.deployedConfigVersion;
    record = config.findLast((r) => r.version === version);
    configLink = known({
      version,
      modifiedAt: lineage.deployedConfigModifiedAt,
      modifiedBy: record?.modifiedBy ?? (version === c.configVersion ? c.configModifiedBy : null),
      isCurrent: version === c.configVersion,
      pending: lineage.between.map((v) => v.version),
    });
  }

  let changeLinkValue: ChainLink<ChainChange>;
  let commit: ChainLink<ChainCommit>;
  let approvers: ChainLink<ChainApprover[]>;
  if (configLink.status === 'unknown') {
    const reason = 'The deployed config version is not known';
    [changeLinkValue, commit, approvers] = [unknown(reason), unknown(reason), unknown(reason)];
  } else if (!record) {
    const reason = `Config version ${configLink.value.version} is not in the recorded history${input.isBackfilling ? ' yet: SSM’s history of it is still being read' : ''}`;
    [changeLinkValue, commit, approvers] = [unknown(reason), unknown(reason), unknown(reason)];
  } else {
    const writer = writerRequest(componentId, record, input.requests);
    if ('request' in writer) {
      const request = writer.request;
      const applied = input.events.find((e) => e.changeRequestId === request.id && e.kind === 'applied');
      changeLinkValue = known({ id: request.id, title: request.title, author: request.author, status: request.status, appliedAt: applied?.at ?? null });
      commit = request.gitCommit
        ? known({ sha: request.gitCommit, url: input.commitUrl(request.gitCommit), branch: request.git?.branch ?? null, role: 'committed' })
        : request.kind === 'publish' && request.git
          ? known({ sha: request.git.commit, url: input.commitUrl(request.git.commit), branch: request.git.branch, role: 'published_from' })
          : record.gitCommit
            ? known({ sha: record.gitCommit, url: input.commitUrl(record.gitCommit), branch: null, role: 'committed' })
            : unknown(
                request.git === null
                  ? `${request.id} was applied without a writable config repo: it wrote SSM only, no commit`
                  : `${request.id} recorded no commit (its push was not recorded)`,
              );
      const list = approversOf(request, input.events);
      approvers = list.length > 0 ? known(list) : unknown(`${request.id} records no approvals`);
    } else {
      changeLinkValue = unknown(writer.reason);
      commit = record.gitCommit
        ? known({ sha: record.gitCommit, url: input.commitUrl(record.gitCommit), branch: null, role: 'committed' })
        : unknown(`No commit is recorded for config version ${record.version}`);
      approvers = unknown('No change request is known, so no approvals are');
    }
  }

  const removals = documentLives(configRecords).flatMap((l) => (l.removedBy ? [l.removedBy] : []));
  if (removals.length > 0) {
    notes.push(
      `The config was removed ${removals.length === 1 ? 'once' : `${removals.length} times`} (last at ${formatTime(removals[removals.length - 1].modifiedAt)})` +
        (config.length > 0 ? ': SSM numbered it from 1 again, so versions of an earlier life are in the timeline only' : ''),
    );
  }
  return { chain: { runtime: runtimeLink, config: configLink, commit, change: changeLinkValue, approvers }, states, notes };
}

function isJsonText(raw: string): boolean {
  return parseStrictJson(raw).ok;
}

/** The timeline, the chain and the current life's config versions (newest first), with what may be reverted to. */
export function buildComponentLineage(input: LineageInput): ComponentLineage {
  const { componentId } = input;
  const configRecords = slotRecords(input.versions, componentId, 'config');
  const config = currentLife(configRecords);
  const { chain, states, notes } = buildChain(input);
  const live: LiveConfig =
    input.component?.configRaw != null && input.component.configVersion !== null ? { version: input.component.configVersion, raw: input.component.configRaw } : null;
  const configVersions: LineageConfigVersion[] = config
    .map((record) => {
      const writer = writerRequest(componentId, record, input.requests);
      return {
        version: record.version,
        modifiedAt: record.modifiedAt,
        modifiedBy: record.modifiedBy,
        hash: record.hash,
        isJson: isJsonText(record.raw!),
        isCurrent: live !== null && record.version === live.version,
        state: states.get(record.version) ?? 'unknown',
        changeRequestId: 'request' in writer ? writer.request.id : null,
        gitCommit: ('request' in writer ? writer.request.gitCommit : null) ?? record.gitCommit,
        revert: input.mayPropose.allowed ? versionRevertAvailability(componentId, record.version, configRecords, live) : input.mayPropose,
      };
    })
    .reverse();
  if (input.isBackfilling) notes.push('SSM’s history of this component is still being read: older versions may still appear');
  return {
    id: componentId,
    exists: input.component !== null,
    timeline: buildTimeline(input),
    chain,
    configVersions,
    drift: input.component?.drift ?? null,
    isBackfilling: input.isBackfilling,
    notes,
  };
}
