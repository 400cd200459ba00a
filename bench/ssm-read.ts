/**
 * bench/ssm-read: reading a whole estate from SSM (moto) with Karma's reader
 * (GetParametersByPath, recursive, 10 per page) against a naive reader that
 * asks for each parameter by name (GetParameter, 8 at a time), in one run.
 * Prints calls against the minimum ⌈parameters / 10⌉ and wall times.
 *
 *   npm run bench -- ssm-read [--n 1000,10000]
 */
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SsmParameterStore } from '@/lib/params/ssm-parameter-store';
import { startMoto } from '../scripts/peers/moto.mjs';
import { parseSizes, round } from './lib/bench-args';

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

function countingClient(endpoint: string): { client: SSMClient; calls: () => number; reset: () => void } {
  let calls = 0;
  const client = new SSMClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 3 });
  client.middlewareStack.add(
    (next) => async (args) => {
      calls++;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return { client, calls: () => calls, reset: () => (calls = 0) };
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const TYPES = ['vpc', 's3-bucket', 'ecs-cluster', 'ecs-service', 'lambda', 'sqs-queue', 'aurora-postgres', 'serverless-api'];

async function seed(client: SSMClient, prefix: string, components: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < components; i++) {
    const base = `${prefix}/${TYPES[i % TYPES.length]}/c${String(i).padStart(5, '0')}`;
    names.push(`${base}/config`, `${base}/runtime`);
  }
  await inParallel(names, 16, async (name) => {
    const value = name.endsWith('/config')
      ? JSON.stringify({ vpc_nickname: 'main', instance_class: 'db.r6g.large', tags: { team: 'platform' } })
      : JSON.stringify({ arn: `arn:aws:ssm:us-east-1:111122223333:parameter${name}` });
    await client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String' }));
  });
  return names;
}

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2), [1_000, 10_000]);
  const moto = await startMoto();
  const figures: Record<string, number> = {};
  try {
    for (const n of sizes) {
      const prefix = `/bench${n}/iac`;
      const { client, calls, reset } = countingClient(moto.endpoint);
      process.stdout.write(`N=${n}: seeding ${2 * n} parameters… `);
      const names = await seed(client, prefix, n);
      console.log('done');

      reset();
      const store = new SsmParameterStore({ env: 'bench', prefix, client });
      let started = performance.now();
      const read = await store.readAll();
      const karmaMs = performance.now() - started;
      const karmaCalls = calls();
      if (read.length !== names.length) throw new Error(`Karma's reader returned ${read.length} of ${names.length} parameters`);

      reset();
      started = performance.now();
      await inParallel(names, 8, async (name) => {
        await client.send(new GetParameterCommand({ Name: name }));
      });
      const naiveMs = performance.now() - started;
      const naiveCalls = calls();

      const minimum = Math.ceil(names.length / 10);
      const rows = [
        ['reader', 'calls', 'vs minimum', 'wall ms'],
        ['karma (GetParametersByPath)', karmaCalls, `${round(karmaCalls / minimum, 3)}×`, Math.round(karmaMs)],
        ['naive (GetParameter each)', naiveCalls, `${round(naiveCalls / minimum, 3)}×`, Math.round(naiveMs)],
      ];
      console.log(`  parameters ${names.length}, minimum calls ⌈${names.length}/10⌉ = ${minimum}`);
      for (const row of rows) console.log(`  ${String(row[0]).padEnd(30)}${String(row[1]).padStart(8)}${String(row[2]).padStart(12)}${String(row[3]).padStart(10)}`);
      console.log(`  karma is ${round(naiveMs / karmaMs, 2)}× faster than naive and uses ${round(naiveCalls / karmaCalls, 1)}× fewer calls\n`);
      Object.assign(figures, {
        [`n${n}_parameters`]: names.length,
        [`n${n}_min_calls`]: minimum,
        [`n${n}_karma_calls`]: karmaCalls,
        [`n${n}_karma_calls_vs_min`]: round(karmaCalls / minimum, 3),
        [`n${n}_karma_ms`]: Math.round(karmaMs),
        [`n${n}_naive_calls`]: naiveCalls,
        [`n${n}_naive_ms`]: Math.round(naiveMs),
        [`n${n}_speedup_vs_naive`]: round(naiveMs / karmaMs, 2),
      });
      client.destroy();
    }
  } finally {
    await moto.stop();
  }
  console.log(JSON.stringify(figures));
}

await main();
