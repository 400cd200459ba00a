/**
 * Cycle detection over `depends_on` edges (Tarjan's strongly connected
 * components, iterative so deep chains cannot overflow the stack). Each
 * cycle is reported as one concrete loop through its smallest id, so the
 * report reads "a → b → c → a".
 */

import { runStraight, type Stepwise } from './stepwise';

export type DirectedEdge = { from: string; to: string };

/**
 * Every strongly connected component of `adjacency` (a node's targets, in
 * order; a node without an entry has none), single nodes included, in the
 * order Tarjan's walk closes them: a component after every component it
 * reaches. Iterative, yielding after each step of the walk.
 */
export function* stronglyConnectedStepwise(nodes: readonly string[], adjacency: ReadonlyMap<string, readonly string[]>): Stepwise<string[][]> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      yield;
      const frame = work[work.length - 1];
      const targets = adjacency.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const members: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          members.push(member);
        } while (member !== frame.node);
        components.push(members);
      }
    }
  }
  return components;
}

export function stronglyConnected(nodes: readonly string[], adjacency: ReadonlyMap<string, readonly string[]>): string[][] {
  return runStraight(stronglyConnectedStepwise(nodes, adjacency));
}

export function findCycles(nodes: string[], edges: DirectedEdge[]): string[][] {
  return runStraight(findCyclesStepwise(nodes, edges));
}

/** The same search, yielding after each step of the walk (./stepwise.ts): the build's sync runs it in slices. */
export function* findCyclesStepwise(nodes: string[], edges: DirectedEdge[]): Stepwise<string[][]> {
  const adjacency = new Map<string, string[]>();
  for (const node of nodes) {
    adjacency.set(node, []);
    yield;
  }
  for (const { from, to } of edges) {
    if (adjacency.has(from) && adjacency.has(to)) adjacency.get(from)!.push(to);
    yield;
  }

  const components = (yield* stronglyConnectedStepwise(nodes, adjacency)).filter((members) => members.length > 1 || adjacency.get(members[0])!.includes(members[0]));
  return components.map((members) => loopThrough(members, adjacency)).sort((a, b) => a[0].localeCompare(b[0]));
}

/** The shortest loop from the smallest member back to itself, inside its component. */
function loopThrough(members: string[], adjacency: Map<string, string[]>): string[] {
  const inside = new Set(members);
  const start = [...members].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const target of [...adjacency.get(node)!].sort()) {
      if (!inside.has(target)) continue;
      if (target === start) {
        const loop = [node];
        while (loop[0] !== start) loop.unshift(previous.get(loop[0])!);
        return loop;
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start];
}
