/**
 * Checks of the proposed text on its own: strict JSON (line and column,
 * duplicate keys), a JSON object, the type's JSON Schema when one is
 * configured, and the SSM size limit of the value as it will be written
 * (compact JSON). Pure.
 */
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import { isJsonObject, type JsonObject, type JsonValue } from '@/lib/model/json';
import { SSM_ADVANCED_LIMIT_BYTES, SSM_STANDARD_LIMIT_BYTES } from '@/lib/model/parameters';
import type { SimulationResult, ValidationIssue } from '@/lib/model/simulation';
import { tierFor, utf8Length } from '@/lib/model/parameter-size';
import { formatSchemaIssue, validateAgainstSchema } from '@/lib/schemas/validate-config';

export function issue(code: ValidationIssue['code'], message: string, at: { path?: string; line?: number; column?: number } = {}): ValidationIssue {
  return { code, message, path: at.path ?? null, line: at.line ?? null, column: at.column ?? null };
}

export type ProposalCheck = {
  /** The parsed proposal; null when the text is not JSON. */
  value: JsonValue | null;
  compact: string | null;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  size: SimulationResult['size'];
  schema: SimulationResult['schema'];
};

export type ProposalCheckInput = {
  text: string;
  type: string;
  nickname: string;
  schema: JsonObject | undefined;
  allowAdvancedTier: boolean;
};

function checkSize(name: string, compact: string, allowAdvancedTier: boolean, check: ProposalCheck): void {
  const bytes = utf8Length(compact);
  const limit = allowAdvancedTier ? SSM_ADVANCED_LIMIT_BYTES : SSM_STANDARD_LIMIT_BYTES;
  try {
    const tier = tierFor(name, compact, allowAdvancedTier);
    check.size = { bytes, limit, tier };
    if (tier === 'Advanced') {
      check.warnings.push(issue('advanced_tier', `${bytes} bytes is over the standard tier's ${SSM_STANDARD_LIMIT_BYTES}: it will be written as an advanced parameter (charged)`));
    }
  } catch (error) {
    check.size = { bytes, limit, tier: null };
    check.errors.push(issue('size_limit', error instanceof Error ? error.message : `the value is ${bytes} bytes; at most ${limit} fit`));
  }
}

export function checkProposal({ text, type, nickname, schema, allowAdvancedTier }: ProposalCheckInput): ProposalCheck {
  const check: ProposalCheck = { value: null, compact: null, errors: [], warnings: [], size: { bytes: 0, limit: 0, tier: null }, schema: 'none' };
  const parsed = parseStrictJson(text, { isExactNumbers: true });
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    check.errors.push(issue('json_syntax', `Line ${line}, column ${column}: ${message}`, { line, column }));
    return check;
  }
  check.value = parsed.value;
  check.compact = JSON.stringify(parsed.value);
  checkSize(`${type}/${nickname}/config`, check.compact, allowAdvancedTier, check);
  if (!isJsonObject(parsed.value)) {
    check.errors.push(issue('not_an_object', 'A config is a JSON object of the component’s input variables ({ … })', { path: '$' }));
    return check;
  }

  const inner = parsed.value.nickname;
  if (typeof inner === 'string' && inner !== nickname) {
    check.warnings.push(issue('nickname_mismatch', `The config says nickname "${inner}" but the component is "${nickname}"; the path wins`, { path: 'nickname' }));
  }

  if (!schema) {
    check.warnings.push(issue('no_schema', `No JSON Schema for type "${type}": only JSON syntax, size and references are checked`));
    return check;
  }
  const result = validateAgainstSchema(parsed.value, schema);
  check.schema = result.status;
  for (const problem of result.schemaProblems) check.warnings.push(issue('schema_problem', `The ${type} schema: ${problem}`));
  for (const schemaIssue of result.issues) {
    const text = formatSchemaIssue(schemaIssue);
    // A line of its own starts with a capital; a path is kept as written.
    check.errors.push(issue('schema', schemaIssue.path === '$' ? text.replace(/^the/, 'The') : text, { path: schemaIssue.path }));
  }
  return check;
}
