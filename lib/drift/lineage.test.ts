import { describe, expect, it } from 'vitest';
import { at, componentFrom, history } from '@/lib/testing/builders';
import { computeLineage } from './lineage';

const now = new Date(at(100_000));

describe('deployed config version', () => {
  it('is the newest version not modified after the runtime, with every version after it in between', () => {
    const config = history({ value: { n: 1 }, minute: 0 }, { value: { n: 2 }, minute: 10 }, { value: { n: 3 }, minute: 30 }, { value: { n: 4 }, minute: 40, by: 'bob' });
    const runtime = history({ value: {}, minute: 20 });
    const { lineage, deployedConfigRaw, order } = computeLineage({ component: componentFrom('p:t/n', { config, runtime }), configHistory: config, now });
    expect(order).toBe('config_after_runtime');
    expect(lineage.deployedConfigVersion).toBe(2);
    expect(lineage.deployedConfigModifiedAt).toBe(at(10));
    expect(deployedConfigRaw).toBe('{"n":2}');
    expect(lineage.currentConfigVersion).toBe(4);
    expect(lineage.between.map((v) => [v.version, v.modifiedAt, v.modifiedBy])).toEqual([
      [3, at(30), 'tester'],
      [4, at(40), 'bob'],
    ]);
    expect(lineage.configVersions.map((v) => v.state)).toEqual(['superseded', 'deployed', 'pending', 'pending']);
  });

  it('is the current version without reading history when the config is not newer than the runtime', () => {
    const config = history({ value: { n: 1 }, minute: 0 }, { value: { n: 2 }, minute: 10 });
    const { lineage, order } = computeLineage({ component: componentFrom('p:t/n', { config, runtime: history({ value: {}, minute: 15 }) }), now });
    expect(order).toBe('config_not_after_runtime');
    expect(lineage.deployedConfigVersion).toBe(2);
    expect(lineage.hasConfigHistory).toBe(false);
    expect(lineage.configVersions.map((v) => [v.version, v.state])).toEqual([[2, 'deployed']]);
  });

  it('compares times, not strings: second and millisecond precision mix', () => {
    const component = componentFrom(
      'p:t/n',
      { config: history({ value: {}, minute: 0 }), runtime: history({ value: {}, minute: 0 }) },
      { configModifiedAt: '2026-09-01T00:00:00.500Z', runtimeModifiedAt: '2026-09-01T00:00:01Z' },
    );
    expect(computeLineage({ component, now }).lineage.deployedConfigVersion).toBe(1);
  });

  it('is null with a reason when the history is missing or empty', () => {
    const config = history({ value: { n: 1 }, minute: 0 }, { value: { n: 2 }, minute: 30 });
    const component = componentFrom('p:t/n', { config, runtime: history({ value: {}, minute: 15 }) });
    for (const configHistory of [undefined, []]) {
      const result = computeLineage({ component, configHistory, now });
      expect(result.lineage.deployedConfigVersion).toBeNull();
      expect(result.unknownDeployed).toBe('The config history is not available, so the deployed config version is not known');
      expect(result.lineage.configVersions.map((v) => [v.version, v.state])).toEqual([[2, 'unknown']]);
    }
  });

  it('ignores versions newer than the component (published after the sync) and notes a history that lacks the current version', () => {
    const config = history({ value: { n: 1 }, minute: 0 }, { value: { n: 2 }, minute: 30 }, { value: { n: 3 }, minute: 50 });
    const component = componentFrom('p:t/n', { config: config.slice(0, 2), runtime: history({ value: {}, minute: 15 }) });
    expect(computeLineage({ component, configHistory: config, now }).lineage.between.map((v) => v.version)).toEqual([2]);
    const short = computeLineage({ component, configHistory: config.slice(0, 1), now });
    expect(short.lineage.notes).toContain('The config history does not hold the current version v2 (it ends at v1)');
    expect(short.lineage.deployedConfigVersion).toBe(1);
  });

  it('leaves versions with an unusable time out of the comparison, and notes them', () => {
    const config = history({ value: { n: 1 }, minute: 0 }, { value: { n: 2 }, minute: 10 }, { value: { n: 3 }, minute: 30 });
    config[1] = { ...config[1], modifiedAt: 'not a time' };
    const component = componentFrom('p:t/n', { config, runtime: history({ value: {}, minute: 20 }) });
    const { lineage } = computeLineage({ component, configHistory: config, now });
    expect(lineage.deployedConfigVersion).toBe(1);
    expect(lineage.notes[0]).toBe('Config v2 has no usable time ("not a time"); it is left out of the lineage times');
  });
});

describe('runtime writes', () => {
  it('links each runtime write to the config version current at the time (a re-apply keeps the version)', () => {
    const config = history({ value: { n: 1 }, minute: 0 }, { value: { n: 2 }, minute: 10 });
    const runtime = history({ value: {}, minute: 5 }, { value: {}, minute: 15 }, { value: {}, minute: 60, by: 'refresh' });
    const { lineage } = computeLineage({ component: componentFrom('p:t/n', { config, runtime }), configHistory: config, runtimeHistory: runtime, now });
    expect(lineage.runtimeWrites.map((w) => [w.version, w.fromConfigVersion, w.modifiedBy])).toEqual([
      [1, 1, 'tester'],
      [2, 2, 'tester'],
      [3, 2, 'refresh'],
    ]);
  });

  it('leaves the source of older writes unknown without the config history', () => {
    const config = history({ value: { n: 1 }, minute: 0 }, { value: { n: 2 }, minute: 10 });
    const runtime = history({ value: {}, minute: 5 }, { value: {}, minute: 15 });
    const { lineage } = computeLineage({ component: componentFrom('p:t/n', { config, runtime }), runtimeHistory: runtime, now });
    expect(lineage.runtimeWrites.map((w) => w.fromConfigVersion)).toEqual([null, 2]);
  });
});

describe('without a runtime', () => {
  it('marks every config version as pending and has no deployed version', () => {
    const config = history({ value: { n: 1 }, minute: 0 }, { value: { n: 2 }, minute: 10 });
    const { lineage, order } = computeLineage({ component: componentFrom('p:t/n', { config }), configHistory: config, now });
    expect(order).toBeNull();
    expect(lineage.deployedConfigVersion).toBeNull();
    expect(lineage.between.map((v) => v.version)).toEqual([1, 2]);
  });
});
