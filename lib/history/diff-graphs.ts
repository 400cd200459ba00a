/**
 * What changed in the estate between two moments (ARCHITECTURE.md §6c):
 * components added, removed and changed (config and runtime versions, the
 * fields that differ, the drift status), edges added and removed. Pure.
 */
import { diffJson } from '@/lib/json/diff-json';
import type { Component, Edge, Graph } from '@/lib/model/graph';
import type { ComponentDiff, DocumentChange, GraphDiff } from '@/lib/model/history';
import { byId } from '@/lib/model/ids';

function documentChange(before: Component, after: Component, document: 'config' | 'runtime'): DocumentChange | null {
  const [a, b] = document === 'config' ? [before.configRaw, after.configRaw] : [before.runtimeRaw, after.runtimeRaw];
  const [va, vb] = document === 'config' ? [before.configVersion, after.configVersion] : [before.runtimeVersion, after.runtimeVersion];
  if (a === b && va === vb) return null;
  const [pa, pb] = document === 'config' ? [before.config, after.config] : [before.runtime, after.runtime];
  return { before: va, after: vb, fields: diffJson(pa, pb) };
}

function componentDiff(before: Component, after: Component): ComponentDiff | null {
  const config = documentChange(before, after, 'config');
  const runtime = documentChange(before, after, 'runtime');
  const [sa, sb] = [before.drift?.status ?? null, after.drift?.status ?? null];
  const status = sa === sb ? null : { before: sa, after: sb };
  return config || runtime || status ? { id: after.id, config, runtime, status } : null;
}

export function diffGraphs(before: Graph, after: Graph, times: { before: string; after: string | null }): GraphDiff {
  const then = new Map(before.components.map((c) => [c.id, c]));
  const now = new Map(after.components.map((c) => [c.id, c]));
  const added: string[] = [];
  const changed: ComponentDiff[] = [];
  for (const c of after.components) {
    const old = then.get(c.id);
    if (!old) added.push(c.id);
    else {
      const diff = componentDiff(old, c);
      if (diff) changed.push(diff);
    }
  }
  const removed = before.components.filter((c) => !now.has(c.id)).map((c) => c.id);
  const edgesThen = new Set(before.edges.map((e) => e.id));
  const edgesNow = new Set(after.edges.map((e) => e.id));
  return {
    before: times.before,
    after: times.after,
    added: added.sort(),
    removed: removed.sort(),
    changed: changed.sort(byId),
    edgesAdded: after.edges.filter((e) => !edgesThen.has(e.id)).sort(byId),
    edgesRemoved: before.edges.filter((e) => !edgesNow.has(e.id)).sort(byId),
  };
}

/** The later graph plus the components and edges only the earlier had, so a removal can be drawn; sorted by id like the stores. */
export function unionForDiff(before: Graph, after: Graph): Graph {
  const now = new Set(after.components.map((c) => c.id));
  const edgesNow = new Set(after.edges.map((e) => e.id));
  const components: Component[] = [...after.components, ...before.components.filter((c) => !now.has(c.id))].sort(byId);
  const edges: Edge[] = [...after.edges, ...before.edges.filter((e) => !edgesNow.has(e.id))].sort(byId);
  return { ...after, components, edges };
}
