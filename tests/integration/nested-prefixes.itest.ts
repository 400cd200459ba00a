// Two environments whose prefixes nest on one SSM endpoint (the README's own
// `KARMA_ENVIRONMENTS=dev=/iac,prod=/iac/prod`), against the moto server the
// integration project's global setup starts: each environment reads only its
// own parameters, and the graph lists none of the other's as ignored.
import { describe, expect, inject, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build-graph';
import { createParameterSources } from '@/lib/params/create-parameter-sources';

// The SDK's standard chain reads these: moto takes any credentials.
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';

describe('nested prefixes on one SSM endpoint', () => {
  it('keeps the inner environment out of the outer one’s read, its graph and its ignored parameters', async () => {
    const endpoint = inject('ssmEndpoint');
    // A root of its own, so the test does not depend on what others left in moto.
    const root = `/nested-${Date.now().toString(36)}/iac`;
    const on = { region: 'us-east-1', endpoint };
    const sources = await createParameterSources({
      parameters: { kind: 'ssm' },
      environments: [
        { name: 'dev', prefix: root, ...on },
        { name: 'prod', prefix: `${root}/prod`, ...on },
      ],
      dataDir: '/nonexistent',
      fixturesDir: '/nonexistent',
      allowAdvancedTier: false,
    });
    const [dev, prod] = [sources.forEnv('dev')!, sources.forEnv('prod')!];
    await dev.put({ name: `${root}/vpc/main/config`, value: '{"cidr":"10.20.0.0/16"}', expectedVersion: null, user: 'test' });
    await dev.put({ name: `${root}/ecs-cluster/core/config`, value: '{"vpc_nickname":"main"}', expectedVersion: null, user: 'test' });
    await prod.put({ name: `${root}/prod/vpc/main/config`, value: '{"cidr":"10.40.0.0/16"}', expectedVersion: null, user: 'test' });
    await prod.put({ name: `${root}/prod/vpc/main/runtime`, value: '{"vpc_id":"vpc-1"}', expectedVersion: null, user: 'test' });
    await prod.put({ name: `${root}/prod/environment`, value: 'prod', expectedVersion: null, user: 'test' });

    const devParameters = await dev.readAll();
    expect(devParameters.map((p) => p.name)).toEqual([`${root}/ecs-cluster/core/config`, `${root}/vpc/main/config`]);
    expect((await prod.readAll()).map((p) => p.name)).toEqual([`${root}/prod/environment`, `${root}/prod/vpc/main/config`, `${root}/prod/vpc/main/runtime`]);

    const graph = buildGraph({
      environments: await Promise.all(sources.stores.map(async (s) => ({ env: s.env, prefix: s.prefix, parameters: await s.readAll() }))),
    });
    expect(graph.components.map((c) => c.id)).toEqual(['dev:ecs-cluster/core', 'dev:vpc/main', 'prod:vpc/main']);
    // Before, dev read prod's three parameters as `prod/vpc/main/...` and listed them as belonging to no component.
    expect(graph.ignoredParameters).toEqual([{ env: 'prod', name: `${root}/prod/environment` }]);

    // A write through dev into prod's prefix is refused: it would be prod's parameter.
    await expect(dev.put({ name: `${root}/prod/vpc/edge/config`, value: '{}', expectedVersion: null, user: 'test' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await prod.get(`${root}/prod/vpc/edge/config`)).toBeNull();
  });
});
