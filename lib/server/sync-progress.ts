import type { SyncProgress, SyncTriggerName } from '@/lib/model/sync';
import type { ParameterSources } from '@/lib/params/create-parameter-sources';
import type { ParameterStore } from '@/lib/params/parameter-store';
import { pagesFor } from './sync-interval';

/**
 * Where this instance's sync is (lib/model/sync.ts SyncProgress), kept by
 * GraphService as the sync goes and read by `GET /api/graph/sync`; listeners
 * (live events) hear each step. It also remembers how many GetParametersByPath
 * pages the last full read took, which the background schedule is sized by.
 */
export class SyncProgressTracker {
  private state: SyncProgress | null = null;
  private counts: number[] = [];
  private lastPagesRead: number | null = null;
  private readonly listeners = new Set<(progress: SyncProgress) => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** A copy of the current (or last) sync's progress; null before the first. */
  get current(): SyncProgress | null {
    return this.state && { ...this.state, environments: { ...this.state.environments } };
  }

  get isRunning(): boolean {
    return this.state !== null && this.state.phase !== 'done' && this.state.phase !== 'failed';
  }

  /** Pages of parameters the last sync that read every environment took (null before one did). */
  get lastPages(): number | null {
    return this.lastPagesRead;
  }

  onChange(listener: (progress: SyncProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  begin(trigger: SyncTriggerName, { environments }: { environments: number }): void {
    this.counts = [];
    this.state = {
      // Every sync first takes the sync lease; reading starts once it holds it.
      phase: 'waiting',
      trigger,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      durationMs: null,
      run: 1,
      environments: { read: 0, total: environments },
      parameters: 0,
      components: null,
      edges: null,
      written: null,
      removed: null,
      isDelegated: false,
      leaseHolder: null,
      error: null,
    };
    this.emit();
  }

  /** Another instance holds the sync lease; this one waits for it (or asks it to run again). */
  waitingFor(holder: string): void {
    this.update({ phase: 'waiting', leaseHolder: holder });
  }

  /** The lease is held: a read of the parameters starts (again, when `run` > 1). */
  reading(run: number): void {
    this.counts = [];
    this.update({ phase: 'reading', run, leaseHolder: null, environments: { read: 0, total: this.state?.environments.total ?? 0 }, parameters: 0 });
  }

  environmentRead(parameters: number): void {
    if (!this.state) return;
    this.counts.push(parameters);
    const read = this.counts.length;
    const { total } = this.state.environments;
    if (read === total) this.lastPagesRead = pagesFor(this.counts);
    this.update({ phase: read === total ? 'building' : 'reading', environments: { read, total }, parameters: this.state.parameters + parameters });
  }

  writing({ components, edges }: { components: number; edges: number }): void {
    this.update({ phase: 'writing', components, edges });
  }

  written({ written, removed }: { written: number; removed: number }): void {
    this.update({ written, removed });
  }

  finish(report: { ok: boolean; durationMs: number; error: string | null; delegatedTo: string | null; components: number; edges: number }): void {
    const isDelegated = report.ok && report.delegatedTo !== null;
    this.update({
      phase: report.ok ? 'done' : 'failed',
      finishedAt: this.now().toISOString(),
      durationMs: report.durationMs,
      isDelegated,
      leaseHolder: isDelegated ? report.delegatedTo : null,
      error: report.error,
      ...(report.ok && !isDelegated ? { components: report.components, edges: report.edges } : {}),
    });
  }

  private update(patch: Partial<SyncProgress>): void {
    if (!this.state) return;
    this.state = { ...this.state, ...patch };
    this.emit();
  }

  private emit(): void {
    const progress = this.current;
    if (!progress) return;
    for (const listener of this.listeners) {
      // A listener's failure (a closed event stream, say) must not stop the sync it listens to.
      try {
        listener(progress);
      } catch (error) {
        console.error('[karma] a sync progress listener failed:', error);
      }
    }
  }
}

/** The same sources, each environment's read of every parameter reported to `onRead` as it lands. */
export function reportingReads(sources: ParameterSources, onRead: (parameters: number) => void): ParameterSources {
  const reporting = (store: ParameterStore): ParameterStore => ({
    kind: store.kind,
    env: store.env,
    prefix: store.prefix,
    remove: (input) => store.remove(input),
    readAll: async () => {
      const parameters = await store.readAll();
      onRead(parameters.length);
      return parameters;
    },
    get: (name) => store.get(name),
    getMany: (names) => store.getMany(names),
    history: (name) => store.history(name),
    put: (input) => store.put(input),
    ping: () => store.ping(),
  });
  return { ...sources, stores: sources.stores.map(reporting) };
}
