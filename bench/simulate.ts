/**
 * bench/simulate: how long change simulations take on generated estates of
 * 1,000, 10,000 and 50,000 components (bench/lib/generated-estate.ts: two
 * environments; vpcs, clusters, queues, buckets, databases, services and
 * lambdas referring to each other as real configs do, each with a runtime).
 * The graph is built and indexed once, as the portal does per graph (the
 * value index timed on its own too); then each target is simulated
 * repeatedly: the environment's shared KMS key (about half the estate
 * depends on it), the widest vpc, a cluster, a leaf lambda and a new
 * component, each through simulateChange; and the consequences of a new
 * CIDR for the widest vpc and of a 10-member set (new CIDRs for the ten
 * widest vpcs; at 1,000 components, which have three, the widest clusters
 * fill it up with a note), both through the engine alone (dependents, blastRadiusOf,
 * consequencesOf) and through the whole simulation. Prints median and p95
 * per target, the time per dependent across sizes (linear growth keeps it
 * flat), then one line with a JSON object of the figures.
 *
 *   npm run bench -- simulate [--n 1000,10000,50000]
 */
import { blastRadiusOf, combinedDependents } from '@/lib/changes/blast-radius';
import { consequencesOf, type ProposedChange } from '@/lib/changes/consequences';
import type { OpenRequest } from '@/lib/changes/find-conflicts';
import { simulateChange, simulateChangeSet } from '@/lib/changes/simulate-change';
import { indexForSimulation, type SimulationIndex } from '@/lib/changes/simulation-index';
import { indexEstateValues } from '@/lib/changes/value-index';
import { buildGraph } from '@/lib/graph/build-graph';
import { diffJson } from '@/lib/json/diff-json';
import type { Component } from '@/lib/model/graph';
import type { JsonObject, JsonValue } from '@/lib/model/json';
import type { ProposalTarget, ProposedMember } from '@/lib/model/simulation';
import { median, parseSizes, round } from './lib/bench-args';
import { ENVS, generateEstate, IMPACT_RULES } from './lib/generated-estate';

const RUNS = 200;
const WARM_UP = 20;

const SCHEMAS: Record<string, JsonObject> = {
  vpc: {
    type: 'object',
    required: ['cidr', 'az_count', 'tags'],
    additionalProperties: false,
    properties: { cidr: { type: 'string', format: 'cidr' }, az_count: { type: 'integer', minimum: 1, maximum: 6 }, tags: { type: 'object' }, note: { type: 'string' } },
  },
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function edited(config: JsonValue | null): string {
  return JSON.stringify({ ...(config as JsonObject), note: 'bench edit' }, null, 2);
}

/** A new CIDR for a vpc: 172.16.0.0/16, 172.17.0.0/16, … (apart from every generated range). */
function recidred(config: JsonValue | null, i: number): JsonObject {
  return { ...(config as JsonObject), cidr: `172.${16 + i}.0.0/16` };
}

type Figures = { dependents: number; medianMs: number; p95Ms: number; usPerDependent: number | null };

function measure(name: string, run: () => number): Figures {
  const times: number[] = [];
  let dependents = 0;
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const t0 = performance.now();
    dependents = run();
    const elapsed = performance.now() - t0;
    if (i >= WARM_UP) times.push(elapsed);
  }
  const medianMs = median(times);
  const figures = {
    dependents,
    medianMs: round(medianMs, 3),
    p95Ms: round(percentile(times, 95), 3),
    usPerDependent: dependents > 0 ? round((medianMs * 1000) / dependents, 2) : null,
  };
  const perDependent = figures.usPerDependent === null ? '' : `   ${figures.usPerDependent.toFixed(2).padStart(7)} µs per dependent`;
  console.log(
    `  ${name.padEnd(32)} dependents ${String(dependents).padStart(6)}   median ${figures.medianMs.toFixed(3).padStart(8)} ms   p95 ${figures.p95Ms.toFixed(3).padStart(8)} ms${perDependent}`,
  );
  return figures;
}

function change(component: Component, after: JsonObject): ProposedChange {
  const before = component.config;
  return { id: component.id, env: component.env, type: component.type, nickname: component.nickname, action: 'update', before, after, diff: diffJson(before, after) };
}

/** The engine alone, as the simulation runs it for a set: every member's dependents combined (smallest depth), the blast radius, the consequences. */
function engine(index: SimulationIndex, changes: ProposedChange[]) {
  const dependents = combinedDependents(
    index.graph,
    changes.map((c) => c.id),
  );
  const blast = blastRadiusOf(index.graph, dependents);
  const consequences = consequencesOf({ index, changes, dependents });
  return { blast, consequences };
}

type SizeFigures = {
  n: number;
  edges: number;
  buildMs: number;
  indexMs: number;
  valueIndexMs: number;
  values: number;
  targets: Record<string, Figures>;
  vpcConsequences: { counts: Record<string, number>; staleCopies: number; changedOutputs: number };
  setConsequences: { counts: Record<string, number>; staleCopies: number; changedOutputs: number };
};

function main(): void {
  const sizes = parseSizes(process.argv.slice(2), [1_000, 10_000, 50_000]);
  const results: SizeFigures[] = [];
  for (const n of sizes) {
    let started = performance.now();
    const graph = buildGraph({ environments: generateEstate(n) });
    const buildMs = performance.now() - started;
    started = performance.now();
    const index = indexForSimulation({ graph, referenceRules: [], prefixes: Object.fromEntries(ENVS.map((e) => [e, '/iac'])), ...IMPACT_RULES });
    const indexMs = performance.now() - started;
    const valueTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      indexEstateValues(graph.components);
      valueTimes.push(performance.now() - t0);
    }
    const valueIndexMs = median(valueTimes);

    const dependents = new Map<string, number>();
    for (const edge of graph.edges) dependents.set(edge.to, (dependents.get(edge.to) ?? 0) + 1);
    const prodOf = (type: string) => graph.components.filter((c) => c.env === 'prod' && c.type === type);
    const byWidth = (type: string) => [...prodOf(type)].sort((a, b) => (dependents.get(b.id) ?? 0) - (dependents.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1));
    const key = byWidth('kms-key')[0];
    const vpcs = byWidth('vpc');
    const hub = vpcs[0];
    const cluster = byWidth('ecs-cluster')[0];
    // Ten members: the widest vpcs with new CIDRs, topped up with the widest clusters (a note) where the estate has fewer vpcs.
    const setMembersOf = [...vpcs.slice(0, 10), ...byWidth('ecs-cluster').slice(0, Math.max(0, 10 - vpcs.length))];
    const proposedFor = (c: Component, i: number): JsonObject => (c.type === 'vpc' ? recidred(c.config, i) : { ...(c.config as JsonObject), note: 'bench edit' });
    const leaf = prodOf('lambda')[0];
    const openRequests: OpenRequest[] = graph.components
      .filter((_, i) => i % 50 === 0)
      .map((c, i) => ({
        id: `cr:${i}`,
        title: `bench ${i}`,
        status: 'open',
        author: 'bench',
        componentId: c.id,
        members: [
          {
            componentId: c.id,
            env: c.env,
            type: c.type,
            nickname: c.nickname,
            action: 'update',
            baseVersion: 1,
            proposedConfig: edited(c.config),
            git: null,
            appliedVersion: null,
            isApplied: false,
          },
        ],
      }));
    const simulate = (target: ProposalTarget, proposedConfig: string) => {
      const result = simulateChange({ index, schemas: SCHEMAS, openRequests, allowAdvancedTier: false, target, proposedConfig, now: new Date() });
      if (!result.isValid) throw new Error(`the bench proposal for ${JSON.stringify(target)} is invalid: ${result.errors.map((e) => e.message).join('; ')}`);
      return result.blastRadius.total;
    };
    const setMembers: ProposedMember[] = setMembersOf.map((c, i) => ({ target: { componentId: c.id }, proposedConfig: JSON.stringify(proposedFor(c, i), null, 2) }));
    const hubChange = [change(hub, recidred(hub.config, 0))];
    const setChanges = setMembersOf.map((c, i) => change(c, proposedFor(c, i)));

    console.log(
      `N=${n}: ${graph.components.length} components, ${graph.edges.length} edges; build ${round(buildMs)} ms, simulation index ${round(indexMs)} ms (value index alone ${round(valueIndexMs)} ms, ${index.values.size} values)`,
    );
    const targets: Record<string, Figures> = {
      'shared kms key': measure('shared kms key', () => simulate({ componentId: key.id }, edited(key.config))),
      'widest vpc': measure('widest vpc', () => simulate({ componentId: hub.id }, edited(hub.config))),
      cluster: measure('cluster', () => simulate({ componentId: cluster.id }, edited(cluster.config))),
      'leaf lambda': measure('leaf lambda', () => simulate({ componentId: leaf.id }, edited(leaf.config))),
      'new component': measure('new component', () =>
        simulate({ env: 'prod', type: 'ecs-service', nickname: 'bench-new' }, JSON.stringify({ ecs_cluster_nickname: cluster.nickname, vpc_nickname: hub.nickname }, null, 2)),
      ),
      'vpc cidr: engine': measure('vpc cidr: engine', () => engine(index, hubChange).blast.total),
      'vpc cidr: simulateChange': measure('vpc cidr: simulateChange', () => simulate({ componentId: hub.id }, JSON.stringify(recidred(hub.config, 0), null, 2))),
      '10-member set: engine': measure('10-member set: engine', () => engine(index, setChanges).blast.total),
      '10-member set: simulateChangeSet': measure('10-member set: simulateChangeSet', () => {
        const result = simulateChangeSet({ index, schemas: SCHEMAS, openRequests, allowAdvancedTier: false, members: setMembers, now: new Date() });
        if (!result.isValid) throw new Error(`the bench set is invalid: ${result.errors.map((e) => e.message).join('; ')}`);
        return result.blastRadius.total;
      }),
    };
    const summary = (changes: ProposedChange[]) => {
      const { consequences } = engine(index, changes);
      return { counts: consequences.counts, staleCopies: consequences.staleCopies.length, changedOutputs: consequences.changedOutputs.length };
    };
    const vpcConsequences = summary(hubChange);
    const setConsequences = summary(setChanges);
    console.log(`  vpc cidr: ${JSON.stringify(vpcConsequences)}`);
    console.log(`  10-member set: ${JSON.stringify(setConsequences)}`);
    results.push({
      n,
      edges: graph.edges.length,
      buildMs: round(buildMs),
      indexMs: round(indexMs),
      valueIndexMs: round(valueIndexMs),
      values: index.values.size,
      targets,
      vpcConsequences,
      setConsequences,
    });
  }

  if (results.length > 1) {
    console.log('\nTime per dependent (µs), by size: flat is linear');
    for (const name of Object.keys(results[0].targets)) {
      const per = results.map((r) => r.targets[name].usPerDependent);
      if (per.every((p) => p !== null)) console.log(`  ${name.padEnd(32)} ${results.map((r, i) => `${r.n}: ${per[i]!.toFixed(2)}`).join('   ')}`);
    }
  }
  console.log(JSON.stringify({ bench: 'simulate', runs: RUNS, results }));
}

main();
