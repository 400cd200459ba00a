/**
 * Step 3a: find every reference in one component's config. Built-in rules:
 * `<type>_nickname` fields, `src_type` + `src_nickname` pairs, and values that
 * are another component's parameter path; configured `field` rules from the
 * settings file take precedence over the built-in name rule for the keys
 * they match. Pure: looks only at the config.
 */
import { typeFromNicknameField } from '@/lib/model/ids';
import { formatPath, isJsonObject, type JsonValue } from '@/lib/model/json';
import type { Normalisation, ReferenceRule } from '@/lib/model/settings';

export type FieldRule = Extract<ReferenceRule, { kind: 'field' }>;

export type Reference = {
  path: string;
  rule: string;
  targetType: string;
  /** The referring value as written. */
  value: string;
  /** null: match the target's nickname; otherwise the target's config field (dot path). */
  targetField: string | null;
  normalize: Normalisation[];
  crossEnv: boolean | string;
};

export type CompiledFieldRule = FieldRule & { matches: (key: string) => boolean };

/** A name pattern with `*` (any run of characters) as a whole-text regular expression. */
export function globPattern(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

export function compileFieldRules(rules: ReferenceRule[]): CompiledFieldRule[] {
  return rules
    .filter((rule): rule is FieldRule => rule.kind === 'field')
    .map((rule) => {
      const pattern = globPattern(rule.field);
      return { ...rule, matches: (key: string) => pattern.test(key) };
    });
}

export function normaliseValue(value: string, normalize: readonly Normalisation[]): string {
  let out = value.trim();
  if (normalize.includes('lowercase')) out = out.toLowerCase();
  if (normalize.includes('trailing-dot')) out = out.replace(/\.+$/, '');
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function parameterPathPattern(prefix: string): RegExp {
  const base = prefix === '/' ? '' : escapeRegExp(prefix);
  return new RegExp(`^${base}/([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)/(config|runtime)(?:/.*)?$`);
}

type Context = { type: string; fieldRules: CompiledFieldRule[]; pathPattern: RegExp };

const builtIn = (path: string, rule: string, targetType: string, value: string): Reference => ({
  path,
  rule,
  targetType,
  value,
  targetField: null,
  normalize: [],
  crossEnv: false,
});

function visit(node: JsonValue, segments: Array<string | number>, context: Context, out: Reference[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => visit(item, [...segments, index], context, out));
    return;
  }
  if (!isJsonObject(node)) return;

  const { src_type: srcType, src_nickname: srcNickname } = node;
  if (typeof srcType === 'string' && typeof srcNickname === 'string' && srcType && srcNickname) {
    out.push(builtIn(formatPath([...segments, 'src_nickname']), 'src-pair', srcType, srcNickname));
  }

  for (const [key, value] of Object.entries(node)) {
    const here = [...segments, key];
    const rule = context.fieldRules.find(
      (r) =>
        (!r.sourceType || r.sourceType === context.type) &&
        r.matches(key) &&
        // A zone's own `zone_name` is its identity, not a reference to itself.
        !(r.targetType === context.type && r.targetField === formatPath(here)),
    );
    if (rule && (typeof value === 'string' || Array.isArray(value))) {
      const values = typeof value === 'string' ? [[value, here] as const] : value.map((v, i) => [v, [...here, i]] as const);
      for (const [item, itemPath] of values) {
        if (typeof item !== 'string' || !item) continue;
        out.push({
          path: formatPath(itemPath),
          rule: rule.name,
          targetType: rule.targetType,
          value: item,
          targetField: rule.targetField ?? null,
          normalize: rule.normalize,
          crossEnv: rule.crossEnv,
        });
      }
      continue;
    }
    if (typeof value === 'string') {
      const nicknameType = key === 'src_nickname' ? null : typeFromNicknameField(key);
      if (nicknameType && value) {
        out.push(builtIn(formatPath(here), 'nickname', nicknameType, value));
        continue;
      }
      const pathMatch = context.pathPattern.exec(value);
      if (pathMatch) out.push(builtIn(formatPath(here), 'param-path', pathMatch[1], pathMatch[2]));
      continue;
    }
    visit(value, here, context, out);
  }
}

export function extractReferences(config: JsonValue | null, { type, prefix, fieldRules }: { type: string; prefix: string; fieldRules: CompiledFieldRule[] }): Reference[] {
  if (config === null) return [];
  const out: Reference[] = [];
  visit(config, [], { type, fieldRules, pathPattern: parameterPathPattern(prefix) }, out);
  return out;
}
