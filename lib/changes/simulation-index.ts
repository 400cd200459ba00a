/**
 * Everything a simulation needs from the current graph, indexed once per
 * graph (not once per simulation): adjacency for the blast radius, the
 * reference targets, the compiled reference rules, the value index of every
 * identifying leaf (for stale copies) and the rules that say which outputs a
 * change changes and who reads them (for the consequences). A
 * 10,000-component graph is indexed in a few hundred milliseconds, nearly
 * all of it the value index; each simulation then only walks what it
 * touches.
 */
import { BUILT_IN_FIELD_MIRRORS, mergeFieldMirrors, type FieldMirrorTable } from '@/lib/drift/field-mirrors';
import { compileFieldRules, type CompiledFieldRule } from '@/lib/graph/extract-references';
import { indexGraph, type GraphIndex } from '@/lib/graph/graph-index';
import type { Graph } from '@/lib/model/graph';
import type { ReferenceRule, SettingsFile } from '@/lib/model/settings';
import { indexTargets, type TargetIndex } from '@/lib/graph/resolve-reference';
import { indexEstateValues, type ValueIndex } from './value-index';

/** Which outputs a config change changes, and which outputs a consumer reads (lib/changes/consequences.ts). */
export type ImpactRules = {
  /** Config field → runtime output per type: the built-in mirrors merged with the settings' `fieldMirrors`. */
  fieldMirrors: FieldMirrorTable;
  /** Config field → the outputs it changes, per type (settings `derivedOutputs`). */
  derivedOutputs: SettingsFile['derivedOutputs'];
  /** Consumer type → provider type → the outputs it reads (settings `consumes`). */
  consumes: SettingsFile['consumes'];
};

export type SimulationIndex = {
  graph: GraphIndex;
  targets: TargetIndex;
  referenceRules: readonly ReferenceRule[];
  fieldRules: CompiledFieldRule[];
  /** Parameter prefix per environment (`/iac`), for parameter-path references. */
  prefixes: ReadonlyMap<string, string>;
  /** Every identifying leaf of every config and runtime, for stale copies. */
  values: ValueIndex;
  impactRules: ImpactRules;
};

export type SimulationIndexInput = {
  graph: Graph;
  referenceRules: readonly ReferenceRule[];
  prefixes: Readonly<Record<string, string>>;
  /** The settings' `fieldMirrors` (merged with the built-in ones here); none when absent. */
  fieldMirrors?: SettingsFile['fieldMirrors'];
  derivedOutputs?: SettingsFile['derivedOutputs'];
  consumes?: SettingsFile['consumes'];
};

export function indexForSimulation({ graph, referenceRules, prefixes, fieldMirrors = {}, derivedOutputs = {}, consumes = {} }: SimulationIndexInput): SimulationIndex {
  return {
    graph: indexGraph(graph),
    targets: indexTargets(graph.components, referenceRules),
    referenceRules,
    fieldRules: compileFieldRules([...referenceRules]),
    prefixes: new Map(Object.entries(prefixes)),
    values: indexEstateValues(graph.components),
    impactRules: { fieldMirrors: mergeFieldMirrors(BUILT_IN_FIELD_MIRRORS, fieldMirrors), derivedOutputs, consumes },
  };
}
