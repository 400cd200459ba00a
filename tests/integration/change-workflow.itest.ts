// The review workflow suite (lib/workflow/testing/review-workflow-suite.ts)
// on the real peers: SSM on moto and Neptune's stand-in, Gremlin Server. Each
// test gets its own environment names (and SSM prefixes), so ids never
// collide on the shared servers.
import { randomUUID } from 'node:crypto';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, inject } from 'vitest';
import { createHarness, seedEstate } from '@/lib/workflow/testing/review-harness';
import { describeReviewWorkflow } from '@/lib/workflow/testing/review-workflow-suite';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import { startSsmProxy } from '../support/ssm-proxy';

// SSM through a loopback proxy, which can answer a write in SSM's place as an SSM that is down would.
const proxy = await startSsmProxy(inject('ssmEndpoint'));
const client = new SSMClient({ region: 'us-east-1', endpoint: proxy.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 });
const graphStore = new GremlinGraphStore({ endpoint: inject('gremlinEndpoint'), iam: false, timeoutMs: 20_000 });
afterAll(async () => {
  await graphStore.close();
  client.destroy();
  await proxy.close();
});

/** Writes (PutParameter, DeleteParameter) of these parameters get a 503 from the proxy; null lets them through again. */
function refuseWrites(names: string[] | null): void {
  for (const operation of ['PutParameter', 'DeleteParameter']) {
    proxy.rule(
      operation,
      names === null
        ? null
        : ({ body }) => {
            const { Name } = JSON.parse(body) as { Name?: string };
            return Name !== undefined && names.includes(Name) ? { respond: { status: 503, errorType: 'InternalServerError', message: 'SSM is down' } } : 'forward';
          },
    );
  }
}

describeReviewWorkflow('SSM on moto, Gremlin Server', async ({ autoApply = false, now, owners = [] }) => {
  const run = randomUUID().slice(0, 8);
  const [dev, prod] = [`dev-${run}`, `prod-${run}`];
  const stores = [dev, prod].map((env) => new SsmParameterStore({ env, prefix: `/${env}`, client }));
  for (const store of stores) await seedEstate(store);
  const harness = await createHarness({ stores, graphStore, file: { approvals: { default: 1, perEnv: { [prod]: 2 } }, autoApply, owners }, now });
  return { ...harness, dev, prod, recordsUser: false, refuseWrites };
});
