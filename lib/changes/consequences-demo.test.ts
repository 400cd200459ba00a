import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build-graph';
import { dependentsOf } from '@/lib/graph/graph-index';
import { diffJson } from '@/lib/json/diff-json';
import type { Consequences } from '@/lib/model/consequences';
import type { JsonObject } from '@/lib/model/json';
import { settingsFileSchema } from '@/lib/model/settings';
import { readParameterFixtures } from '@/lib/params/seed-local';
import { consequencesOf, type ProposedChange } from './consequences';
import { indexForSimulation, type SimulationIndex } from './simulation-index';

// The demo estate (fixtures/demo/README.md, "Consequences of a change") as the portal indexes it: each parameter's newest version, the demo's settings.
const fixtures = path.resolve(import.meta.dirname, '../../fixtures/demo');
let index: SimulationIndex;

beforeAll(async () => {
  const file = settingsFileSchema.parse(JSON.parse(await readFile(path.join(fixtures, 'settings.json'), 'utf8')));
  const data = await readParameterFixtures(fixtures);
  const environments = Object.entries(data.environments).map(([env, { prefix, parameters }]) => ({
    env,
    prefix,
    parameters: Object.entries(parameters).map(([name, versions]) => ({ name, ...versions[versions.length - 1] })),
  }));
  const graph = buildGraph({ environments, referenceRules: file.referenceRules, runtimeOwners: file.runtimeOwners });
  const prefixes = Object.fromEntries(environments.map((e) => [e.env, e.prefix]));
  index = indexForSimulation({
    graph,
    referenceRules: file.referenceRules,
    prefixes,
    fieldMirrors: file.fieldMirrors,
    derivedOutputs: file.derivedOutputs,
    consumes: file.consumes,
  });
});

function update(id: string, edit: (config: JsonObject) => JsonObject): ProposedChange {
  const component = index.graph.component(id)!;
  const before = component.config as JsonObject;
  const after = edit(structuredClone(before));
  return { id, env: component.env, type: component.type, nickname: component.nickname, action: 'update', before, after, diff: diffJson(before, after) };
}

function consequences(...changes: ProposedChange[]): Consequences {
  const dependents = new Map(changes.flatMap((c) => dependentsOf(index.graph, c.id)).map((r) => [r.id, r]));
  return consequencesOf({ index, changes, dependents });
}

const byVerdict = (result: Consequences) =>
  Object.fromEntries(['must_redeploy', 'stale_copy', 'unaffected'].map((v) => [v, result.dependents.filter((d) => d.verdict === v).map((d) => d.id)]));

describe('a new CIDR for prod:vpc/main in the demo estate', () => {
  const cidrChange = () => update('prod:vpc/main', (config) => ({ ...config, cidr: '10.60.0.0/16' }));

  it('changes the vpc cidr and subnet outputs (field mirror and derivedOutputs)', () => {
    expect(consequences(cidrChange()).changedOutputs.map((o) => [o.output, o.source])).toEqual([
      ['vpc_cidr', 'mirror'],
      ['private_subnet_cidrs', 'derived'],
      ['public_subnet_cidrs', 'derived'],
      ['private_subnet_ids', 'derived'],
      ['public_subnet_ids', 'derived'],
    ]);
  });

  it('has the ECS services that read the subnets and what refers to the vpc by nickname (Karma’s portal and cluster among them) redeploy, the allow-lists holding the old range go stale, and what reads only the vpc id unaffected', () => {
    const result = consequences(cidrChange());
    expect(byVerdict(result)).toEqual({
      must_redeploy: [
        'prod:ecs-service/search',
        'prod:ecs-service/storefront',
        'prod:grafana/ops',
        'prod:karma/portal',
        'prod:lambda/order-workers',
        'prod:lambda/payment-handlers',
        'prod:neptune-cluster/karma',
      ],
      stale_copy: ['prod:aurora-postgres/orders', 'prod:clickhouse/analytics'],
      unaffected: ['prod:ecs-cluster/core', 'prod:route53-zone/internal', 'prod:serverless-api/orders', 'prod:serverless-api/payments'],
    });
    expect(result.counts).toEqual({ must_redeploy: 7, stale_copy: 3, unaffected: 4 });
    const storefront = result.dependents.find((d) => d.id === 'prod:ecs-service/storefront')!;
    expect(storefront.consumes.map((o) => o.output)).toEqual(['private_subnet_ids']);
    expect(result.dependents.find((d) => d.id === 'prod:ecs-cluster/core')!.reasons[0]).toMatch(/^Reads vpc_id \(settings consumes\) of prod:vpc\/main .*which stays the same/);
  });

  it('finds the clickhouse allow-list copy, the subnet ranges inside the old range, in prod and in dev', () => {
    const result = consequences(cidrChange());
    expect(result.staleCopies.map((c) => [c.componentId, c.document, c.path, c.value, c.match])).toEqual([
      ['dev:clickhouse/analytics', 'config', 'allowed_cidrs[1]', '10.40.32.0/20', 'inside'],
      ['prod:aurora-postgres/orders', 'config', 'allowed_cidr_blocks[0]', '10.40.0.0/20', 'inside'],
      ['prod:aurora-postgres/orders', 'config', 'allowed_cidr_blocks[1]', '10.40.16.0/20', 'inside'],
      ['prod:aurora-postgres/orders', 'config', 'allowed_cidr_blocks[2]', '10.40.32.0/20', 'inside'],
      ['prod:clickhouse/analytics', 'config', 'allowed_cidrs[0]', '10.40.0.0/16', 'exact'],
      ['prod:clickhouse/analytics', 'runtime', 'private_ip', '10.40.17.42', 'inside'],
      ['prod:grafana/ops', 'runtime', 'private_ip', '10.40.33.18', 'inside'],
    ]);
    // dev's clickhouse depends on nothing in prod: a stale copy, no dependent.
    expect(result.dependents.map((d) => d.id)).not.toContain('dev:clickhouse/analytics');
    expect(result.staleCopies[4].of).toEqual({ componentId: 'prod:vpc/main', path: 'cidr', oldValue: '10.40.0.0/16', newValue: '10.60.0.0/16' });
  });

  it('leaves no stale copy in clickhouse when the same change set moves its allow-list too', () => {
    const clickhouse = update('prod:clickhouse/analytics', (config) => ({ ...config, allowed_cidrs: ['10.60.0.0/16'] }));
    const result = consequences(cidrChange(), clickhouse);
    expect(result.staleCopies.map((c) => c.componentId)).not.toContain('prod:clickhouse/analytics');
    expect(result.dependents.find((d) => d.id === 'prod:clickhouse/analytics')).toMatchObject({ verdict: 'must_redeploy', isInSet: true });
  });

  it('changes nothing anyone reads for a tag, and nothing is stale', () => {
    const result = consequences(update('prod:vpc/main', (config) => ({ ...config, tags: { ...(config.tags as JsonObject), CostCenter: 'cc-2001' } })));
    expect(result.changedOutputs).toEqual([]);
    expect(result.counts).toEqual({ must_redeploy: 0, stale_copy: 0, unaffected: 13 });
  });
});
