/**
 * The one rule for a config that fails its type's JSON Schema. The graph
 * build lists each violation as a `schema_violation` problem (the JSON and
 * the summary of `karma graph build`, the component panel), and drift calls
 * the component `invalid` (lib/drift/assess-drift.ts) from the same check,
 * so the two never disagree. Pure.
 */
import { mapStepwise, runStraight, type Stepwise } from '@/lib/graph/stepwise';
import type { Component, Graph, Problem } from '@/lib/model/graph';
import type { JsonObject, JsonValue } from '@/lib/model/json';
import { formatSchemaIssue, validateAgainstSchema, type SchemaResult } from './validate-config';

export const SCHEMA_VIOLATION = 'schema_violation';

export type ConfigSchemaCheck = {
  /** `none`: no schema for the type, or no JSON config to check. */
  status: SchemaResult['status'] | 'none';
  /** Each violation, worded once (`cidr must match format "cidr"`). */
  violations: Array<{ path: string; text: string }>;
  /** What is wrong with the schema itself (unknown formats, compile errors). */
  schemaProblems: string[];
};

export function checkConfigSchema(config: JsonValue | null, schema: JsonObject | undefined): ConfigSchemaCheck {
  if (config === null || schema === undefined) return { status: 'none', violations: [], schemaProblems: [] };
  const result = validateAgainstSchema(config, schema);
  return { status: result.status, violations: result.issues.map((issue) => ({ path: issue.path, text: formatSchemaIssue(issue) })), schemaProblems: result.schemaProblems };
}

export function schemaViolationProblems(type: string, check: ConfigSchemaCheck): Problem[] {
  return check.violations.map(({ path, text }) => ({ code: SCHEMA_VIOLATION, message: `The config fails the ${type} schema: ${text}`, ...(path === '$' ? {} : { path }) }));
}

function withSchemaViolations(component: Component, schemas: Readonly<Record<string, JsonObject>>): Component {
  const problems = schemaViolationProblems(component.type, checkConfigSchema(component.config, schemas[component.type]));
  return problems.length === 0 ? component : { ...component, problems: [...component.problems, ...problems] };
}

/** The graph step, yielding after each component (lib/graph/stepwise.ts). */
export function* markSchemaViolationsStepwise(graph: Graph, schemas: Readonly<Record<string, JsonObject>>): Stepwise<Graph> {
  const components = yield* mapStepwise(graph.components, (component) => withSchemaViolations(component, schemas));
  return { ...graph, components };
}

/** The graph step: every component whose config fails its type's schema gets one problem per violation. */
export function markSchemaViolations(graph: Graph, schemas: Readonly<Record<string, JsonObject>>): Graph {
  return runStraight(markSchemaViolationsStepwise(graph, schemas));
}
