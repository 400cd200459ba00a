/**
 * The shortest dependency paths between two components, both directions
 * checked: `from` depending on `to` (edges followed forward from `from`) and
 * `to` depending on `from` (edges followed backward from `from`). One
 * breadth-first search per direction, a level at a time in step, stopping at
 * the first level that reaches `to`: the direction that got there has the
 * shortest paths (both when they tie, which takes a cycle). Every shortest
 * path is counted; at most MAX_PATHS are listed. Dangling edges lead nowhere.
 *
 * The search is a value its caller drives (`frontier` → the edges there →
 * `advance`), so the memory store runs it over an index and the gremlin store
 * over one traversal per level, under the same rules. Pure.
 */
import type { Edge } from '@/lib/model/graph';

/** Paths listed at most (all of them are counted): enough to read, few enough to draw. */
export const MAX_PATHS = 20;

export type PathDirection = 'forward' | 'backward';

export type DependencyPaths = {
  from: string;
  to: string;
  /** `forward`: `from` depends on `to`; `backward`: `to` depends on `from`; `both`: equally short either way; `none`: no path. */
  direction: PathDirection | 'both' | 'none';
  /** Edges on each shortest path; null when there is none. */
  hops: number | null;
  /** Up to MAX_PATHS shortest paths, each the component ids in dependency order (the consumer first). */
  paths: string[][];
  /** How many shortest paths there are (more than `paths` holds when capped). */
  total: number;
};

export type PathSearch = {
  /** Ids whose edges the next level needs: outgoing ones `forward`, incoming ones `backward`. Empty once the search is over. */
  frontier(direction: PathDirection): string[];
  isDone(): boolean;
  /**
   * One level: the edges at each side's frontier whose other end is a
   * component the search may enter (inside the view's filters).
   */
  advance(edges: Record<PathDirection, readonly Edge[]>): void;
  result(): DependencyPaths;
};

type Side = {
  /** Reached id → the ids one level nearer `from` with an edge to it: every one, so every shortest path is kept. */
  previous: Map<string, string[]>;
  frontier: string[];
};

export function noPath(from: string, to: string): DependencyPaths {
  return { from, to, direction: 'none', hops: null, paths: [], total: 0 };
}

/** A search from `from` to `to`, both of them components inside the view (a caller checks); a component and itself have no path. */
export function startPathSearch(from: string, to: string): PathSearch {
  const sides: Record<PathDirection, Side> = {
    forward: { previous: new Map([[from, []]]), frontier: [from] },
    backward: { previous: new Map([[from, []]]), frontier: [from] },
  };
  let level = 0;
  let winners: PathDirection[] = [];
  let isDone = from === to;

  const step = (side: Side, direction: PathDirection, edges: readonly Edge[]) => {
    const current = new Set(side.frontier);
    const reachedNow = new Set<string>();
    for (const edge of edges) {
      if (edge.dangling) continue;
      const [near, far] = direction === 'forward' ? [edge.from, edge.to] : [edge.to, edge.from];
      if (!current.has(near)) continue;
      const previous = side.previous.get(far);
      if (previous === undefined) {
        side.previous.set(far, [near]);
        reachedNow.add(far);
      } else if (reachedNow.has(far) && !previous.includes(near)) {
        previous.push(near);
      }
    }
    side.frontier = [...reachedNow].sort();
  };

  return {
    frontier: (direction) => (isDone ? [] : sides[direction].frontier),
    isDone: () => isDone,
    advance(edges) {
      if (isDone) return;
      level += 1;
      step(sides.forward, 'forward', edges.forward);
      step(sides.backward, 'backward', edges.backward);
      winners = (['forward', 'backward'] as const).filter((d) => sides[d].previous.has(to));
      isDone = winners.length > 0 || (sides.forward.frontier.length === 0 && sides.backward.frontier.length === 0);
    },
    result() {
      if (winners.length === 0) return noPath(from, to);
      const share = Math.floor(MAX_PATHS / winners.length);
      const paths = winners.flatMap((d) => {
        const listed = listPaths(sides[d].previous, from, to, share);
        return d === 'forward' ? listed : listed.map((path) => [...path].reverse());
      });
      const total = Math.min(
        Number.MAX_SAFE_INTEGER,
        winners.reduce((sum, d) => sum + countPaths(sides[d].previous, from, to), 0),
      );
      return { from, to, direction: winners.length === 2 ? 'both' : winners[0], hops: level, paths, total };
    },
  };
}

/** Chains from `from` to `to` through `previous`, in a fixed order (nearest-to-`to` ids sorted), at most `limit`. */
function listPaths(previous: Map<string, string[]>, from: string, to: string, limit: number): string[][] {
  const out: string[][] = [];
  const visit = (id: string, rest: string[]) => {
    if (out.length >= limit) return;
    if (id === from) {
      out.push([from, ...rest]);
      return;
    }
    for (const before of [...previous.get(id)!].sort()) visit(before, [id, ...rest]);
  };
  visit(to, []);
  return out;
}

function countPaths(previous: Map<string, string[]>, from: string, to: string): number {
  const counts = new Map<string, number>([[from, 1]]);
  const count = (id: string): number => {
    const known = counts.get(id);
    if (known !== undefined) return known;
    const sum = Math.min(
      Number.MAX_SAFE_INTEGER,
      previous.get(id)!.reduce((total, before) => total + count(before), 0),
    );
    counts.set(id, sum);
    return sum;
  };
  return count(to);
}

/** The components and the consumer → provider pairs on the listed paths: what a path view draws. */
export function pathElements(result: DependencyPaths): { ids: Set<string>; isOnPath: (edge: Pick<Edge, 'from' | 'to'>) => boolean } {
  const ids = new Set(result.paths.flat());
  const pairs = new Set(result.paths.flatMap((path) => path.slice(1).map((to, i) => `${path[i]}\n${to}`)));
  return { ids, isOnPath: (edge) => pairs.has(`${edge.from}\n${edge.to}`) };
}
