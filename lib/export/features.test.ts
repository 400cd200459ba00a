import { describe, expect, it } from 'vitest';
import type { Edge, Graph } from '@/lib/model/graph';
import { historyVersionId, type HistoryDocument, type VersionKey } from '@/lib/model/history';
import { edgeId } from '@/lib/model/ids';
import { component } from '@/lib/testing/builders';
import { analysisTable, EDGE_COLUMNS, NODE_COLUMNS, rowObject, type ExportNode } from './features';

const edge = (from: string, to: string, path: string, dangling = false): Edge => ({ id: edgeId(from, to, path), from, to, path, rule: 'nickname', dangling });

const AT = '2026-10-31T12:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const daysBefore = (days: number) => new Date(Date.parse(AT) - days * DAY).toISOString();

function key(componentId: string, document: HistoryDocument, version: number, modifiedAt: string, removed = false): VersionKey {
  return { id: historyVersionId(componentId, document, version, modifiedAt), componentId, document, version, modifiedAt, hash: removed ? '' : `h${version}`, removed };
}

const VPC = 'prod:vpc/main';
const CLUSTER = 'prod:ecs-cluster/core';
const WEB = 'prod:ecs-service/web';
const API = 'prod:ecs-service/api';
const GONE = 'prod:s3-bucket/gone';

/** web and api on the cluster on the vpc; web names the vpc twice (two fields) and a bucket that does not exist. */
const graph: Graph = {
  components: [
    component(VPC, { drift: { status: 'in_sync', reasons: [], deployedConfigVersion: 1 } }),
    component(CLUSTER, { drift: { status: 'mismatch', reasons: ['x'], deployedConfigVersion: 1 } }),
    component(WEB, { problems: [{ code: 'dangling_reference', message: 'gone' }] }),
    component(API, { configRaw: null, config: null, configVersion: null, ownedBy: WEB, runtimeVersion: 4 }),
  ],
  edges: [
    edge(CLUSTER, VPC, 'vpc_nickname'),
    edge(WEB, CLUSTER, 'ecs_cluster_nickname'),
    edge(WEB, VPC, 'vpc_nickname'),
    edge(WEB, VPC, 'network.vpc_nickname'),
    edge(WEB, GONE, 's3_bucket_nickname', true),
    edge(API, CLUSTER, 'ecs_cluster_nickname'),
  ],
  cycles: [],
  ignoredParameters: [],
};

function nodeOf(nodes: ExportNode[], id: string): ExportNode {
  const node = nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node;
}

describe('topology features', () => {
  const { nodes, edges, counts } = analysisTable({ graph, versions: [], at: AT });

  it('counts depends_on edges in and out, each parallel edge once', () => {
    expect(nodeOf(nodes, VPC)).toMatchObject({ inDegree: 3, outDegree: 0 });
    expect(nodeOf(nodes, WEB)).toMatchObject({ inDegree: 0, outDegree: 4 });
    expect(nodeOf(nodes, CLUSTER)).toMatchObject({ inDegree: 2, outDegree: 1 });
  });

  it('sizes the blast radius as the components that depend on it transitively', () => {
    expect(nodeOf(nodes, VPC).blastRadius).toBe(3);
    expect(nodeOf(nodes, CLUSTER).blastRadius).toBe(2);
    expect(nodeOf(nodes, WEB).blastRadius).toBe(0);
  });

  it('gives a dangling target a placeholder node, after the components', () => {
    expect(nodes.map((n) => n.id)).toEqual([VPC, CLUSTER, WEB, API, GONE]);
    expect(nodeOf(nodes, GONE)).toMatchObject({ isPlaceholder: true, env: 'prod', type: 's3-bucket', nickname: 'gone', status: null, inDegree: 1, blastRadius: 1 });
    expect(counts).toEqual({ components: 4, placeholders: 1, edges: 6 });
    expect(edges.find((e) => e.to === GONE)).toEqual({
      id: edgeId(WEB, GONE, 's3_bucket_nickname'),
      from: WEB,
      to: GONE,
      path: 's3_bucket_nickname',
      rule: 'nickname',
      isDangling: true,
    });
  });

  it('carries status, the runtime-only flag, the owner and the problems', () => {
    expect(nodeOf(nodes, CLUSTER)).toMatchObject({ status: 'mismatch', isRuntimeOnly: false, problems: 0 });
    expect(nodeOf(nodes, API)).toMatchObject({ status: null, isRuntimeOnly: true, ownedBy: WEB, configVersion: null, runtimeVersion: 4 });
    expect(nodeOf(nodes, WEB).problems).toBe(1);
  });
});

describe('history features', () => {
  const versions = [
    key(VPC, 'config', 1, daysBefore(100)),
    key(VPC, 'config', 2, daysBefore(29)),
    key(VPC, 'config', 3, daysBefore(-1)), // after the moment
    key(VPC, 'runtime', 1, daysBefore(99)),
    key(VPC, 'runtime', 2, daysBefore(2) /* the last deploy */),
    key(VPC, 'runtime', 3, daysBefore(-2)),
    key(CLUSTER, 'config', 1, daysBefore(30)), // exactly 30 days: outside the window
    key(CLUSTER, 'config', 2, daysBefore(10)),
    key(CLUSTER, 'config', 2, daysBefore(5), true), // removed since
    key(CLUSTER, 'runtime', 1, daysBefore(40)),
    key(CLUSTER, 'runtime', 1, daysBefore(1), true),
  ];
  const { nodes } = analysisTable({ graph, versions, at: AT });

  it('counts config versions and runtime writes up to the moment, removals left out', () => {
    expect(nodeOf(nodes, VPC)).toMatchObject({ configVersions: 2, runtimeWrites: 2 });
    expect(nodeOf(nodes, CLUSTER)).toMatchObject({ configVersions: 2, runtimeWrites: 1 });
  });

  it('counts every change (removals too) in the 30 days before the moment', () => {
    expect(nodeOf(nodes, VPC).recentChanges).toBe(2);
    expect(nodeOf(nodes, CLUSTER).recentChanges).toBe(3);
  });

  it('measures the time since the newest runtime write not after the moment, null when never', () => {
    expect(nodeOf(nodes, VPC).secondsSinceDeploy).toBe(2 * 24 * 60 * 60);
    expect(nodeOf(nodes, CLUSTER).secondsSinceDeploy).toBe(40 * 24 * 60 * 60);
    expect(nodeOf(nodes, WEB)).toMatchObject({ secondsSinceDeploy: null, configVersions: 0, runtimeWrites: 0, recentChanges: 0 });
  });

  it('sees only what had happened as of an earlier moment', () => {
    const earlier = analysisTable({ graph, versions, at: daysBefore(35) }).nodes;
    expect(nodeOf(earlier, VPC)).toMatchObject({ configVersions: 1, runtimeWrites: 1, recentChanges: 0, secondsSinceDeploy: 64 * 24 * 60 * 60 });
    expect(nodeOf(earlier, CLUSTER)).toMatchObject({ configVersions: 0, runtimeWrites: 1, recentChanges: 1, secondsSinceDeploy: 5 * 24 * 60 * 60 });
  });
});

describe('columns', () => {
  it('name every feature once, in snake_case, the same for every format', () => {
    const node = analysisTable({ graph, versions: [], at: AT }).nodes[0];
    expect(Object.keys(rowObject(NODE_COLUMNS, node))).toEqual([
      'id',
      'env',
      'type',
      'nickname',
      'status',
      'placeholder',
      'runtime_only',
      'owned_by',
      'problems',
      'in_degree',
      'out_degree',
      'blast_radius',
      'config_version',
      'runtime_version',
      'config_versions',
      'runtime_writes',
      'changes_30d',
      'seconds_since_deploy',
    ]);
    expect(EDGE_COLUMNS.map((c) => c.name)).toEqual(['id', 'from', 'to', 'path', 'rule', 'dangling']);
  });
});
