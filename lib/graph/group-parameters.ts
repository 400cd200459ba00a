/**
 * Step 1 of the build: parameters → component drafts. The component is named
 * by the parameter path (`<prefix>/<type>/<nickname>/config|runtime`), never
 * by a `nickname` field inside the config.
 */
import type { EnvironmentParameters, Parameter } from '@/lib/model/parameters';
import { byId, componentId, isValidName } from '@/lib/model/ids';
import { runStraight, type Stepwise } from './stepwise';

export type ComponentDraft = {
  id: string;
  env: string;
  type: string;
  nickname: string;
  config: Parameter | null;
  runtime: Parameter | null;
  /** `runtime/<key>` leaves when Terraform wrote outputs one parameter each. */
  runtimeLeaves: Array<{ key: string[]; parameter: Parameter }>;
  meta: Record<string, string>;
};

export type GroupedParameters = {
  drafts: ComponentDraft[];
  ignored: Array<{ env: string; name: string }>;
};

export function groupParameters(environments: EnvironmentParameters[]): GroupedParameters {
  return runStraight(groupParametersStepwise(environments));
}

/** The same grouping, yielding after each parameter (./stepwise.ts). */
export function* groupParametersStepwise(environments: EnvironmentParameters[]): Stepwise<GroupedParameters> {
  const drafts = new Map<string, ComponentDraft>();
  const leftovers: Array<{ env: string; name: string; type: string; nickname: string; leaf: string; value: string }> = [];
  const ignored: Array<{ env: string; name: string }> = [];

  for (const { env, prefix, parameters } of environments) {
    const base = prefix === '/' ? '/' : `${prefix}/`;
    for (const parameter of parameters) {
      yield;
      if (!parameter.name.startsWith(base)) {
        ignored.push({ env, name: parameter.name });
        continue;
      }
      const [type, nickname, leaf, ...rest] = parameter.name.slice(base.length).split('/');
      if (!type || !nickname || !leaf || !isValidName(type) || !isValidName(nickname)) {
        // e.g. `<prefix>/environment`: environment metadata, not a component.
        ignored.push({ env, name: parameter.name });
        continue;
      }
      const id = componentId({ env, type, nickname });
      const isConfig = leaf === 'config' && rest.length === 0;
      const isRuntime = leaf === 'runtime';
      if (!isConfig && !isRuntime) {
        leftovers.push({ env, name: parameter.name, type, nickname, leaf: [leaf, ...rest].join('/'), value: parameter.value });
        continue;
      }
      let draft = drafts.get(id);
      if (!draft) {
        draft = { id, env, type, nickname, config: null, runtime: null, runtimeLeaves: [], meta: {} };
        drafts.set(id, draft);
      }
      if (isConfig) draft.config = parameter;
      else if (rest.length === 0) draft.runtime = parameter;
      else draft.runtimeLeaves.push({ key: rest, parameter });
    }
  }

  // Other leaves become metadata of their component, or are reported when no
  // component has that path (`/iac/clickhouse/ami/base`).
  for (const leftover of leftovers) {
    const draft = drafts.get(componentId(leftover));
    if (draft) draft.meta[leftover.leaf] = leftover.value;
    else ignored.push({ env: leftover.env, name: leftover.name });
  }
  return { drafts: [...drafts.values()].sort(byId), ignored };
}
