/**
 * The human summary of `karma graph build`. One rule with the JSON: every
 * problem on a component (`graph.components[].problems`, what `--json`
 * prints) is listed under its kind, so the text never has fewer problems
 * than the JSON. Dangling references and cycles read from the edges and the
 * cycle list (one line per reference or loop, not per component in it);
 * invalid documents are those `isInvalid` names, the rule drift's `invalid`
 * shares; every other kind gets a section of its own.
 */
import { isInvalid, type Component, type Graph, type Problem } from '@/lib/model/graph';
import { table } from './io';

/** Kinds said through the edges and the cycle list instead of per component. */
const SAID_BY_THE_GRAPH = new Set(['dangling_reference', 'in_cycle']);

const isDocumentProblem = (p: Problem) => p.code.endsWith('_not_json') || p.code === 'schema_violation';

function typeTable(graph: Graph): string[] {
  const counts = new Map<string, Map<string, number>>();
  for (const c of graph.components) {
    const byType = counts.get(c.env) ?? new Map<string, number>();
    byType.set(c.type, (byType.get(c.type) ?? 0) + 1);
    counts.set(c.env, byType);
  }
  const envs = [...counts.keys()].sort();
  const types = [...new Set(graph.components.map((c) => c.type))].sort();
  const count = (env: string, type: string) => counts.get(env)?.get(type) ?? 0;
  return [
    `${graph.components.length} components in ${envs.length} environment(s), ${graph.edges.length} edges`,
    '',
    table([['type', ...envs, 'total'], ...types.map((t) => [t, ...envs.map((e) => count(e, t)), envs.reduce((n, e) => n + count(e, t), 0)])]),
  ];
}

/** Every problem not said by the edges, cycles or invalid documents, by kind. */
function otherProblems(components: Component[]): Map<string, Array<{ id: string; problem: Problem }>> {
  const byKind = new Map<string, Array<{ id: string; problem: Problem }>>();
  for (const c of components) {
    for (const problem of c.problems) {
      if (SAID_BY_THE_GRAPH.has(problem.code) || isDocumentProblem(problem)) continue;
      const list = byKind.get(problem.code) ?? [];
      list.push({ id: c.id, problem });
      byKind.set(problem.code, list);
    }
  }
  return new Map([...byKind].sort(([a], [b]) => a.localeCompare(b)));
}

export function summariseGraph(graph: Graph, warnings: string[]): { text: string; problems: number } {
  const lines = typeTable(graph);

  const dangling = graph.edges.filter((e) => e.dangling);
  lines.push('', `Dangling references: ${dangling.length}`);
  for (const e of dangling) lines.push(`  ${e.from}  ${e.path} → ${e.to} (does not exist)`);
  lines.push(`Cycles: ${graph.cycles.length}`);
  for (const cycle of graph.cycles) lines.push(`  ${[...cycle, cycle[0]].join(' → ')}`);

  const invalid = graph.components.filter(isInvalid);
  lines.push(`Invalid documents: ${invalid.length}`);
  for (const c of invalid) for (const p of c.problems.filter(isDocumentProblem)) lines.push(`  ${c.id}  ${p.message}`);

  // Listed, with the code the JSON has, but they do not fail the build (the path wins over an inner nickname, and so on).
  const others = otherProblems(graph.components);
  lines.push(`Other problems: ${[...others.values()].reduce((n, found) => n + found.length, 0)}`);
  for (const [kind, found] of others) {
    lines.push(`  ${kind} (${found.length})`);
    for (const { id, problem } of found) lines.push(`    ${id}  ${problem.message}`);
  }

  if (graph.ignoredParameters.length > 0) {
    lines.push(`Parameters that belong to no component (ignored): ${graph.ignoredParameters.length}`);
    for (const p of graph.ignoredParameters) lines.push(`  ${p.env}  ${p.name}`);
  }
  if (warnings.length > 0) {
    lines.push(`Warnings: ${warnings.length}`);
    for (const w of warnings) lines.push(`  ${w}`);
  }
  return { text: lines.join('\n'), problems: dangling.length + graph.cycles.length + invalid.length };
}
