/**
 * The behaviour every GraphStore adapter must have. Run by
 * memory/memory-graph-store.test.ts (in-process, a fresh data folder per
 * test) and gremlin/gremlin-graph-store.itest.ts (against a real Gremlin
 * Server, emptied before each test). `makeStore` must answer an empty store;
 * each test also uses environment names of its own (fixtures.ts `scope`).
 */
import { describe } from 'vitest';
import { describeChangeRequestContract } from './contract/change-request-contract';
import type { GraphStoreFactory } from './contract/fixtures';
import { describeGraphContract } from './contract/graph-contract';
import { describeHistoryContract } from './contract/history-contract';
import { describeLeaseContract, type TwinFactory } from './contract/lease-contract';
import { describeRolloutContract } from './contract/rollout-contract';

export * from './contract/fixtures';

/** `twin` opens another instance of the same store, as a second portal would. */
export function describeGraphStoreContract(adapter: string, makeStore: GraphStoreFactory, twin: TwinFactory): void {
  describe(`GraphStore contract: ${adapter}`, () => {
    describeGraphContract(makeStore);
    describeChangeRequestContract(makeStore);
    describeRolloutContract(makeStore);
    describeLeaseContract(makeStore, twin);
    describeHistoryContract(makeStore, twin);
  });
}
