import 'server-only';
import { randomUUID } from 'node:crypto';
import type { AuditEvent, ChangeRequest } from '@/lib/model/change-request';
import { isAppError } from '@/lib/model/errors';
import type { JsonValue } from '@/lib/model/json';
import { componentParameterName, type Parameter } from '@/lib/model/parameters';
import type { Rollout, RolloutMember } from '@/lib/model/rollout';
import type { RolloutSettings } from '@/lib/model/settings';
import type { FieldMirrorTable } from '@/lib/drift/field-mirrors';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { ParameterStore } from '@/lib/params/parameter-store';
import type { GraphStore, LeaseRequest } from '@/lib/store/graph-store';
import { isWaveDone, judgeDeploy, pauseReason, timeoutMinutes } from '@/lib/changes/rollout-progress';
import { blockingMembers } from '@/lib/changes/rollout-policy';
import { applyMemberAtWave } from './apply-at-wave';
import { rolloutEvent } from './audit-event';

/**
 * The rollout driver (ARCHITECTURE.md §6b): every tick, each running
 * rollout is driven by the one instance holding its `rollout:<id>` lease:
 *
 * 1. the wave's waiting members: a change-set member is written now (its
 *    wave, not before: apply-at-wave.ts); each one's config and runtime are
 *    read (GetParameters, 10 names a call); one compare-and-set marks them
 *    all deploying; only then is each deploy asked for (the signed hook, or
 *    the demo's simulated pipeline). A driver that loses the race writes
 *    nothing and asks for nothing, so no member is asked twice.
 * 2. the wave's deploying members: their runtime parameters, 10 a call
 *    (the watch: only members' runtimes, every tick, instead of the whole
 *    estate's periodic sync, which is minutes apart and reads everything);
 *    deployed, failed (mirrors disagree, the pipeline said so, timed out) or
 *    still deploying. Changes are written in one compare-and-set.
 * 3. a failed member pauses the rollout with the reason; a wave whose
 *    members are all deployed or skipped starts the next at once, and after
 *    the last the rollout is completed (and the graph synced).
 *
 * State lives in the graph store only, so a restarted or other instance
 * picks a rollout up where it was once the lease expires.
 */

/** Where a deploy request goes, decided before it is recorded; `ask` sends it. */
export type Deployer = {
  /** The hook as recorded (no query or credentials), `simulator`, or null: no hook, the runtime is only watched for. */
  target(member: RolloutMember): string | null;
  ask(input: DeployAsk): Promise<{ ok: true } | { ok: false; error: string }>;
};

export type DeployAsk = {
  rollout: Rollout;
  member: RolloutMember;
  request: ChangeRequest;
  store: ParameterStore;
  configParameter: string;
  runtimeParameter: string;
  delivery: string;
};

/**
 * What the driver's SSM reads cost: `watchCalls` are the watch's GetParameters
 * calls over the `observed` deploying members (watchCalls / observed is the
 * calls per observed member per tick: 0.1 in full batches), `requestCalls`
 * the reads of configs and runtimes before asking for deploys.
 */
export type WatchStats = { watchCalls: number; requestCalls: number; observed: number; ticks: number };

export type RolloutDriverDeps = {
  store: GraphStore;
  sources: ParameterSources;
  settings: Pick<RolloutSettings, 'tickMs' | 'timeoutMinutes'>;
  mirrors: FieldMirrorTable;
  deployer: Deployer;
  /** After a rollout completes (and after each wave): the graph reads the new runtimes. */
  sync?: () => Promise<unknown>;
  now?: () => Date;
  instanceId?: string;
  stats?: WatchStats;
};

const ACTOR = 'karma';
/** Deploy requests in flight at once per rollout. */
const ASK_CONCURRENCY = 8;
/** GetParameters takes at most 10 names. */
const BATCH = 10;

function event(rollout: Rollout, kind: AuditEvent['kind'], at: Date, note: string, data: Record<string, JsonValue>, componentId?: string): AuditEvent {
  return rolloutEvent(rollout, { kind, actor: ACTOR, at, note, data, componentId });
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

export class RolloutDriver {
  readonly instanceId: string;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Config texts by `parameter@version`: the mirrors are checked against the version deployed, read once. */
  private readonly configTexts = new Map<string, string>();
  /** Rollouts whose lease this instance holds (it keeps them while they run, renewed every tick). */
  private readonly held = new Set<string>();

  constructor(private readonly deps: RolloutDriverDeps) {
    this.now = deps.now ?? (() => new Date());
    this.instanceId = deps.instanceId ?? `instance-${randomUUID()}`;
  }

  /** A lease outlives several ticks, so a slow tick keeps it; a dead instance's is taken over this long after its last tick. */
  get leaseMs(): number {
    return Math.min(Math.max(this.deps.settings.tickMs * 6, 2_000), 60_000);
  }

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.deps.settings.tickMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops ticking and lets go of the rollouts it drives, so another instance takes over at once. */
  async stop(): Promise<void> {
    await this.halt();
    for (const id of this.held) await this.deps.store.releaseLease(this.lease(id)).catch(() => {});
    this.held.clear();
  }

  /** Stops ticking without letting go, as a killed process would: another instance takes over once the leases expire. */
  async halt(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  /** Ticks soon: after an action, a callback, or a simulated deploy. */
  wake(): void {
    if (this.stopped || !this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.tick()
      .catch((error: unknown) => console.error('[karma] rollout tick failed:', error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** One pass over every running rollout (tests call it directly). */
  async tick(): Promise<void> {
    if (this.deps.stats) this.deps.stats.ticks++;
    const running = await this.deps.store.listRollouts({ status: ['running'] });
    for (const rollout of running) {
      if (this.stopped) return;
      await this.drive(rollout.id).catch((error: unknown) => console.error(`[karma] ${rollout.id}: driving failed (the next tick tries again):`, error));
    }
  }

  private lease(id: string): LeaseRequest {
    return { name: `rollout:${id}`, holder: this.instanceId, ttlMs: this.leaseMs };
  }

  private async drive(id: string): Promise<void> {
    if (this.stopped) return;
    const taken = await this.deps.store.acquireLease(this.lease(id));
    if (!taken.acquired) return;
    this.held.add(id);
    let isOver = false;
    try {
      const rollout = await this.deps.store.getRollout(id);
      if (!rollout || rollout.status !== 'running') {
        isOver = true;
        return;
      }
      // A wave done starts the next at once, from the rollout its compare-and-set returned: at most one pass per wave, plus one.
      let current = rollout;
      for (let pass = 0; pass < 10_000 && !this.stopped; pass++) {
        const outcome = await this.step(current);
        if (outcome === 'wait') return;
        if (outcome === 'over') {
          isOver = true;
          return;
        }
        current = outcome;
      }
    } finally {
      if (isOver) {
        this.held.delete(id);
        await this.deps.store.releaseLease(this.lease(id)).catch(() => {});
      }
    }
  }

  /** One step of one rollout: the rollout as it moved on to its next wave (it may move further now), `wait` for the next tick, `over` when it stopped. */
  private async step(rollout: Rollout): Promise<Rollout | 'wait' | 'over'> {
    if (rollout.currentWave > rollout.waves) return (await this.complete(rollout)) ? 'over' : 'wait';
    const wave = rollout.members.filter((m) => m.wave === rollout.currentWave);
    let current = rollout;
    if (wave.some((m) => m.state === 'waiting')) {
      const asked = await this.requestDeploys(current);
      if (!asked) return 'wait';
      current = asked;
    }
    if (current.members.some((m) => m.wave === current.currentWave && m.state === 'deploying')) {
      const observed = await this.observe(current);
      if (!observed) return 'wait';
      current = observed;
    }
    if (blockingMembers(current).length > 0) {
      const reason = pauseReason(current);
      await this.transition(current, { status: 'paused', reason }, [event(current, 'rollout_paused', this.now(), reason, { wave: current.currentWave, reason })]);
      return 'over';
    }
    if (!isWaveDone(current)) return 'wait';
    const next = current.currentWave + 1;
    if (next > current.waves) return (await this.complete(current)) ? 'over' : 'wait';
    const count = current.members.filter((m) => m.wave === next).length;
    const moved = await this.transition(current, { currentWave: next }, [
      event(current, 'rollout_wave_started', this.now(), `Wave ${next} of ${current.waves}: ${count} to deploy`, { wave: next }),
    ]);
    if (!moved) return 'wait';
    // The graph learns the wave's runtimes (drift, the explorer) while the next one deploys.
    void this.deps.sync?.().catch(() => {});
    return moved;
  }

  private async complete(rollout: Rollout): Promise<boolean> {
    const deployed = rollout.members.filter((m) => m.state === 'deployed').length;
    const skipped = rollout.members.filter((m) => m.state === 'skipped').length;
    const note = `Completed: ${deployed} deployed${skipped > 0 ? `, ${skipped} skipped` : ''} in ${rollout.waves} wave${rollout.waves === 1 ? '' : 's'}`;
    const done = await this.transition(rollout, { status: 'completed', reason: null, currentWave: rollout.waves + 1 }, [
      event(rollout, 'rollout_completed', this.now(), note, { deployed, skipped }),
    ]);
    if (done) await this.deps.sync?.().catch(() => {});
    return done !== null;
  }

  /** The compare-and-set; null when someone else moved the rollout first (the next tick reads it again). */
  private async transition(rollout: Rollout, patch: Parameters<GraphStore['transitionRollout']>[0]['patch'], events: AuditEvent[]): Promise<Rollout | null> {
    try {
      return await this.deps.store.transitionRollout({ id: rollout.id, expectedRevision: rollout.revision, patch, events });
    } catch (error) {
      if (isAppError(error) && error.code === 'conflict') return null;
      throw error;
    }
  }

  private storeOf(member: RolloutMember): ParameterStore | null {
    return this.deps.sources.forEnv(member.env) ?? null;
  }

  private names(member: RolloutMember, store: ParameterStore): { config: string; runtime: string } {
    return { config: componentParameterName(store.prefix, member, 'config'), runtime: componentParameterName(store.prefix, member, 'runtime') };
  }

  /** Current versions by env store, GetParameters 10 names a call. */
  private async readMany(members: readonly RolloutMember[], which: Array<'config' | 'runtime'>, purpose: 'request' | 'watch'): Promise<Map<string, Parameter>> {
    const byStore = new Map<ParameterStore, string[]>();
    for (const member of members) {
      const store = this.storeOf(member);
      if (!store) continue;
      const names = this.names(member, store);
      const list = byStore.get(store) ?? [];
      for (const w of which) list.push(names[w]);
      byStore.set(store, list);
    }
    const found = new Map<string, Parameter>();
    for (const [store, names] of byStore) {
      const unique = [...new Set(names)];
      if (this.deps.stats) this.deps.stats[purpose === 'watch' ? 'watchCalls' : 'requestCalls'] += Math.ceil(unique.length / BATCH);
      for (const [name, parameter] of await store.getMany(unique)) found.set(`${store.env}|${name}`, parameter);
    }
    return found;
  }

  /** Step 1. Null when the record lost the race (nothing was asked). */
  private async requestDeploys(rollout: Rollout): Promise<Rollout | null> {
    const waiting = rollout.members.filter((m) => m.wave === rollout.currentWave && m.state === 'waiting');
    const request = await this.deps.store.getChangeRequest(rollout.changeRequestId);
    const failures = new Map<string, string>();
    if (!request) for (const m of waiting) failures.set(m.componentId, `Its change request ${rollout.changeRequestId} is gone`);
    // A change-set member is written at its wave: before its deploy is asked for.
    let wroteConfig = false;
    for (const member of waiting) {
      const change = request?.members.find((m) => m.componentId === member.componentId);
      if (!request || !change || change.isApplied || member.reason !== 'changed') continue;
      const wrote = await applyMemberAtWave({ store: this.deps.store, sources: this.deps.sources, now: this.now }, request, change, {
        rolloutId: rollout.id,
        wave: member.wave,
        holder: `rollout-${this.instanceId}`,
      });
      if (!wrote.ok) failures.set(member.componentId, wrote.error);
      else wroteConfig = true;
    }
    // Karma wrote configs: the graph reads them now, as after an apply, not at the wave's end.
    if (wroteConfig) void this.deps.sync?.().catch(() => {});
    const read = await this.readMany(waiting, ['config', 'runtime'], 'request');
    const now = this.now();
    const events: AuditEvent[] = [];
    const asked: RolloutMember[] = [];
    const members = rollout.members.map((member) => {
      if (member.wave !== rollout.currentWave || member.state !== 'waiting') return member;
      const store = this.storeOf(member);
      const failure = failures.get(member.componentId) ?? (store ? null : `No environment "${member.env}" is configured`);
      if (failure || !store) {
        events.push(
          event(
            rollout,
            'rollout_member_failed',
            now,
            `${member.componentId}: ${failure}`,
            { wave: member.wave, componentId: member.componentId, error: failure },
            member.componentId,
          ),
        );
        return { ...member, state: 'failed' as const, error: failure, attempts: member.attempts + 1 };
      }
      const names = this.names(member, store);
      const config = read.get(`${store.env}|${names.config}`) ?? null;
      const runtime = read.get(`${store.env}|${names.runtime}`) ?? null;
      if (config && member.action !== 'remove') this.configTexts.set(`${store.env}|${names.config}@${config.version}`, config.value);
      const minutes = timeoutMinutes(member.type, this.deps.settings);
      const target = this.deps.deployer.target(member);
      const next: RolloutMember = {
        ...member,
        state: 'deploying',
        configVersion: member.action === 'remove' ? null : (config?.version ?? null),
        configPublishedAt: member.action === 'remove' ? null : (config?.modifiedAt ?? null),
        runtimeBefore: runtime?.version ?? null,
        requestedAt: now.toISOString(),
        deadline: new Date(now.getTime() + minutes * 60_000).toISOString(),
        observedRuntimeVersion: null,
        observedAt: null,
        error: null,
        attempts: member.attempts + 1,
        delivery: target ? `rd:${randomUUID()}` : null,
        hook: target,
        report: null,
      };
      const what = member.action === 'remove' ? 'destroy' : `deploy config v${next.configVersion ?? '?'}`;
      const how = target ? `asked ${target} to ${what}` : `no deploy hook: watching for its runtime (${what})`;
      events.push(
        event(
          rollout,
          'rollout_deploy_requested',
          now,
          `${member.componentId}: ${how}`,
          {
            wave: member.wave,
            componentId: member.componentId,
            configVersion: next.configVersion,
            runtimeBefore: next.runtimeBefore,
            hook: target,
            delivery: next.delivery,
            attempt: next.attempts,
          },
          member.componentId,
        ),
      );
      asked.push(next);
      return next;
    });
    const recorded = await this.transition(rollout, { members }, events);
    if (!recorded) return null;
    if (!request) return recorded;
    // Recorded first, asked after: whoever lost the record asks for nothing.
    const refused = new Map<string, string>();
    await inBatches(
      asked.filter((m) => m.hook !== null),
      ASK_CONCURRENCY,
      async (member) => {
        const store = this.storeOf(member)!;
        const names = this.names(member, store);
        const answer = await this.deps.deployer
          .ask({ rollout: recorded, member, request, store, configParameter: names.config, runtimeParameter: names.runtime, delivery: member.delivery! })
          .catch((error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }));
        if (!answer.ok) refused.set(member.componentId, answer.error);
      },
    );
    if (refused.size === 0) return recorded;
    return this.failMembers(recorded, refused, 'The deploy request failed');
  }

  /** Marks members failed (one compare-and-set, re-read on a race); null when the rollout is gone. */
  async failMembers(rollout: Rollout, errors: ReadonlyMap<string, string>, lead: string): Promise<Rollout | null> {
    let current: Rollout | null = rollout;
    for (let attempt = 0; attempt < 5 && current; attempt++) {
      const now = this.now();
      const events: AuditEvent[] = [];
      const members = current.members.map((m) => {
        const error = errors.get(m.componentId);
        if (error === undefined || m.state !== 'deploying') return m;
        events.push(event(current!, 'rollout_member_failed', now, `${m.componentId}: ${lead}: ${error}`, { wave: m.wave, componentId: m.componentId, error }, m.componentId));
        return { ...m, state: 'failed' as const, error: `${lead}: ${error}` };
      });
      if (events.length === 0) return current;
      const done = await this.transition(current, { members }, events);
      if (done) return done;
      current = await this.deps.store.getRollout(rollout.id);
    }
    return current;
  }

  private async configText(member: RolloutMember, store: ParameterStore, name: string): Promise<string | null> {
    if (member.configVersion === null) return null;
    const key = `${store.env}|${name}@${member.configVersion}`;
    const known = this.configTexts.get(key);
    if (known !== undefined) return known;
    // Another instance asked for this deploy: read the version once (the current one, or from the history).
    const current = await store.get(name);
    const text = current?.version === member.configVersion ? current.value : ((await store.history(name)).find((v) => v.version === member.configVersion)?.value ?? null);
    if (text !== null) this.configTexts.set(key, text);
    return text;
  }

  /** Step 2. Null when the record lost the race. */
  private async observe(rollout: Rollout): Promise<Rollout | null> {
    const deploying = rollout.members.filter((m) => m.wave === rollout.currentWave && m.state === 'deploying');
    if (this.deps.stats) this.deps.stats.observed += deploying.length;
    const read = await this.readMany(deploying, ['runtime'], 'watch');
    const now = this.now();
    const verdicts = new Map<string, ReturnType<typeof judgeDeploy>>();
    for (const member of deploying) {
      const store = this.storeOf(member);
      if (!store) continue;
      const names = this.names(member, store);
      const runtime = read.get(`${store.env}|${names.runtime}`) ?? null;
      // The config text matters only once a runtime is there to compare.
      const isCandidate = runtime !== null && (member.runtimeBefore === null || runtime.version > member.runtimeBefore);
      const configText = isCandidate ? await this.configText(member, store, names.config) : null;
      verdicts.set(member.componentId, judgeDeploy(member, { runtime, configText }, { mirrors: this.deps.mirrors, now }));
    }
    const events: AuditEvent[] = [];
    const members = rollout.members.map((member) => {
      const verdict = verdicts.get(member.componentId);
      if (!verdict || verdict.state === 'deploying' || member.state !== 'deploying') return member;
      if (verdict.state === 'deployed') {
        events.push(
          event(
            rollout,
            'rollout_member_deployed',
            now,
            `${member.componentId}: deployed (${verdict.note})`,
            {
              wave: member.wave,
              componentId: member.componentId,
              runtimeVersion: verdict.observedRuntimeVersion,
              observedAt: verdict.observedAt,
            },
            member.componentId,
          ),
        );
        return { ...member, state: 'deployed' as const, observedRuntimeVersion: verdict.observedRuntimeVersion, observedAt: verdict.observedAt, error: null };
      }
      events.push(
        event(
          rollout,
          'rollout_member_failed',
          now,
          `${member.componentId}: ${verdict.error}`,
          { wave: member.wave, componentId: member.componentId, error: verdict.error },
          member.componentId,
        ),
      );
      return { ...member, state: 'failed' as const, observedRuntimeVersion: verdict.observedRuntimeVersion, observedAt: verdict.observedAt, error: verdict.error };
    });
    // Nothing seen: nothing written (a quiet tick costs the store no write).
    if (events.length === 0) return rollout;
    return this.transition(rollout, { members }, events);
  }
}
