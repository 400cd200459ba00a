import { describe, expect, it } from 'vitest';
import type { Component } from '@/lib/model/graph';
import type { JsonObject } from '@/lib/model/json';
import type { ParameterVersion } from '@/lib/model/parameters';
import { at, componentFrom, history } from '@/lib/testing/builders';
import { assessDrift, toDriftSummary } from './assess-drift';
import { BUILT_IN_FIELD_MIRRORS, mergeFieldMirrors } from './field-mirrors';

const NOW = new Date(at(100_000));
const mirrors = mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, { 'aurora-postgres': { engine_version: 'engine_version_actual' } });

function assess(component: Component, options: { configHistory?: ParameterVersion[]; runtimeHistory?: ParameterVersion[]; schema?: JsonObject } = {}) {
  return assessDrift({ component, fieldMirrors: mirrors, now: NOW, ...options });
}

/** A component with both histories, current = last entries; the histories are passed to the engine too. */
function scenario(id: string, config: ParameterVersion[], runtime: ParameterVersion[], overrides: Partial<Component> = {}) {
  const component = componentFrom(id, { config, runtime }, overrides);
  return assess(component, { configHistory: config, runtimeHistory: runtime });
}

const vpcSchema: JsonObject = {
  type: 'object',
  properties: { cidr: { type: 'string', format: 'cidr' } },
  additionalProperties: false,
};

describe('in_sync', () => {
  it('says so when the runtime was written after the current config and mirrors agree, naming the fields compared', () => {
    const result = scenario(
      'prod:vpc/main',
      history({ value: { cidr: '10.0.0.0/16', azs: ['a', 'b'] }, minute: 0 }),
      history({ value: { vpc_id: 'vpc-1', vpc_cidr: '10.0.0.0/16', azs: ['a', 'b'] }, minute: 10 }),
    );
    expect(result.status).toBe('in_sync');
    expect(result.conditions).toEqual([]);
    expect(result.reasons[0]).toMatch(
      /^Config v1 is deployed: the runtime v1 \(2026-09-01 00:10 UTC\) was written at or after it; mirrored fields agree \(cidr ↔ vpc_cidr and azs\)/,
    );
    expect(result.lineage.deployedConfigVersion).toBe(1);
    expect(result.since).toBe(at(10));
  });

  it('treats a runtime-only component with an owner as in sync, saying who owns it', () => {
    const component = componentFrom('prod:lambda/order-ingest', { runtime: history({ value: { function_name: 'x' }, minute: 5 }) }, { ownedBy: 'prod:lambda/order-workers' });
    const result = assess(component);
    expect(result.status).toBe('in_sync');
    expect(result.reasons[0]).toContain('Runtime-only: written for prod:lambda/order-workers');
  });

  it('compares a number with a string output by its text (outputs written one parameter each are strings)', () => {
    const result = scenario('dev:aurora-postgres/orders', history({ value: { port: 5432 }, minute: 0 }), history({ value: { port: '5432' }, minute: 1 }));
    expect(result.status).toBe('in_sync');
  });

  it('is not pending when the config was re-published unchanged after the deployment', () => {
    const result = scenario(
      'prod:sqs-queue/jobs',
      history({ value: { queue_name: 'jobs' }, minute: 0 }, { value: '{ "queue_name": "jobs" }', minute: 20 }),
      history({ value: { queue_name: 'jobs' }, minute: 10 }),
    );
    expect(result.status).toBe('in_sync');
    expect(result.reasons.join(' ')).toContain('Config v2 was published after the runtime but has the same content as the deployed v1');
  });
});

describe('pending', () => {
  const config = history(
    { value: { stage_name: 'v1', throttle: 100 }, minute: 0, by: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Dev_x/dana@example.com' },
    { value: { stage_name: 'v1', throttle: 200 }, minute: 20, by: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Dev_x/alice@example.com' },
    { value: { stage_name: 'v1', throttle: 200, log_days: 90 }, minute: 30, by: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Dev_x/bob@example.com' },
  );
  const runtime = history({ value: { stage_name: 'v1', api_id: 'a1' }, minute: 10 });

  it('lists every undeployed version with time and user, and the deployed version', () => {
    const result = scenario('prod:serverless-api/orders', config, runtime);
    expect(result.status).toBe('pending');
    expect(result.lineage.deployedConfigVersion).toBe(1);
    expect(result.lineage.currentConfigVersion).toBe(3);
    expect(result.lineage.between.map((v) => [v.version, v.modifiedBy])).toEqual([
      [2, config[1].modifiedBy],
      [3, config[2].modifiedBy],
    ]);
    expect(result.reasons[0]).toBe(
      'Config changed after the last deployment: v2 (2026-09-01 00:20 UTC, alice@example.com) and v3 (2026-09-01 00:30 UTC, bob@example.com) are not deployed; the runtime (2026-09-01 00:10 UTC) was written from config v1',
    );
    // Since the first version that is not deployed (v2), not the newest: the runtime has lagged since alice's change.
    expect(result.since).toBe(at(20));
    expect(result.changedBy).toBe('alice@example.com');
  });

  it('falls back to the current version when the history was not read', () => {
    const result = assess(componentFrom('prod:serverless-api/orders', { config, runtime }));
    expect(result.status).toBe('pending');
    expect(result.since).toBe(at(30));
  });

  it('judges mirrors against the deployed version, not the current one', () => {
    const result = scenario(
      'dev:sqs-queue/jobs',
      history({ value: { visibility_timeout_seconds: 30 }, minute: 0 }, { value: { visibility_timeout_seconds: 180 }, minute: 20 }),
      history({ value: { visibility_timeout_seconds: 30 }, minute: 10 }),
    );
    expect(result.status).toBe('pending');
    expect(result.conditions.map((c) => c.status)).toEqual(['pending']);
    expect(result.mirroredFields).toEqual([
      { configPath: 'visibility_timeout_seconds', runtimePath: 'visibility_timeout_seconds', source: 'same-key', desired: 30, actual: 30, agrees: true },
    ]);
  });

  it('still says pending, and why the deployed version is unknown, without a config history', () => {
    const component = componentFrom('prod:serverless-api/orders', { config, runtime });
    const result = assess(component);
    expect(result.status).toBe('pending');
    expect(result.lineage.deployedConfigVersion).toBeNull();
    expect(result.reasons[0]).toMatch(
      /^Config v3 \(2026-09-01 00:30 UTC, bob@example\.com\) was published after the runtime was last written \(2026-09-01 00:10 UTC\)\. The config history is not available/,
    );
  });

  it('says the runtime is older than every config version when no version can have produced it', () => {
    const result = scenario(
      'prod:vpc/main',
      history({ value: { cidr: '10.0.0.0/16' }, minute: 20 }, { value: { cidr: '10.1.0.0/16' }, minute: 30 }),
      history({ value: { vpc_cidr: '10.0.0.0/16' }, minute: 5 }),
    );
    expect(result.status).toBe('pending');
    expect(result.lineage.deployedConfigVersion).toBeNull();
    expect(result.reasons[0]).toContain('is older than every config version in the history (the oldest kept is v1 (2026-09-01 00:20 UTC, tester))');
    expect(result.lineage.configVersions.map((v) => v.state)).toEqual(['unknown', 'unknown']);
  });
});

describe('mismatch', () => {
  it('names the field, both values and who wrote the runtime, for the same key', () => {
    const result = scenario(
      'dev:sqs-queue/order-events',
      history({ value: { queue_name: 'q', visibility_timeout_seconds: 180 }, minute: 0 }),
      history(
        { value: { queue_name: 'q', visibility_timeout_seconds: 180 }, minute: 5 },
        { value: { queue_name: 'q', visibility_timeout_seconds: 30 }, minute: 50, by: 'arn:aws:sts::1:assumed-role/PlatformEngineer/omar.haddad' },
      ),
    );
    expect(result.status).toBe('mismatch');
    expect(result.reasons[0]).toBe('visibility_timeout_seconds is 180 in the deployed config v1 but 30 in the runtime v2 (2026-09-01 00:50 UTC, PlatformEngineer/omar.haddad)');
    expect(result.differences).toEqual([{ path: 'visibility_timeout_seconds', runtimePath: 'visibility_timeout_seconds', desired: 180, actual: 30 }]);
    expect(result.changedBy).toBe('PlatformEngineer/omar.haddad');
  });

  it('follows a per-type mapping (settings) to the runtime output of another name', () => {
    const result = scenario(
      'prod:aurora-postgres/orders',
      history({ value: { engine_version: '16.2' }, minute: 0 }),
      history({ value: { engine_version_actual: '16.4' }, minute: 5 }),
    );
    expect(result.status).toBe('mismatch');
    expect(result.reasons[0]).toMatch(/^engine_version is "16.2" in the deployed config v1 but engine_version_actual is "16.4" in the runtime v1/);
    expect(result.differences).toEqual([{ path: 'engine_version', runtimePath: 'engine_version_actual', desired: '16.2', actual: '16.4' }]);
  });

  it('follows the built-in vpc mapping cidr ↔ vpc_cidr', () => {
    const result = scenario('dev:vpc/main', history({ value: { cidr: '10.0.0.0/16' }, minute: 0 }), history({ value: { vpc_cidr: '10.9.0.0/16' }, minute: 5 }));
    expect(result.status).toBe('mismatch');
    expect(result.differences[0]).toMatchObject({ path: 'cidr', runtimePath: 'vpc_cidr' });
  });

  it('lists nested differences of an object mirror with their paths', () => {
    const result = scenario(
      'dev:s3-bucket/media',
      history({ value: { tags: { team: 'a', env: 'dev' } }, minute: 0 }),
      history({ value: { tags: { team: 'b', env: 'dev' } }, minute: 5 }),
    );
    expect(result.status).toBe('mismatch');
    expect(result.differences).toEqual([{ path: 'tags.team', runtimePath: 'tags.team', desired: 'a', actual: 'b' }]);
    expect(result.reasons[0]).toContain('at tags.team "a" vs "b"');
  });

  it('wins over pending when the deployed version disagrees with the runtime, and lists both', () => {
    const result = scenario(
      'dev:sqs-queue/jobs',
      history({ value: { visibility_timeout_seconds: 60 }, minute: 0 }, { value: { visibility_timeout_seconds: 90 }, minute: 20 }),
      history({ value: { visibility_timeout_seconds: 30 }, minute: 10 }),
    );
    expect(result.status).toBe('mismatch');
    expect(result.conditions.map((c) => c.status)).toEqual(['mismatch', 'pending']);
    expect(result.reasons[0]).toContain('is 60 in the deployed config v1 but 30');
  });

  it('does not call a mapped output the runtime lacks a mismatch, but notes it', () => {
    const result = scenario('prod:aurora-postgres/orders', history({ value: { engine_version: '16.2' }, minute: 0 }), history({ value: { cluster_arn: 'arn' }, minute: 5 }));
    expect(result.status).toBe('in_sync');
    expect(result.reasons).toContain('The runtime has no engine_version_actual output to compare with engine_version');
  });
});

describe('not_deployed', () => {
  it('is a config without runtime, with how many versions were never deployed', () => {
    const component = componentFrom('prod:sqs-queue/search-indexing', {
      config: history({ value: { queue_name: 's' }, minute: 0, by: 'arn:aws:sts::1:assumed-role/x/alice@example.com' }, { value: { queue_name: 's2' }, minute: 10 }),
    });
    const result = assess(component, { configHistory: history({ value: { queue_name: 's' }, minute: 0 }, { value: { queue_name: 's2' }, minute: 10 }) });
    expect(result.status).toBe('not_deployed');
    expect(result.reasons[0]).toBe(
      'Config v2 (2026-09-01 00:10 UTC, tester) has no runtime: it has not been deployed; none of its 2 versions since 2026-09-01 00:00 UTC was deployed',
    );
    expect(result.lineage.between.map((v) => v.version)).toEqual([1, 2]);
    // Not deployed since its first version was published.
    expect(result.since).toBe(at(0));
  });
});

describe('orphaned', () => {
  it('is a runtime without config and without owner, naming who wrote it', () => {
    const runtime = history({ value: { queue_name: 'legacy' }, minute: 0, by: 'arn:aws:iam::1:user/svc-legacy-deploy' });
    const result = assess(componentFrom('dev:sqs-queue/legacy-notifications', { runtime }), { runtimeHistory: runtime });
    expect(result.status).toBe('orphaned');
    expect(result.reasons[0]).toBe('Runtime without config: the runtime v1 (2026-09-01 00:00 UTC, svc-legacy-deploy) has no config, and no runtime-owner rule claims it');
    expect(result.changedBy).toBe('svc-legacy-deploy');
  });

  it('mentions a Git file that was never published, and lists unpublished too', () => {
    const runtime = history({ value: { a: 1 }, minute: 0 });
    const result = assess(componentFrom('dev:sqs-queue/x', { runtime }, { gitConfigRaw: '{"a":1}' }));
    expect(result.conditions.map((c) => c.status)).toEqual(['orphaned', 'unpublished']);
    expect(result.reasons[0]).toContain('the config repo has iac/dev/sqs-queue/x/config.json, but it was never published');
  });
});

describe('invalid', () => {
  it('is a config that is not JSON, with line and column, above pending', () => {
    const config = history(
      { value: { bucket_name: 'b' }, minute: 0 },
      { value: '{ "bucket_name": "b", }', minute: 20, by: 'arn:aws:sts::1:assumed-role/PlatformEngineer/jane.doe' },
    );
    const result = scenario('dev:s3-bucket/scratch', config, history({ value: { bucket_name: 'b' }, minute: 10 }));
    expect(result.status).toBe('invalid');
    expect(result.conditions.map((c) => c.status)).toEqual(['invalid', 'pending']);
    expect(result.reasons[0]).toMatch(/^Config v2 \(2026-09-01 00:20 UTC, PlatformEngineer\/jane\.doe\) is not valid JSON: line 1, column 23: .*trailing comma/);
    expect(result.lineage.deployedConfigVersion).toBe(1);
    expect(result.lineage.configVersions.map((v) => v.isJson)).toEqual([true, false]);
  });

  it('is a config that fails its type schema, with the offending path', () => {
    const config = history({ value: { cidr: '10.30.0.0/16' }, minute: 0 }, { value: { cidr: '10.300.0.0/16' }, minute: 20 });
    const component = componentFrom('dev:vpc/sandbox', { config, runtime: history({ value: { vpc_cidr: '10.30.0.0/16' }, minute: 10 }) });
    const result = assess(component, { configHistory: config, schema: vpcSchema });
    expect(result.status).toBe('invalid');
    expect(result.reasons[0]).toMatch(/^Config v2 .* fails the vpc schema: cidr must match format "cidr"/);
  });

  it('is a runtime that is not JSON, saying outputs cannot be compared', () => {
    const result = scenario('prod:vpc/main', history({ value: { cidr: '10.0.0.0/16' }, minute: 0 }), history({ value: 'vpc-123 (not json)', minute: 5 }));
    expect(result.status).toBe('invalid');
    expect(result.reasons[0]).toContain('The runtime v1 (2026-09-01 00:05 UTC) is not valid JSON, so its outputs cannot be compared with the config');
    expect(result.since).toBe(at(5));
  });

  it('notes a schema it cannot use instead of failing', () => {
    const result = scenario('prod:vpc/main', history({ value: { cidr: 'x' }, minute: 0 }), history({ value: {}, minute: 5 }));
    const broken = assess(componentFrom('prod:vpc/main', { config: history({ value: { cidr: 'x' }, minute: 0 }) }), { schema: { type: 'nonsense-type' } });
    expect(result.status).toBe('in_sync');
    expect(broken.status).toBe('not_deployed');
    expect(broken.reasons.some((r) => r.startsWith('The vpc schema cannot be used'))).toBe(true);
  });
});

describe('unpublished', () => {
  const deployed = (gitConfigRaw: string | null | undefined, value: string | object = { image: 'a:1', min: 3 }) =>
    assess(
      componentFrom(
        'prod:ecs-service/storefront',
        { config: history({ value: value as string, minute: 0 }), runtime: history({ value: { service_name: 's' }, minute: 5 }) },
        { gitConfigRaw },
      ),
    );

  it('is Git differing from SSM, naming the fields publishing would change', () => {
    const result = deployed('{\n  "image": "a:2",\n  "min": 6\n}\n');
    expect(result.status).toBe('unpublished');
    expect(result.reasons[0]).toBe("The config repo's iac/prod/ecs-service/storefront/config.json differs from the published config v1: publishing it would change image and min");
    expect(result.git).toMatchObject({ state: 'differs', diff: { mode: 'fields' } });
  });

  it('compares canonical JSON: key order and whitespace do not count', () => {
    expect(deployed('{ "min": 3,\n "image": "a:1" }').status).toBe('in_sync');
  });

  it('compares raw text when a side is not JSON, ignoring a final newline', () => {
    expect(deployed('{ "a": 1, }\n', '{ "a": 1, }').git).toEqual({ state: 'same' });
    expect(deployed('{ "a": 2, }', '{ "a": 1, }').git).toEqual({ state: 'differs', diff: { mode: 'text', equal: false } });
  });

  it('is a published config with no Git file; nothing is said without a config repo', () => {
    expect(deployed(null).status).toBe('unpublished');
    expect(deployed(undefined).git).toEqual({ state: 'not_configured' });
    expect(deployed(undefined).status).toBe('in_sync');
  });

  it('is a Git config never published', () => {
    const result = assess(componentFrom('dev:sqs-queue/new', {}, { gitConfigRaw: '{}' }));
    expect(result.status).toBe('unpublished');
    expect(result.reasons[0]).toBe('The config repo has iac/dev/sqs-queue/new/config.json, but it has never been published to SSM');
  });
});

describe('unpublished: since when, and who', () => {
  // SSM v1 was published at minute 0 by the publish job; the Git history is passed in (lib/gitconfig reads it).
  const component = (gitConfigRaw: string | null) =>
    componentFrom(
      'prod:ecs-service/storefront',
      {
        config: history({ value: { image: 'a:1' }, minute: 0, by: 'arn:aws:sts::1:assumed-role/config-publisher/gha-1' }),
        runtime: history({ value: { service_name: 's' }, minute: 5 }),
      },
      { gitConfigRaw },
    );
  const times = (c: Component, gitChange?: { at: string; by: string | null } | null) => {
    const { status, since, changedBy } = assessDrift({ component: c, fieldMirrors: mirrors, now: NOW, gitChange });
    return { status, since, changedBy };
  };

  it('is the Git commit that changed the file after the publish', () => {
    expect(times(component('{"image":"a:2"}'), { at: at(60), by: 'jane@example.com' })).toEqual({ status: 'unpublished', since: at(60), changedBy: 'jane@example.com' });
  });

  it('is the publish when SSM changed after the file (someone wrote SSM by hand)', () => {
    expect(times(component('{"image":"a:2"}'), { at: at(-60), by: 'jane@example.com' })).toEqual({ status: 'unpublished', since: at(0), changedBy: 'config-publisher/gha-1' });
  });

  it('is the commit that added a file never published', () => {
    const fresh = componentFrom('dev:sqs-queue/new', {}, { gitConfigRaw: '{}' });
    expect(times(fresh, { at: at(7), by: 'omar@example.com' })).toEqual({ status: 'unpublished', since: at(7), changedBy: 'omar@example.com' });
  });

  it('is the commit that deleted the file of a published config', () => {
    expect(times(component(null), { at: at(90), by: 'dana@example.com' })).toEqual({ status: 'unpublished', since: at(90), changedBy: 'dana@example.com' });
  });

  it('is the publish for a config that was never in Git', () => {
    expect(times(component(null), null)).toEqual({ status: 'unpublished', since: at(0), changedBy: 'config-publisher/gha-1' });
  });

  it('stays empty without a history (a folder checkout): the Git side cannot be dated', () => {
    expect(times(component('{"image":"a:2"}'))).toEqual({ status: 'unpublished', since: null, changedBy: null });
  });
});

describe('odd clocks', () => {
  it('counts a config with the same time as the runtime as deployed, and says so', () => {
    const result = scenario('prod:vpc/main', history({ value: { cidr: '10.0.0.0/16' }, minute: 10 }), history({ value: { vpc_cidr: '10.0.0.0/16' }, minute: 10 }));
    expect(result.status).toBe('in_sync');
    expect(result.reasons).toContain('Config v1 and the runtime carry the same time (2026-09-01 00:10 UTC); a config not modified after the runtime counts as deployed');
  });

  it('gives one answer when history times are out of order, and notes it', () => {
    // v2 is dated before v1; the runtime (minute 15) is after v2's date but before v3's.
    const config = history({ value: { n: 1 }, minute: 20 }, { value: { n: 2 }, minute: 5 }, { value: { n: 3 }, minute: 30 });
    const result = scenario('prod:x/y', config, history({ value: { n: 2 }, minute: 15 }));
    expect(result.lineage.deployedConfigVersion).toBe(2);
    expect(result.status).toBe('pending');
    expect(result.reasons.some((r) => r.startsWith('Config history is out of order: v2 (2026-09-01 00:05 UTC, tester) is dated before v1'))).toBe(true);
  });

  it('flags an unparseable time as pending with the reason, never a crash', () => {
    const component = componentFrom(
      'prod:x/y',
      { config: history({ value: { n: 1 }, minute: 0 }), runtime: history({ value: { n: 1 }, minute: 5 }) },
      { configModifiedAt: 'yesterday' },
    );
    const result = assess(component);
    expect(result.status).toBe('pending');
    expect(result.reasons[0]).toBe('Cannot tell which config version is deployed: config v1\'s time "yesterday" is not a valid time');
  });

  it('notes timestamps in the future', () => {
    const component = componentFrom('prod:x/y', { config: history({ value: { n: 1 }, minute: 0 }), runtime: history({ value: { n: 1 }, minute: 200_000 }) });
    expect(assess(component).reasons.some((r) => r.startsWith('The runtime is dated in the future'))).toBe(true);
  });
});

describe('precedence and the stored summary', () => {
  it('lists every condition by precedence and keeps status, reasons, deployed version, since and who', () => {
    const config = history({ value: { cidr: '10.0.0.0/16' }, minute: 0 }, { value: '{', minute: 20 });
    const component = componentFrom('dev:vpc/main', { config, runtime: history({ value: { vpc_cidr: '10.1.0.0/16' }, minute: 10 }) }, { gitConfigRaw: null });
    const result = assess(component, { configHistory: config });
    expect(result.conditions.map((c) => c.status)).toEqual(['invalid', 'mismatch', 'pending', 'unpublished']);
    // Invalid because config v2 is not JSON: since its publish, by its publisher.
    expect(toDriftSummary(result)).toEqual({
      status: 'invalid',
      reasons: result.reasons,
      deployedConfigVersion: 1,
      since: component.configModifiedAt,
      changedBy: result.changedBy,
    });
    expect(result.since).toBe(config[1].modifiedAt);
    expect(result.changedBy).not.toBeNull();
  });
});
