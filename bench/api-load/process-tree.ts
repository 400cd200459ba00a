/**
 * What the portal costs the machine, read from /proc: the resident memory
 * and CPU time of the process the bench started and everything under it
 * (spawnDetached wraps the server in a small shell, and `next start` may
 * fork). Linux only, like the peers.
 */
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

type Stat = { pid: number; ppid: number; cpuTicks: number };

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // gone meanwhile
  }
}

function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The root and all its descendants that are alive now. */
function tree(root: number): Stat[] {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is Stat => stat !== null);
  const children = new Map<number, Stat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const rootStat = stats.find((stat) => stat.pid === root);
  if (!rootStat) return [];
  const found: Stat[] = [];
  const queue = [rootStat];
  while (queue.length > 0) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return found;
}

export type TreeUsage = { rssMb: number; cpuSeconds: number };

export function treeUsage(root: number): TreeUsage {
  const processes = tree(root);
  const rss = processes.reduce((sum, p) => sum + rssKb(p.pid), 0);
  const ticks = processes.reduce((sum, p) => sum + p.cpuTicks, 0);
  return { rssMb: rss / 1024, cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND };
}

/** Samples the tree's RSS every `intervalMs` until stopped; `stop` gives the largest seen and the CPU time used meanwhile. */
export function sampleUsage(root: number, intervalMs = 200): { stop(): { maxRssMb: number; cpuSeconds: number } } {
  const first = treeUsage(root);
  let maxRssMb = first.rssMb;
  const timer = setInterval(() => (maxRssMb = Math.max(maxRssMb, treeUsage(root).rssMb)), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = treeUsage(root);
      return { maxRssMb: Math.max(maxRssMb, last.rssMb), cpuSeconds: last.cpuSeconds - first.cpuSeconds };
    },
  };
}

/**
 * Resolves once the trees (the portal, and the peers it waits on) have used
 * under `maxShare` of a core together over a whole `windowMs` (requests a
 * load left behind are finished), or after `timeoutMs` with `false`.
 */
export async function waitUntilIdle(roots: number[], { maxShare = 0.05, windowMs = 1000, timeoutMs = 120_000 } = {}): Promise<boolean> {
  const cpuSeconds = () => roots.reduce((sum, root) => sum + treeUsage(root).cpuSeconds, 0);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const before = cpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if ((cpuSeconds() - before) / (windowMs / 1000) < maxShare) return true;
  }
  return false;
}
