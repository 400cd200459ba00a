/**
 * The generated estate the render benchmark serves through the real app:
 * lib/store/synthetic-graph.ts's components (vpc blocks of clusters,
 * services, buckets, databases and lambdas wired by `*_nickname` fields,
 * about two references each) written as the embedded parameter store's file,
 * so the app reads, builds, drifts and stores them like any estate.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalParameterData } from '@/lib/params/local-parameter-store';
import { syntheticGraph } from '@/lib/store/synthetic-graph';

export type GeneratedEstate = { dataDir: string; settingsFile: string; components: number; envs: string[] };

/** The estate's parameters per environment (all under `/iac`), as the embedded store keeps them; bench/api-load puts the same ones into SSM. */
export function estateParameters(n: number): { data: LocalParameterData; components: number } {
  const { components } = syntheticGraph(n);
  const data: LocalParameterData = { format: 1, environments: {} };
  for (const c of components) {
    const env = (data.environments[c.env] ??= { prefix: '/iac', parameters: {} });
    const base = `/iac/${c.type}/${c.nickname}`;
    if (c.configRaw !== null) {
      env.parameters[`${base}/config`] = [{ version: 1, value: c.configRaw, modifiedAt: c.configModifiedAt!, modifiedBy: c.configModifiedBy! }];
    }
    if (c.runtimeRaw !== null) {
      env.parameters[`${base}/runtime`] = [
        { version: 1, value: c.runtimeRaw, modifiedAt: c.runtimeModifiedAt!, modifiedBy: 'arn:aws:sts::123456789012:assumed-role/terraform-deployer/bench' },
      ];
    }
  }
  return { data, components: components.length };
}

export function writeEstate(folder: string, n: number): GeneratedEstate {
  const { data, components } = estateParameters(n);
  const dataDir = path.join(folder, `data-${n}`);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'parameters.json'), JSON.stringify(data));
  const envs = Object.keys(data.environments).sort();
  const settingsFile = path.join(folder, `settings-${n}.json`);
  writeFileSync(settingsFile, JSON.stringify({ environments: envs.map((name) => ({ name, prefix: '/iac' })) }, null, 2));
  return { dataDir, settingsFile, components, envs };
}
