/**
 * The order `karma apply` (no id) applies approved requests in: providers
 * first. A request goes before another when one of its members is a
 * provider of one of the other's members, directly or through components
 * neither changes: the references of the current graph (a consumer's edge
 * to its provider) plus those the requests' own members add. Otherwise
 * oldest first: each request in age order, with the requests it waits for
 * pulled in just before it. Requests that depend on each other round a
 * cycle are reported and kept in age order. Pure.
 */
import { stronglyConnected } from '@/lib/graph/find-cycles';

export type PlannedRequest = {
  id: string;
  createdAt: string;
  /** The components it changes. */
  members: readonly string[];
  /** References its members' proposals add (consumer → provider), from its stored impact. */
  addedReferences: ReadonlyArray<{ from: string; to: string }>;
};

/** Why a request waits for another: `consumer`, a member of the one waiting, depends on `provider`, a member of the other. */
export type Dependency = { on: string; consumer: string; provider: string };

export type ApplyPlan = {
  /** Request ids in the order to apply them. */
  order: string[];
  /** For each request, the requests it waits for (providers of its members), in plan order. */
  dependsOn: Map<string, Dependency[]>;
  /** Requests that depend on each other round a cycle, each oldest first. */
  cycles: string[][];
};

const byAge = (a: PlannedRequest, b: PlannedRequest) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function providersGraph(edges: ReadonlyArray<{ from: string; to: string }>, requests: readonly PlannedRequest[]): Map<string, Set<string>> {
  const providers = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    if (from === to) return;
    let set = providers.get(from);
    if (!set) providers.set(from, (set = new Set()));
    set.add(to);
  };
  for (const e of edges) add(e.from, e.to);
  for (const r of requests) for (const e of r.addedReferences) add(e.from, e.to);
  return providers;
}

/** Every component `start` depends on, directly or through others. */
function reachable(providers: Map<string, Set<string>>, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    for (const next of providers.get(queue.pop()!) ?? []) {
      if (next === start || seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

export function planApplies(requests: readonly PlannedRequest[], edges: ReadonlyArray<{ from: string; to: string }>): ApplyPlan {
  const sorted = [...requests].sort(byAge);
  const providers = providersGraph(edges, sorted);
  const reach = new Map<string, Set<string>>();
  const reachOf = (id: string) => reach.get(id) ?? reach.set(id, reachable(providers, id)).get(id)!;

  // before: provider request → the requests that wait for it.
  const before = new Map<string, Set<string>>(sorted.map((r) => [r.id, new Set<string>()]));
  const found = new Map<string, Dependency[]>(sorted.map((r) => [r.id, []]));
  for (const consumer of sorted) {
    for (const provider of sorted) {
      if (provider === consumer) continue;
      const dependency = consumer.members
        .flatMap((c) => provider.members.filter((p) => p !== c && reachOf(c).has(p)).map((p) => ({ on: provider.id, consumer: c, provider: p })))
        .at(0);
      if (!dependency) continue;
      before.get(provider.id)!.add(consumer.id);
      found.get(consumer.id)!.push(dependency);
    }
  }

  const age = new Map(sorted.map((r, i) => [r.id, i]));
  // Strongly connected components of the "goes before" relation: a cycle is one group.
  const groups = stronglyConnected(
    sorted.map((r) => r.id),
    new Map([...before].map(([id, next]) => [id, [...next]])),
  ).map((ids) => ids.sort((a, b) => age.get(a)! - age.get(b)!));
  const groupOf = new Map(groups.flatMap((ids, g) => ids.map((id) => [id, g] as const)));

  // Oldest first, each group (a cycle is one) pulling the groups it waits for in before it, oldest of those first.
  const providerGroups = groups.map(() => new Set<number>());
  for (const [provider, consumers] of before) {
    for (const consumer of consumers) if (groupOf.get(provider) !== groupOf.get(consumer)) providerGroups[groupOf.get(consumer)!].add(groupOf.get(provider)!);
  }
  const oldest = (g: number) => age.get(groups[g][0])!;
  const order: string[] = [];
  const placed = new Set<number>();
  const place = (g: number) => {
    if (placed.has(g)) return;
    placed.add(g);
    for (const p of [...providerGroups[g]].sort((a, b) => oldest(a) - oldest(b))) place(p);
    order.push(...groups[g]);
  };
  for (const g of groups.map((_, i) => i).sort((a, b) => oldest(a) - oldest(b))) place(g);

  const position = new Map(order.map((id, i) => [id, i]));
  const dependsOn = new Map([...found].map(([id, deps]) => [id, deps.sort((a, b) => position.get(a.on)! - position.get(b.on)!)]));
  return { order, dependsOn, cycles: groups.filter((ids) => ids.length > 1).sort((a, b) => position.get(a[0])! - position.get(b[0])!) };
}
