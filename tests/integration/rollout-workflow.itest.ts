// The rollout suite (lib/workflow/testing/rollout-workflow-suite.ts) on the real peers: SSM on moto, Neptune's stand-in Gremlin
// Server. Each test gets its own environment name and SSM prefix, so ids never collide on the shared servers.
import { randomUUID } from 'node:crypto';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, inject } from 'vitest';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { GremlinGraphStore } from '@/lib/store/gremlin/gremlin-graph-store';
import type { GraphStore } from '@/lib/store/graph-store';
import { describeRolloutWorkflow } from '@/lib/workflow/testing/rollout-workflow-suite';

const client = new SSMClient({ region: 'us-east-1', endpoint: inject('ssmEndpoint'), credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 });
const opened: GraphStore[] = [];
afterAll(async () => {
  for (const store of opened) await store.close();
  client.destroy();
});

describeRolloutWorkflow('SSM on moto, Gremlin Server', async () => {
  const env = `ro-${randomUUID().slice(0, 8)}`;
  return {
    store: new SsmParameterStore({ env, prefix: `/${env}`, client }),
    openGraphStore: () => {
      const store = new GremlinGraphStore({ endpoint: inject('gremlinEndpoint'), iam: false, timeoutMs: 20_000 });
      opened.push(store);
      return store;
    },
  };
});
