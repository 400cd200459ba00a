import 'server-only';
import type { EnvironmentSettings } from '@/lib/model/settings';
import { LocalParameterFile } from './local-parameter-store';
import { nestedPrefixes } from './nested-prefixes';
import type { ParameterStore } from './parameter-store';
import { seedFromFixtures } from './seed-local';
import { SsmParameterStore } from './ssm-parameter-store';

/** The parameter stores of every configured environment, chosen once from settings. */
export type ParameterSources = {
  kind: 'local' | 'ssm';
  stores: ParameterStore[];
  forEnv(env: string): ParameterStore | undefined;
  /** The embedded store's file (local mode only), for seeding. */
  localFile: LocalParameterFile | null;
};

export type ParameterSourceSettings = {
  parameters: { kind: 'local' | 'ssm' };
  environments: EnvironmentSettings[];
  dataDir: string;
  fixturesDir: string;
  allowAdvancedTier: boolean;
};

function sources(kind: ParameterSources['kind'], stores: ParameterStore[], localFile: LocalParameterFile | null): ParameterSources {
  const byEnv = new Map(stores.map((s) => [s.env, s]));
  return { kind, stores, forEnv: (env) => byEnv.get(env), localFile };
}

export async function createParameterSources(settings: ParameterSourceSettings): Promise<ParameterSources> {
  if (settings.parameters.kind === 'ssm') {
    const nested = nestedPrefixes(settings.environments);
    const stores = settings.environments.map(
      (e) =>
        new SsmParameterStore({
          env: e.name,
          prefix: e.prefix,
          region: e.region,
          profile: e.profile,
          endpoint: e.endpoint,
          allowAdvancedTier: settings.allowAdvancedTier,
          excludedPrefixes: nested.get(e.name),
        }),
    );
    return sources('ssm', stores, null);
  }
  const file = LocalParameterFile.inDataDir(settings.dataDir);
  // First start: the embedded store begins as the demo estate.
  if (!(await file.exists())) await seedFromFixtures(file, settings.fixturesDir);
  const prefixes = new Map(settings.environments.map((e) => [e.name, e.prefix]));
  const envs = (await file.environments()).map(({ env, prefix }) => ({ name: env, prefix: prefixes.get(env) ?? prefix }));
  // One file is one endpoint: nested prefixes are left out of each other's reads as in SSM.
  const nested = nestedPrefixes(envs);
  const stores = envs.map(({ name, prefix }) => file.store(name, prefix, nested.get(name)));
  return sources('local', stores, file);
}
