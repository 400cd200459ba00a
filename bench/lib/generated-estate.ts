/**
 * A generated estate for the simulation benchmark: N components over two
 * environments, vpcs, one shared KMS key per environment, clusters, buckets,
 * queues, databases, services and lambdas referring to each other as real
 * configs do (each type only to types before it), the same estate on every
 * run (a seeded generator). For the consequences of a change it also has
 * what the value index and the impact rules look at: every component has a
 * runtime of a few outputs (ids, ARNs, addresses), each vpc's runtime holds
 * its subnets (ranges inside its CIDR), every fifth service admits its vpc's
 * CIDR and every database its vpc's first subnet (stale copies when a vpc's
 * CIDR moves), and the impact rules say what a vpc's CIDR changes and that
 * clusters read only the vpc id.
 */
import type { JsonObject } from '@/lib/model/json';
import type { EnvironmentParameters } from '@/lib/model/parameters';
import type { SettingsFile } from '@/lib/model/settings';

export const ENVS = ['dev', 'prod'];

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

/** The impact rules of the generated estate (settings `derivedOutputs` and `consumes`). */
export const IMPACT_RULES: Pick<SettingsFile, 'derivedOutputs' | 'consumes'> = {
  derivedOutputs: { vpc: { cidr: ['vpc_cidr', 'private_subnet_cidrs', 'private_subnet_ids'], az_count: ['private_subnet_ids', 'private_subnet_cidrs'] } },
  consumes: { 'ecs-cluster': { vpc: ['vpc_id'] } },
};

/** The i-th vpc's range: 10.0.0.0/16, 10.1.0.0/16, … 10.255.0.0/16, 11.0.0.0/16, … */
export function vpcCidr(i: number): string {
  return `${10 + Math.floor(i / 256)}.${i % 256}.0.0/16`;
}

function subnets(i: number): string[] {
  const [a, b] = vpcCidr(i).split('.');
  return [0, 16, 32].map((third) => `${a}.${b}.${third}.0/20`);
}

const hex = (n: number, width = 17) => n.toString(16).padStart(width, '0');

export function generateEstate(n: number): EnvironmentParameters[] {
  const rand = random(n);
  const pick = (names: string[]) => names[Math.floor(rand() * names.length)];
  let serial = 0;
  return ENVS.map((env, e) => {
    const size = Math.floor(n / ENVS.length) + (e < n % ENVS.length ? 1 : 0);
    const names: Record<string, string[]> = {};
    const vpcIndex = new Map<string, number>();
    const parameters: EnvironmentParameters['parameters'] = [];
    const publish = (type: string, nickname: string, config: JsonObject, runtime: JsonObject) => {
      parameters.push({ name: `/iac/${type}/${nickname}/config`, value: JSON.stringify(config), version: 1, modifiedAt: '2026-11-01T00:00:00.000Z' });
      parameters.push({ name: `/iac/${type}/${nickname}/runtime`, value: JSON.stringify(runtime), version: 1, modifiedAt: '2026-11-01T00:10:00.000Z' });
    };
    for (const [type, share] of MIX) {
      const count = type === 'lambda' ? size - parameters.length / 2 : Math.max(1, Math.round(size * share));
      names[type] = Array.from({ length: count }, (_, i) => `${type.split('-')[0]}${i}`);
      for (const [i, nickname] of names[type].entries()) {
        const id = ++serial;
        const config: JsonObject = { tags: { Environment: env, Team: pick(['core', 'payments', 'search']) } };
        const runtime: JsonObject = { arn: `arn:aws:${type}:us-east-1:444455556666:${env}/${nickname}`, id: `${type.split('-')[0]}-${hex(id)}` };
        if (type === 'vpc') {
          const v = e * 1000 + i;
          vpcIndex.set(nickname, v);
          Object.assign(config, { cidr: vpcCidr(v), az_count: 3 });
          Object.assign(runtime, {
            vpc_id: `vpc-${hex(id)}`,
            vpc_cidr: vpcCidr(v),
            private_subnet_ids: [1, 2, 3].map((s) => `subnet-${hex(id * 4 + s)}`),
            private_subnet_cidrs: subnets(v),
          });
        }
        if (type === 'ecs-cluster' || type === 'aurora-postgres') {
          const vpc = pick(names.vpc);
          Object.assign(config, { vpc_nickname: vpc, kms_key_nickname: pick(names['kms-key']) });
          if (type === 'aurora-postgres') config.allowed_cidr_blocks = [subnets(vpcIndex.get(vpc)!)[0]];
        }
        if (type === 'ecs-service') {
          const cluster = pick(names['ecs-cluster']);
          const vpc = pick(names.vpc);
          Object.assign(config, {
            ecs_cluster_nickname: cluster,
            vpc_nickname: vpc,
            queues: { events: { sqs_queue_nickname: pick(names['sqs-queue']) } },
            aurora_postgres_nickname: pick(names['aurora-postgres']),
            desired_count: 2,
          });
          if (i % 5 === 0) config.allowed_cidrs = [vpcCidr(vpcIndex.get(vpc)!)];
          runtime.task_ip = `${subnets(vpcIndex.get(vpc)!)[i % 3].split('/')[0].replace(/\.0$/, '')}.${10 + (i % 200)}`;
        }
        if (type === 'lambda') {
          const functions: JsonObject = {};
          for (let f = 0; f < 3; f++)
            functions[`fn${f}`] = { src_type: 's3-bucket', src_nickname: pick(names['s3-bucket']), memory: 512, event_source: { sqs_queue_nickname: pick(names['sqs-queue']) } };
          Object.assign(config, { functions, ...(rand() < 0.3 ? { caller: { ecs_service_nickname: pick(names['ecs-service']) } } : {}) });
        }
        publish(type, nickname, config, runtime);
      }
    }
    return { env, prefix: '/iac', parameters };
  });
}
