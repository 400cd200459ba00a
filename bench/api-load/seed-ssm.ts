/**
 * Puts a generated estate (bench/ui-render/estate.ts) into SSM (moto), each
 * environment under `/<env>/iac` since they share one endpoint, and returns
 * the KARMA_ENVIRONMENTS that reads it back.
 */
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { LocalParameterData } from '@/lib/params/local-parameter-store';

export const SSM_CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
export const SSM_REGION = 'us-east-1';

/** Puts at a time: moto answers one at a time per thread; more only queue. */
const PARALLEL_PUTS = 16;

export async function seedSsm(endpoint: string, data: LocalParameterData): Promise<{ environments: string; parameters: number }> {
  const client = new SSMClient({ region: SSM_REGION, endpoint, credentials: SSM_CREDENTIALS, maxAttempts: 5 });
  const puts = Object.entries(data.environments).flatMap(([env, { parameters }]) =>
    Object.entries(parameters).map(([name, versions]) => ({ Name: `/${env}${name}`, Value: versions.at(-1)!.value, Type: 'String' as const })),
  );
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL_PUTS }, async () => {
        while (next < puts.length) {
          await client.send(new PutParameterCommand(puts[next++]));
        }
      }),
    );
  } finally {
    client.destroy();
  }
  const environments = Object.entries(data.environments)
    .map(([env, { prefix }]) => `${env}=/${env}${prefix}`)
    .join(',');
  return { environments, parameters: puts.length };
}
