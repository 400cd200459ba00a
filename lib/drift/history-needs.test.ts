import { describe, expect, it } from 'vitest';
import { at, componentFrom, history } from '@/lib/testing/builders';
import { assessDrift } from './assess-drift';
import { needsConfigHistory, needsRuntimeHistory } from './history-needs';

const config = history({ value: { q: 1 }, minute: 0 });
const later = history({ value: { q: 1 }, minute: 0 }, { value: { q: 2 }, minute: 30 });
const runtime = history({ value: { q: 2 }, minute: 10 });

describe('which histories a sync reads', () => {
  it('reads the config history only when the config is newer than the runtime, or an undeployed config has no known publisher', () => {
    expect(needsConfigHistory(componentFrom('p:t/a', { config, runtime }))).toBe(false);
    expect(needsConfigHistory(componentFrom('p:t/a', { config, runtime }, { configModifiedBy: null }))).toBe(false);
    expect(needsConfigHistory(componentFrom('p:t/a', { config: later, runtime }))).toBe(true);
    expect(needsConfigHistory(componentFrom('p:t/a', { config }))).toBe(false);
    expect(needsConfigHistory(componentFrom('p:t/a', { config }, { configModifiedBy: null }))).toBe(true);
    expect(needsConfigHistory(componentFrom('p:t/a', { runtime }))).toBe(false);
  });

  it('reads the runtime history for mismatches and orphans only', () => {
    const assess = (c: ReturnType<typeof componentFrom>) => assessDrift({ component: c, fieldMirrors: {}, now: new Date(at(1000)) });
    const mismatched = componentFrom('p:t/a', { config, runtime });
    const orphan = componentFrom('p:t/b', { runtime });
    const fine = componentFrom('p:t/c', { config: runtime, runtime: history({ value: { q: 2 }, minute: 20 }) });
    expect(needsRuntimeHistory(mismatched, assess(mismatched))).toBe(true);
    expect(needsRuntimeHistory(orphan, assess(orphan))).toBe(true);
    expect(needsRuntimeHistory(fine, assess(fine))).toBe(false);
  });
});
