// Smoke test of the test peers themselves, as configured by scripts/peers/:
// moto answers the SSM calls Karma uses, and Gremlin Server behaves like
// Neptune where Karma's code can tell (string ids, set cardinality, one
// transaction per request). If this fails, every other integration test is
// suspect; fix the peers first.
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { driver, process as gremlinProcess } from 'gremlin';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { resetMoto } from '../../scripts/peers/moto.mjs';

const { t, cardinality } = gremlinProcess;

describe('moto as the SSM endpoint', () => {
  const endpoint = inject('ssmEndpoint');
  const ssm = new SSMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

  beforeEach(() => resetMoto(endpoint));
  afterAll(() => ssm.destroy());

  it('lists parameters written with PutParameter by path', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/iac/vpc/main/config', Type: 'String', Value: '{"cidr":"10.0.0.0/16"}' }));
    await ssm.send(new PutParameterCommand({ Name: '/iac/vpc/main/runtime', Type: 'String', Value: '{"vpc_id":"vpc-1"}' }));
    await ssm.send(new PutParameterCommand({ Name: '/other/x', Type: 'String', Value: 'unrelated' }));

    const { Parameters = [] } = await ssm.send(new GetParametersByPathCommand({ Path: '/iac', Recursive: true }));

    expect(Parameters.map(({ Name, Value }) => ({ Name, Value })).sort((a, b) => a.Name!.localeCompare(b.Name!))).toEqual([
      { Name: '/iac/vpc/main/config', Value: '{"cidr":"10.0.0.0/16"}' },
      { Name: '/iac/vpc/main/runtime', Value: '{"vpc_id":"vpc-1"}' },
    ]);
  });

  it('forgets everything on reset', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/iac/vpc/main/config', Type: 'String', Value: '{}' }));
    await resetMoto(endpoint);

    const { Parameters = [] } = await ssm.send(new GetParametersByPathCommand({ Path: '/iac', Recursive: true }));

    expect(Parameters).toEqual([]);
  });
});

describe('Gremlin Server as the Neptune stand-in', () => {
  // Vertices of this file carry this label and are dropped afterwards, so other
  // test files sharing the server see an unchanged graph.
  const label = 'peers-smoke';
  const idPrefix = `peers-smoke-${Date.now()}`;
  let connection: driver.DriverRemoteConnection;
  let g: gremlinProcess.GraphTraversalSource;

  beforeAll(() => {
    connection = new driver.DriverRemoteConnection(inject('gremlinEndpoint'));
    g = gremlinProcess.AnonymousTraversalSource.traversal().withRemote(connection);
  });

  afterAll(async () => {
    await g.V().hasLabel(label).drop().iterate();
    await connection.close();
  });

  it('keeps the string id chosen by the caller', async () => {
    const id = `${idPrefix}:vpc/main`;
    await g.addV(label).property(t.id, id).iterate();

    const found = await g.V(id).elementMap().toList();

    expect(found).toHaveLength(1);
    expect((found[0] as Map<unknown, unknown>).get(t.id)).toBe(id);
  });

  it('returns elements as references, without properties (like Neptune)', async () => {
    const id = `${idPrefix}:reference`;
    await g.addV(label).property(t.id, id).property(cardinality.single, 'name', 'x').iterate();

    const vertex = (await g.V(id).next()).value as { id: unknown; properties?: unknown };

    expect(vertex.id).toBe(id);
    expect(vertex.properties ?? []).toEqual([]);
  });

  it('keeps every value of a property written without cardinality.single (set cardinality)', async () => {
    const id = `${idPrefix}:set`;
    await g.addV(label).property(t.id, id).iterate();
    await g.V(id).property('tag', 'a').iterate();
    await g.V(id).property('tag', 'b').iterate();

    const values = await g.V(id).values('tag').toList();

    expect([...values].sort()).toEqual(['a', 'b']);
  });

  it('keeps one value of a property written with cardinality.single', async () => {
    const id = `${idPrefix}:single`;
    await g.addV(label).property(t.id, id).iterate();
    await g.V(id).property(cardinality.single, 'tag', 'a').iterate();
    await g.V(id).property(cardinality.single, 'tag', 'b').iterate();

    const values = await g.V(id).values('tag').toList();

    expect(values).toEqual(['b']);
  });

  it('leaves no writes behind when a traversal fails half-way (one transaction per request)', async () => {
    const existing = `${idPrefix}:existing`;
    const halfWritten = `${idPrefix}:half-written`;
    await g.addV(label).property(t.id, existing).iterate();

    // The first addV succeeds, the second fails on the duplicate id.
    const failing = g.addV(label).property(t.id, halfWritten).addV(label).property(t.id, existing).iterate();

    await expect(failing).rejects.toThrow(/already exists/);
    expect(await g.V(halfWritten).count().next()).toMatchObject({ value: 0 });
  });
});
