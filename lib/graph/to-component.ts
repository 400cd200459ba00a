/**
 * Step 2: a draft → a Component with parsed documents. A document that does
 * not parse marks the component with a problem instead of failing the build.
 */
import type { JsonParser } from '@/lib/json/parse-once';
import { formatSyntaxError, parseStrictJson } from '@/lib/json/parse-strict-json';
import type { Component, Problem } from '@/lib/model/graph';
import type { JsonObject, JsonValue } from '@/lib/model/json';
import type { ComponentDraft } from './group-parameters';

function parseDocument(raw: string, what: 'config' | 'runtime', problems: Problem[], parse: JsonParser): JsonValue | null {
  const parsed = parse(raw);
  if (parsed.ok) return parsed.value;
  problems.push({ code: `${what}_not_json`, message: `The published ${what} is not valid JSON: ${formatSyntaxError(parsed.error)}` });
  return null;
}

/** Outputs written one parameter each (`runtime/jdbc_url`) become one object. */
function assembleRuntime(leaves: ComponentDraft['runtimeLeaves']): JsonObject {
  const runtime: JsonObject = {};
  for (const { key, parameter } of [...leaves].sort((a, b) => a.parameter.name.localeCompare(b.parameter.name))) {
    let node: JsonObject = runtime;
    for (const segment of key.slice(0, -1)) {
      const child = node[segment];
      if (typeof child !== 'object' || child === null || Array.isArray(child)) node[segment] = {};
      node = node[segment] as JsonObject;
    }
    node[key[key.length - 1]] = parameter.value;
  }
  return runtime;
}

function newest<T extends { modifiedAt: string }>(items: T[]): T | undefined {
  return items.reduce<T | undefined>((best, item) => (!best || item.modifiedAt > best.modifiedAt ? item : best), undefined);
}

export function toComponent(draft: ComponentDraft, parse: JsonParser = parseStrictJson): Component {
  const problems: Problem[] = [];
  const meta = { ...draft.meta };
  const config = draft.config ? parseDocument(draft.config.value, 'config', problems, parse) : null;

  let runtime: JsonValue | null = null;
  let runtimeRaw: string | null = null;
  let runtimeVersion: number | null = null;
  let runtimeModifiedAt: string | null = null;
  if (draft.runtime) {
    runtimeRaw = draft.runtime.value;
    runtime = parseDocument(runtimeRaw, 'runtime', problems, parse);
    runtimeVersion = draft.runtime.version;
    runtimeModifiedAt = draft.runtime.modifiedAt;
    // A JSON runtime wins; stray per-output leaves beside it are kept as metadata.
    for (const { key, parameter } of draft.runtimeLeaves) meta[`runtime/${key.join('/')}`] = parameter.value;
  } else if (draft.runtimeLeaves.length > 0) {
    runtime = assembleRuntime(draft.runtimeLeaves);
    runtimeRaw = JSON.stringify(runtime);
    const latest = newest(draft.runtimeLeaves.map((l) => l.parameter))!;
    runtimeVersion = latest.version;
    runtimeModifiedAt = latest.modifiedAt;
    problems.push({
      code: 'runtime_assembled',
      message: `Runtime assembled from ${draft.runtimeLeaves.length} parameters under …/runtime/ (outputs written one by one)`,
    });
  }

  if (config && typeof config === 'object' && !Array.isArray(config)) {
    const inner = config.nickname;
    if (typeof inner === 'string' && inner !== draft.nickname) {
      problems.push({
        code: 'nickname_mismatch',
        message: `The config says nickname "${inner}" but is published as "${draft.nickname}"; Karma uses the path`,
        path: 'nickname',
      });
    }
  }

  return {
    id: draft.id,
    env: draft.env,
    type: draft.type,
    nickname: draft.nickname,
    config,
    configRaw: draft.config?.value ?? null,
    configVersion: draft.config?.version ?? null,
    configModifiedAt: draft.config?.modifiedAt ?? null,
    configModifiedBy: draft.config?.modifiedBy ?? null,
    runtime,
    runtimeRaw,
    runtimeVersion,
    runtimeModifiedAt,
    meta,
    ownedBy: null,
    problems,
  };
}
