import { describe, expect, it } from 'vitest';
import type { Graph } from '@/lib/model/graph';
import { driftTransitionId, historyVersionId, versionKeyOf, type DocumentVersion, type DriftTransition, type HistoryDocument } from '@/lib/model/history';
import { edgeId } from '@/lib/model/ids';
import { component } from '@/lib/testing/builders';
import { analysisTable } from './features';
import { jsonlChunks, VERSIONS_PER_READ } from './jsonl';

const VPC = 'prod:vpc/main';
const WEB = 'prod:ecs-service/web';
const AT = '2026-10-31T12:00:00.000Z';
const graph: Graph = {
  components: [component(VPC), component(WEB)],
  edges: [{ id: edgeId(WEB, VPC, 'vpc_nickname'), from: WEB, to: VPC, path: 'vpc_nickname', rule: 'nickname', dangling: false }],
  cycles: [],
  ignoredParameters: [],
};

function version(componentId: string, document: HistoryDocument, n: number, modifiedAt: string, raw: string | null = `{"v":${n}}`): DocumentVersion {
  const [env, rest] = componentId.split(':');
  const [type, nickname] = rest.split('/');
  return {
    id: historyVersionId(componentId, document, n, modifiedAt),
    componentId,
    env,
    type,
    nickname,
    document,
    version: n,
    raw,
    hash: raw === null ? '' : `h${n}`,
    modifiedAt,
    modifiedBy: 'alice',
    description: n === 2 ? 'Karma change request cr:1' : null,
    changeRequestId: n === 2 ? 'cr:1' : null,
    gitCommit: null,
    source: 'sync',
    recordedAt: modifiedAt,
  };
}

const transition = (componentId: string, at: string, from: DriftTransition['from'], to: DriftTransition['to']): DriftTransition => ({
  id: driftTransitionId(componentId, at),
  componentId,
  from,
  to,
  at,
  observedAt: at,
  reason: to === 'mismatch' ? 'cidr differs' : null,
});

async function lines(input: Parameters<typeof jsonlChunks>[0]): Promise<Array<Record<string, unknown>>> {
  let text = '';
  for await (const piece of jsonlChunks(input)) text += piece;
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('JSON Lines', () => {
  const versions = [
    version(VPC, 'config', 1, '2026-10-01T00:00:00.000Z'),
    version(VPC, 'config', 2, '2026-10-20T00:00:00.000Z', '{"cidr":"10.0.0.0/16",\n"note":"line\\u2028break"}'),
    version(VPC, 'config', 3, '2026-11-05T00:00:00.000Z'), // after the moment
    version(WEB, 'runtime', 1, '2026-10-02T00:00:00.000Z'),
    version(WEB, 'runtime', 1, '2026-10-25T00:00:00.000Z', null), // removed
  ];
  const transitions = [transition(VPC, '2026-10-21T00:00:00.000Z', 'in_sync', 'mismatch'), transition(VPC, '2026-11-06T00:00:00.000Z', 'mismatch', 'in_sync')];
  const byId = new Map(versions.map((v) => [v.id, v]));
  const reads: number[] = [];
  const input = {
    table: analysisTable({ graph, versions: versions.map(versionKeyOf), at: AT }),
    source: 'history' as const,
    warnings: ['one warning'],
    versions: versions.map(versionKeyOf),
    transitions,
    load: async (ids: readonly string[]) => {
      reads.push(ids.length);
      return ids.map((id) => byId.get(id)!);
    },
  };

  it('starts with the graph header: the moment, the source, the counts and the warnings', async () => {
    const [header] = await lines(input);
    expect(header).toEqual({
      kind: 'graph',
      at: AT,
      source: 'history',
      counts: { components: 2, placeholders: 0, edges: 1, versions: 4, transitions: 1 },
      warnings: ['one warning'],
    });
  });

  it('then nodes, edges, versions and transitions, in that order, each line one JSON object', async () => {
    const all = await lines(input);
    expect(all.map((l) => l.kind)).toEqual(['graph', 'node', 'node', 'edge', 'version', 'version', 'version', 'version', 'transition']);
    expect(all[1]).toMatchObject({ kind: 'node', id: VPC, in_degree: 1, config_versions: 2, changes_30d: 1 });
    expect(all[3]).toEqual({ kind: 'edge', id: edgeId(WEB, VPC, 'vpc_nickname'), from: WEB, to: VPC, path: 'vpc_nickname', rule: 'nickname', dangling: false });
    expect(all[8]).toMatchObject({ kind: 'transition', component_id: VPC, from: 'in_sync', to: 'mismatch', reason: 'cidr differs' });
  });

  it('gives each version not after the moment with its raw text, and a removal as raw null', async () => {
    const found = (await lines(input)).filter((l) => l.kind === 'version');
    expect(found.map((v) => [v.component_id, v.document, v.version, v.removed])).toEqual([
      [VPC, 'config', 1, false],
      [VPC, 'config', 2, false],
      [WEB, 'runtime', 1, false],
      [WEB, 'runtime', 1, true],
    ]);
    expect(found[1]).toMatchObject({ raw: versions[1].raw, change_request_id: 'cr:1', description: 'Karma change request cr:1', modified_by: 'alice', source: 'sync' });
    expect(found[3].raw).toBeNull();
  });

  it('reads the versions in batches', async () => {
    const many = Array.from({ length: VERSIONS_PER_READ * 2 + 3 }, (_, i) =>
      version(VPC, 'config', i + 1, new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString()),
    );
    const store = new Map(many.map((v) => [v.id, v]));
    reads.length = 0;
    const all = await lines({
      ...input,
      versions: many.map(versionKeyOf),
      load: async (ids) => {
        reads.push(ids.length);
        return ids.map((id) => store.get(id)!);
      },
    });
    expect(reads).toEqual([VERSIONS_PER_READ, VERSIONS_PER_READ, 3]);
    expect(all.filter((l) => l.kind === 'version')).toHaveLength(many.length);
  });
});
