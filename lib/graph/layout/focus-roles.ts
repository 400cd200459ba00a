/**
 * Who is who around a focused component: what it depends on (following
 * edges forward, up to `hops`) and what depends on it (backward), so a focus
 * view can colour the two sides differently and count them. The same walks
 * as the server's focus (lib/graph/graph-index.ts `neighbourhood`): on a
 * direction-aware answer every component but the root gets a role; with
 * siblings asked for, those reached only sideways (another consumer of the
 * same provider) get none, and `sidewaysCount` counts them.
 */

export type FocusEdge = { id: string; from: string; to: string; dangling?: boolean };

export type FocusRoles = {
  root: string;
  /** Component id → hops from the root, for what the root depends on. */
  dependencies: Map<string, number>;
  /** Component id → hops from the root, for what depends on the root. */
  dependents: Map<string, number>;
  dependencyEdges: Set<string>;
  dependentEdges: Set<string>;
};

function walk(start: string, hops: number, next: (id: string) => FocusEdge[], otherEnd: (edge: FocusEdge) => string): { reached: Map<string, number>; edges: Set<string> } {
  const reached = new Map<string, number>();
  const edges = new Set<string>();
  let frontier = [start];
  const seen = new Set([start]);
  for (let depth = 1; depth <= hops && frontier.length > 0; depth++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const edge of next(id)) {
        const other = otherEnd(edge);
        edges.add(edge.id);
        if (seen.has(other)) continue;
        seen.add(other);
        reached.set(other, depth);
        if (!edge.dangling) following.push(other);
      }
    }
    frontier = following;
  }
  return { reached, edges };
}

export function focusRoles(root: string, edges: readonly FocusEdge[], hops: number): FocusRoles {
  const outgoing = new Map<string, FocusEdge[]>();
  const incoming = new Map<string, FocusEdge[]>();
  for (const edge of edges) {
    outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
    incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge]);
  }
  const forward = walk(
    root,
    hops,
    (id) => outgoing.get(id) ?? [],
    (e) => e.to,
  );
  const backward = walk(
    root,
    hops,
    (id) => incoming.get(id) ?? [],
    (e) => e.from,
  );
  return { root, dependencies: forward.reached, dependents: backward.reached, dependencyEdges: forward.edges, dependentEdges: backward.edges };
}

/** Components shown that are neither the root nor one of its dependencies or dependents: the siblings a `siblings` focus adds. */
export function sidewaysCount(roles: FocusRoles, componentIds: Iterable<string>): number {
  let count = 0;
  for (const id of componentIds) if (id !== roles.root && !roles.dependencies.has(id) && !roles.dependents.has(id)) count += 1;
  return count;
}
