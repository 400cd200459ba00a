/**
 * bench/simulate: how long one change simulation takes on generated estates
 * of 1,000 and 10,000 components (two environments; vpcs, clusters, queues,
 * buckets, services and lambdas referring to each other as real configs do).
 * The graph is built and indexed once, as the portal does per graph; then
 * each target is simulated repeatedly: the environment's shared KMS key
 * (about half the estate depends on it), the widest vpc, a cluster, a leaf
 * lambda and a new component. Prints median and p95 per
 * target, then one line with a JSON object of the figures.
 *
 *   npm run bench -- simulate [--n 1000,10000]
 */
import { buildGraph } from '@/lib/graph/build-graph';
import { indexForSimulation } from '@/lib/changes/simulation-index';
import { simulateChange } from '@/lib/changes/simulate-change';
import type { OpenRequest } from '@/lib/changes/find-conflicts';
import type { JsonObject, JsonValue } from '@/lib/model/json';
import type { EnvironmentParameters } from '@/lib/model/parameters';
import type { ProposalTarget } from '@/lib/model/simulation';
import { median, parseSizes, round } from './lib/bench-args';

const RUNS = 200;
const WARM_UP = 20;
const ENVS = ['dev', 'prod'];

/** mulberry32: the same estate on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of the components per type, providers first; each refers only to types before it. */
const MIX: Array<[string, number]> = [
  ['vpc', 0.005],
  // One key per environment that every cluster and database uses: the worst-case blast radius.
  ['kms-key', 0],
  ['ecs-cluster', 0.02],
  ['s3-bucket', 0.1],
  ['sqs-queue', 0.12],
  ['aurora-postgres', 0.05],
  ['ecs-service', 0.3],
  ['lambda', 0.4],
];

function generate(n: number): EnvironmentParameters[] {
  const rand = random(n);
  const pick = (names: string[]) => names[Math.floor(rand() * names.length)];
  return ENVS.map((env, e) => {
    const size = Math.floor(n / ENVS.length) + (e < n % ENVS.length ? 1 : 0);
    const names: Record<string, string[]> = {};
    const parameters: EnvironmentParameters['parameters'] = [];
    for (const [type, share] of MIX) {
      const count = type === 'lambda' ? size - parameters.length : Math.max(1, Math.round(size * share));
      names[type] = Array.from({ length: count }, (_, i) => `${type.split('-')[0]}${i}`);
      for (const nickname of names[type]) {
        const config: JsonObject = { tags: { Environment: env, Team: pick(['core', 'payments', 'search']) } };
        if (type === 'vpc') Object.assign(config, { cidr: `10.${parameters.length % 250}.0.0/16`, az_count: 3 });
        if (type === 'ecs-cluster' || type === 'aurora-postgres') Object.assign(config, { vpc_nickname: pick(names.vpc), kms_key_nickname: pick(names['kms-key']) });
        if (type === 'ecs-service') {
          Object.assign(config, {
            ecs_cluster_nickname: pick(names['ecs-cluster']),
            vpc_nickname: pick(names.vpc),
            queues: { events: { sqs_queue_nickname: pick(names['sqs-queue']) } },
            aurora_postgres_nickname: pick(names['aurora-postgres']),
            desired_count: 2,
          });
        }
        if (type === 'lambda') {
          const functions: JsonObject = {};
          for (let f = 0; f < 3; f++)
            functions[`fn${f}`] = { src_type: 's3-bucket', src_nickname: pick(names['s3-bucket']), memory: 512, event_source: { sqs_queue_nickname: pick(names['sqs-queue']) } };
          Object.assign(config, { functions, ...(rand() < 0.3 ? { caller: { ecs_service_nickname: pick(names['ecs-service']) } } : {}) });
        }
        parameters.push({ name: `/iac/${type}/${nickname}/config`, value: JSON.stringify(config), version: 1, modifiedAt: '2026-11-01T00:00:00.000Z' });
      }
    }
    return { env, prefix: '/iac', parameters };
  });
}

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

type TargetFigures = { dependents: number; medianMs: number; p95Ms: number };

function main(): void {
  const sizes = parseSizes(process.argv.slice(2), [1_000, 10_000]);
  const results: Array<{ n: number; edges: number; buildMs: number; indexMs: number; targets: Record<string, TargetFigures> }> = [];
  for (const n of sizes) {
    let started = performance.now();
    const graph = buildGraph({ environments: generate(n) });
    const buildMs = performance.now() - started;
    started = performance.now();
    const index = indexForSimulation({ graph, referenceRules: [], prefixes: { dev: '/iac', prod: '/iac' } });
    const indexMs = performance.now() - started;

    const dependents = new Map<string, number>();
    for (const edge of graph.edges) dependents.set(edge.to, (dependents.get(edge.to) ?? 0) + 1);
    const prodOf = (type: string) => graph.components.filter((c) => c.env === 'prod' && c.type === type);
    const widest = (type: string) => prodOf(type).reduce((best, c) => ((dependents.get(c.id) ?? 0) > (dependents.get(best.id) ?? 0) ? c : best));
    const key = widest('kms-key');
    const hub = widest('vpc');
    const cluster = widest('ecs-cluster');
    const leaf = prodOf('lambda')[0];
    const openRequests: OpenRequest[] = graph.components
      .filter((_, i) => i % 50 === 0)
      .map((c, i) => ({ id: `cr:${i}`, title: `bench ${i}`, status: 'open', author: 'bench', componentId: c.id }));

    const targets: Array<[string, ProposalTarget, string]> = [
      ['shared kms key', { componentId: key.id }, edited(key.config)],
      ['widest vpc', { componentId: hub.id }, edited(hub.config)],
      ['cluster', { componentId: cluster.id }, edited(cluster.config)],
      ['leaf lambda', { componentId: leaf.id }, edited(leaf.config)],
      [
        'new component',
        { env: 'prod', type: 'ecs-service', nickname: 'bench-new' },
        JSON.stringify({ ecs_cluster_nickname: cluster.nickname, vpc_nickname: hub.nickname }, null, 2),
      ],
    ];
    console.log(`N=${n}: ${graph.components.length} components, ${graph.edges.length} edges; build ${round(buildMs)} ms, index ${round(indexMs)} ms`);
    const figures: Record<string, TargetFigures> = {};
    for (const [name, target, proposedConfig] of targets) {
      const times: number[] = [];
      let total = 0;
      for (let run = 0; run < WARM_UP + RUNS; run++) {
        const t0 = performance.now();
        const result = simulateChange({ index, schemas: SCHEMAS, openRequests, allowAdvancedTier: false, target, proposedConfig, now: new Date() });
        const elapsed = performance.now() - t0;
        if (!result.isValid) throw new Error(`${name}: the bench proposal is invalid: ${result.errors.map((e) => e.message).join('; ')}`);
        total = result.blastRadius.total;
        if (run >= WARM_UP) times.push(elapsed);
      }
      figures[name] = { dependents: total, medianMs: round(median(times), 3), p95Ms: round(percentile(times, 95), 3) };
      console.log(
        `  ${name.padEnd(15)} blast radius ${String(total).padStart(6)}   median ${figures[name].medianMs.toFixed(3).padStart(8)} ms   p95 ${figures[name].p95Ms.toFixed(3).padStart(8)} ms`,
      );
    }
    results.push({ n, edges: graph.edges.length, buildMs: round(buildMs), indexMs: round(indexMs), targets: figures });
  }
  console.log(JSON.stringify({ bench: 'simulate', runs: RUNS, results }));
}

main();
