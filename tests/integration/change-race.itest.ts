// Exactly-once apply under a race, on real adapters: 20 concurrent
// approve-then-apply calls on one change request, spread over 4 "portals"
// (each with its own graph store client and parameter store client, as
// separate server instances would have), must produce exactly one SSM write,
// one `applied` event and the two distinct approvals the environment needs.
// Runs on every pairing of graph store (memory, Gremlin Server) and parameter
// store (local file, SSM on moto).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { User } from '@/lib/auth/roles';
import { createChangeBodySchema } from '@/lib/model/simulation';
import { createHarness, propose, seedEstate, type Harness } from '@/lib/workflow/testing/review-harness';
import { LocalParameterFile } from '@/lib/params/local-parameter-store';
import type { ParameterStore } from '@/lib/params/parameter-store';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import type { GraphStore } from '@/lib/store/graph-store';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import { MemoryGraphStore } from '@/lib/store/memory/memory-graph-store';
import { outcome } from '../support/outcome';

const ssmEndpoint = inject('ssmEndpoint');
const gremlinEndpoint = inject('gremlinEndpoint');
process.env.AWS_ACCESS_KEY_ID = 'testing';
process.env.AWS_SECRET_ACCESS_KEY = 'testing';

const PORTALS = 4;
const CALLS = 20;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'karma-race-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** One portal's clients; `puts` counts the PutParameter calls every SSM client of the test sends. */
type Backend = { parameterStore(): ParameterStore; graphStore(): GraphStore; puts(): number };

async function localParameters(env: string): Promise<Pick<Backend, 'parameterStore' | 'puts'>> {
  const dir = await tempDir();
  return { parameterStore: () => LocalParameterFile.inDataDir(dir).store(env, `/${env}`), puts: () => Number.NaN };
}

function ssmParameters(env: string): Pick<Backend, 'parameterStore' | 'puts'> {
  let puts = 0;
  return {
    parameterStore() {
      const client = new SSMClient({ region: 'us-east-1', endpoint: ssmEndpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'PutParameterCommand') puts++;
          return next(args);
        },
        { step: 'initialize' },
      );
      cleanups.push(async () => client.destroy());
      return new SsmParameterStore({ env, prefix: `/${env}`, client });
    },
    puts: () => puts,
  };
}

async function memoryGraph(): Promise<Pick<Backend, 'graphStore'>> {
  const dir = await tempDir();
  return { graphStore: () => new MemoryGraphStore({ dataDir: dir }) };
}

function gremlinGraph(): Pick<Backend, 'graphStore'> {
  return {
    graphStore() {
      const store = new GremlinGraphStore({ endpoint: gremlinEndpoint, iam: false, timeoutMs: 20_000 });
      cleanups.push(() => store.close());
      return store;
    },
  };
}

const PARAMETERS = { local: localParameters, ssm: async (env: string) => ssmParameters(env) };
const GRAPHS = { memory: memoryGraph, gremlin: async () => gremlinGraph() };

const approver = (i: number): User => ({ id: `approver-${i}@example.com`, name: `Approver ${i}`, email: `approver-${i}@example.com`, role: 'approver', groups: [] });
const alice: User = { id: 'alice@example.com', name: 'Alice', email: 'alice@example.com', role: 'proposer', groups: [] };

describe.each([
  ['memory', 'local'],
  ['memory', 'ssm'],
  ['gremlin', 'ssm'],
  ['gremlin', 'local'],
] as const)('%s graph store, %s parameters', (graphKind, parameterKind) => {
  it(`${CALLS} concurrent approve + apply calls from ${PORTALS} portals write SSM once and record one apply`, async () => {
    // Each test its own environment: ids never collide with other tests on the shared Gremlin Server.
    const env = `race-${randomUUID().slice(0, 8)}`;
    const id = `${env}:vpc/main`;
    const params = await PARAMETERS[parameterKind](env);
    const graph = await GRAPHS[graphKind]();
    await seedEstate(params.parameterStore());

    const file = { approvals: { default: 1, perEnv: { [env]: 2 } } };
    const portals: Harness[] = [];
    for (let i = 0; i < PORTALS; i++) portals.push(await createHarness({ stores: [params.parameterStore()], graphStore: graph.graphStore(), file }));
    const request = await propose(portals[0], alice, id, { az_count: 3 });
    const versionsBefore = (await params.parameterStore().history(`/${env}/vpc/main/config`)).length;
    const putsBefore = params.puts();

    const results = await Promise.all(
      Array.from({ length: CALLS }, async (_, i) => {
        const portal = portals[i % PORTALS].service;
        const approved = await outcome(portal.approve(approver(i), request.id, { comment: '' }));
        const applied = await outcome(portal.apply(approver(i), request.id, { comment: '' }));
        return { approved, applied };
      }),
    );

    const final = await portals[0].store.getChangeRequest(request.id);
    const events = await portals[0].store.listEvents({ changeRequestId: request.id });
    const history = await params.parameterStore().history(`/${env}/vpc/main/config`);
    const count = (kind: string) => events.filter((e) => e.kind === kind).length;

    expect(results.filter((r) => r.applied === 'ok')).toHaveLength(1);
    // Everyone else was told no with a 409 (someone was first, or the request is past that), never a 500.
    const refusals = results.flatMap((r) => [r.approved, r.applied]).filter((o) => o !== 'ok');
    expect(refusals.filter((code) => code !== 'conflict' && code !== 'invalid_transition')).toEqual([]);
    expect(results.filter((r) => r.approved === 'ok')).toHaveLength(2);
    expect(history).toHaveLength(versionsBefore + 1);
    expect(history.at(-1)).toMatchObject({ version: 2, value: request.proposedConfig });
    if (parameterKind === 'ssm') expect(params.puts() - putsBefore).toBe(1);
    expect(final).toMatchObject({ status: 'applied', appliedVersion: 2 });
    expect(new Set(final!.approvals).size).toBe(2);
    expect({ approved: count('approved'), started: count('apply_started'), applied: count('applied'), failed: count('apply_failed') }).toEqual({
      approved: 2,
      started: 1,
      applied: 1,
      failed: 0,
    });
    // The component's own history holds the same single apply.
    expect((await portals[1].store.listEvents({ componentId: id })).filter((e) => e.kind === 'applied')).toHaveLength(1);
  });

  it('two change sets sharing a component, applied at once from two portals in opposite member order: one applies whole, the other is stale with nothing written', async () => {
    const env = `sets-${randomUUID().slice(0, 8)}`;
    const params = await PARAMETERS[parameterKind](env);
    const graph = await GRAPHS[graphKind]();
    await seedEstate(params.parameterStore());
    const portals: Harness[] = [];
    for (let i = 0; i < 2; i++) portals.push(await createHarness({ stores: [params.parameterStore()], graphStore: graph.graphStore() }));
    const [vpc, queue, cluster] = ['vpc/main', 'sqs-queue/jobs', 'ecs-cluster/core'].map((c) => `${env}:${c}`);
    const set = (members: Array<[string, object]>, title: string) =>
      portals[0].service.create(
        alice,
        createChangeBodySchema.parse({
          members: members.map(([componentId, config]) => ({ componentId, proposedConfig: JSON.stringify(config) })),
          baseVersions: members.map(() => 1),
          title,
        }),
      );
    // Both change the queue; each also changes one component of its own, listed in the other order (leases are taken by id, never in member order).
    const first = await set(
      [
        [vpc, { cidr: '10.0.0.0/16', az_count: 3 }],
        [queue, { visibility_timeout_seconds: 40 }],
      ],
      'vpc and queue',
    );
    const second = await set(
      [
        [queue, { visibility_timeout_seconds: 50 }],
        [cluster, { vpc_nickname: 'main', capacity_providers: ['FARGATE_SPOT'] }],
      ],
      'queue and cluster',
    );
    for (const request of [first, second]) await portals[1].service.approve(approver(1), request.id, { comment: '' });
    const putsBefore = params.puts();

    const outcomes = await Promise.all([
      outcome(portals[0].service.apply(approver(2), first.id, { comment: '' })),
      outcome(portals[1].service.apply(approver(3), second.id, { comment: '' })),
    ]);

    // The loser finds the queue moved (stale_version), or was already marked stale by the winner's apply (invalid_transition).
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(['stale_version', 'invalid_transition']).toContain(outcomes.find((o) => o !== 'ok'));
    const [won, lost] = outcomes[0] === 'ok' ? [first, second] : [second, first];
    const history = async (component: string) => (await params.parameterStore().history(`/${env}/${component.split(':')[1]}/config`)).map((v) => v.version);
    expect(await history(queue)).toEqual([1, 2]);
    const ownOf = (request: typeof first) => request.members.map((m) => m.componentId).find((c) => c !== queue)!;
    expect(await history(ownOf(won))).toEqual([1, 2]);
    expect(await history(ownOf(lost))).toEqual([1]);
    if (parameterKind === 'ssm') expect(params.puts() - putsBefore).toBe(2);
    expect(await portals[0].store.getChangeRequest(won.id)).toMatchObject({ status: 'applied' });
    expect(await portals[0].store.getChangeRequest(lost.id)).toMatchObject({ status: 'stale' });
  });
});
