/**
 * JSON Schema (draft 2020-12) validation of component configs against the
 * config repo's `schemas/<type>.schema.json`. Pure apart from caching the
 * compiled validators. Custom formats Adage schemas use (`cidr`, …) are
 * registered; an unknown format is reported as a problem of the schema,
 * never a crash.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { canonicalJson, type JsonObject, type JsonValue } from '@/lib/model/json';

export type SchemaIssue = {
  /** JSON path of the offending value (`subnets[2].cidr`), `$` for the root. */
  path: string;
  /** What is wrong with the value at `path`, without naming it again (`is required`, `must be string`). */
  message: string;
};

export type SchemaResult = {
  /** `unusable`: the schema itself cannot be compiled; nothing was checked. */
  status: 'valid' | 'invalid' | 'unusable';
  issues: SchemaIssue[];
  /** What is wrong with the schema: unknown formats (not checked), compile errors. */
  schemaProblems: string[];
};

const IPV4 = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}';
const CUSTOM_FORMATS: Record<string, RegExp> = {
  cidr: new RegExp(`^${IPV4}/(3[0-2]|[12]?\\d)$`),
  'ipv4-cidr': new RegExp(`^${IPV4}/(3[0-2]|[12]?\\d)$`),
  'aws-region': /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
  'aws-account-id': /^\d{12}$/,
  arn: /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/,
  'dns-name': /^(?=.{1,253}\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i,
};

function makeAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats.default(ajv);
  for (const [name, pattern] of Object.entries(CUSTOM_FORMATS)) ajv.addFormat(name, pattern);
  return ajv;
}

function toPath(pointer: string): string {
  if (!pointer) return '$';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function describeIssue(error: ErrorObject): SchemaIssue {
  const path = toPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const extra = String(params.additionalProperty);
    return { path: path === '$' ? extra : `${path}.${extra}`, message: 'is not allowed here' };
  }
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    return { path: path === '$' ? missing : `${path}.${missing}`, message: 'is required' };
  }
  return { path, message: error.message ?? `fails "${error.keyword}"` };
}

/**
 * An issue as people read it, the path said once: `cognito_sso_nickname is
 * required`, `subnets[2].cidr must match format "cidr"`, `the config must
 * be object`. The one wording of graph problems, simulation errors and
 * drift reasons (which only cut a pattern's regex short).
 */
export function formatSchemaIssue({ path, message }: SchemaIssue): string {
  return `${path === '$' ? 'the config' : path} ${message}`;
}

type Compiled = { validate: ValidateFunction | null; problems: string[] };

/**
 * Compiled validators by schema content: every sync re-reads the config repo,
 * and equal schemas must not be compiled (or registered by `$id`) twice.
 */
const cache = new Map<string, Compiled>();
/**
 * The same lookup by the schema object (read fresh from the repo, never
 * changed in place): a sync checks every component against one object per
 * type, and writing that object out canonically for each check cost more
 * than the check.
 */
const bySchemaObject = new WeakMap<JsonObject, Compiled>();
let ajv: Ajv2020 | null = null;

/** Formats the schema names that no one registered: ajv (non-strict) skips them silently. */
function unknownFormats(node: unknown, known: Set<string>, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => unknownFormats(item, known, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string' && !known.has(value)) found.add(value);
      else unknownFormats(value, known, found);
    }
  }
  return found;
}

function compile(schema: JsonObject): Compiled {
  const known = bySchemaObject.get(schema);
  if (known) return known;
  const key = canonicalJson(schema);
  let compiled = cache.get(key);
  if (!compiled) {
    ajv ??= makeAjv();
    // A changed schema with the same `$id` replaces the old one instead of clashing with it.
    if (typeof schema.$id === 'string' && ajv.getSchema(schema.$id)) ajv.removeSchema(schema.$id);
    const problems = [...unknownFormats(schema, new Set(Object.keys(ajv.formats)))].map((f) => `unknown format "${f}" is not checked`);
    try {
      compiled = { validate: ajv.compile(schema), problems };
    } catch (error) {
      compiled = { validate: null, problems: [...problems, `the schema cannot be compiled: ${error instanceof Error ? error.message : String(error)}`] };
    }
    cache.set(key, compiled);
  }
  bySchemaObject.set(schema, compiled);
  return compiled;
}

export function validateAgainstSchema(config: JsonValue, schema: JsonObject): SchemaResult {
  const { validate, problems } = compile(schema);
  if (!validate) return { status: 'unusable', issues: [], schemaProblems: problems };
  if (validate(config)) return { status: 'valid', issues: [], schemaProblems: problems };
  return { status: 'invalid', issues: (validate.errors ?? []).map(describeIssue), schemaProblems: problems };
}
