import { AppError } from '@/lib/model/errors';
import type { ParameterStore } from '@/lib/params/parameter-store';

/**
 * The embedded parameter store with a switch that makes writes of chosen
 * parameters fail as an SSM that is down would (`unavailable`), for the
 * review workflow suite on the embedded adapters. Reads and every other
 * parameter go to the real store; on moto the same faults come from the
 * loopback proxy (tests/integration/change-workflow.itest.ts).
 */
export function refusingWrites(stores: ParameterStore[]): { stores: ParameterStore[]; refuseWrites(names: string[] | null): void } {
  let refused = new Set<string>();
  const check = (store: ParameterStore, name: string) => {
    if (refused.has(name)) throw new AppError('unavailable', `The parameter store for environment "${store.env}" is unavailable: writing ${name} failed`);
  };
  const wrap = (store: ParameterStore): ParameterStore => ({
    kind: store.kind,
    env: store.env,
    prefix: store.prefix,
    readAll: () => store.readAll(),
    get: (name) => store.get(name),
    getMany: (names) => store.getMany(names),
    history: (name) => store.history(name),
    put: async (input) => {
      check(store, input.name);
      return store.put(input);
    },
    remove: async (input) => {
      check(store, input.name);
      return store.remove(input);
    },
    ping: () => store.ping(),
  });
  return { stores: stores.map(wrap), refuseWrites: (names) => (refused = new Set(names ?? [])) };
}
