// The exports for analysis read by real consumers: `karma export` (the CLI,
// a process of its own, on the embedded graph store) over an estate in moto
// whose history two syncs recorded, its GraphML loaded by networkx from PyPI
// (installed into the test peers' venv, scripts/peers/moto.mjs), its CSV by
// Python's csv module and its JSON Lines by Python's json. Now, and as of a
// moment between the syncs, when the estate was smaller. Then the same
// through GET /api/export on a portal (the production build) on that store.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { peersPython } from '../../scripts/peers/moto.mjs';
import { runKarma } from '../../bin/cli/testing/run-karma';
import { signIn, startPortal, TEST_SECRET, type Portal, type Session } from '../support/portal';

const ssmEndpoint = inject('ssmEndpoint');
const client = new SSMClient({ region: 'us-east-1', endpoint: ssmEndpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const env = `exp${Date.now().toString(36)}`;
const dir = mkdtempSync(path.join(tmpdir(), 'karma-export-'));

const VPC = `${env}:vpc/main`;
const CLUSTER = `${env}:ecs-cluster/core`;
const WEB = `${env}:ecs-service/web`;
const FN = `${env}:lambda/fn`;
const GONE = `${env}:s3-bucket/gone`;
/** A config key XML, CSV and JSON all have to carry: markup characters, quotes, a comma. */
const ODD_KEY = `a&b <c>, 'd' "e"`;
const ODD_PATH = `network[${JSON.stringify(ODD_KEY)}].vpc_nickname`;

const karmaEnv = {
  KARMA_PARAMETERS: 'ssm',
  KARMA_ENVIRONMENTS: `${env}=/${env}`,
  KARMA_GRAPH_STORE: 'memory',
  KARMA_DATA_DIR: path.join(dir, 'data'),
  AWS_ENDPOINT_URL_SSM: ssmEndpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  NEPTUNE_ENDPOINT: '',
  KARMA_DEMO: '',
};

function karma(...args: string[]): string {
  const run = runKarma(args, { env: karmaEnv });
  if (run.code !== 0) throw new Error(`karma ${args.join(' ')} exited ${run.code}:\n${run.stderr}\n${run.stdout}`);
  return run.stdout;
}

async function put(component: string, document: 'config' | 'runtime', value: unknown): Promise<void> {
  await client.send(new PutParameterCommand({ Name: `/${env}/${component}/${document}`, Value: JSON.stringify(value), Type: 'String', Overwrite: true }));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Python from the peers' venv reading a file the way an analyst would; its findings as JSON. */
const READER = String.raw`
import csv, json, sys
import networkx as nx
kind, file = sys.argv[1], sys.argv[2]
if kind == 'graphml':
    g = nx.read_graphml(file)
    print(json.dumps({
        'class': type(g).__name__,
        'directed': g.is_directed(),
        'nodes': {n: d for n, d in g.nodes(data=True)},
        # A MultiDiGraph keys its edges by the GraphML ids; a DiGraph keeps the id as an attribute.
        'edges': [{'source': u, 'target': v, 'key': k, **d} for u, v, k, d in g.edges(keys=True, data=True)] if g.is_multigraph()
            else [{'source': u, 'target': v, 'key': d.pop('id', None), **d} for u, v, d in g.edges(data=True)],
        'in_degree': dict(g.in_degree()),
        'out_degree': dict(g.out_degree()),
        'ancestors': {n: len(nx.ancestors(g, n)) for n in g.nodes},
    }))
elif kind == 'csv':
    with open(file, newline='', encoding='utf-8') as f:
        print(json.dumps(list(csv.DictReader(f))))
else:
    with open(file, encoding='utf-8') as f:
        print(json.dumps([json.loads(line) for line in f]))
`;
const readerFile = path.join(dir, 'read.py');

type GraphmlRead = {
  class: string;
  directed: boolean;
  nodes: Record<string, Record<string, string | number | boolean>>;
  edges: Array<{ source: string; target: string; key: string; path: string; rule: string; dangling: boolean }>;
  in_degree: Record<string, number>;
  out_degree: Record<string, number>;
  ancestors: Record<string, number>;
};

function python<T>(kind: 'graphml' | 'csv' | 'jsonl', file: string): T {
  const run = spawnSync(peersPython, [readerFile, kind, file], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`python could not read ${file}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

function exported(name: string, ...args: string[]): string {
  const file = path.join(dir, name);
  karma('export', ...args, '--out', file);
  return file;
}

let between: string;
let statusNow: Record<string, string>;

beforeAll(async () => {
  writeFileSync(readerFile, READER);
  // First state: a vpc, a cluster on it, a service on both that also names a bucket nobody made.
  await put('vpc/main', 'config', { cidr: '10.0.0.0/16' });
  await put('ecs-cluster/core', 'config', { vpc_nickname: 'main' });
  await put('ecs-service/web', 'config', { image: 'web:1', vpc_nickname: 'main', ecs_cluster_nickname: 'core', s3_bucket_nickname: 'gone' });
  await pause(1_100);
  await put('vpc/main', 'runtime', { vpc_id: 'vpc-1', cidr: '10.0.0.0/16' });
  await put('ecs-cluster/core', 'runtime', { cluster_arn: 'arn:cluster' });
  karma('graph', 'build', '--sync');
  await pause(1_100);
  between = new Date().toISOString();
  await pause(1_100);
  // Then: the service names the vpc a second time (an odd key), and a function arrives.
  await put('ecs-service/web', 'config', {
    image: 'web:2',
    vpc_nickname: 'main',
    ecs_cluster_nickname: 'core',
    s3_bucket_nickname: 'gone',
    network: { [ODD_KEY]: { vpc_nickname: 'main' } },
  });
  await put('lambda/fn', 'config', { vpc_nickname: 'main' });
  await pause(1_100);
  await put('vpc/main', 'runtime', { vpc_id: 'vpc-1', cidr: '10.0.0.0/16', flow_logs: true });
  karma('graph', 'build', '--sync');
  // The dangling reference is a problem: graph build exits 1, and says so.
  const built = runKarma(['graph', 'build', '--json'], { env: karmaEnv });
  expect(built.code).toBe(1);
  const graph = JSON.parse(built.stdout) as { components: Array<{ id: string; drift?: { status: string } }> };
  statusNow = Object.fromEntries(graph.components.map((c) => [c.id, c.drift!.status]));
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  client.destroy();
});

describe('GraphML in networkx', () => {
  it('loads the estate now: every component and the dangling target, every edge, parallel ones kept apart', () => {
    const g = python<GraphmlRead>('graphml', exported('now.graphml', '--format', 'graphml'));
    expect(g.class).toBe('MultiDiGraph');
    expect(g.directed).toBe(true);
    expect(Object.keys(g.nodes).sort()).toEqual([CLUSTER, WEB, FN, GONE, VPC].sort());
    expect(g.edges).toHaveLength(6);
    const webToVpc = g.edges.filter((e) => e.source === WEB && e.target === VPC);
    expect(webToVpc.map((e) => e.path).sort()).toEqual([ODD_PATH, 'vpc_nickname'].sort());
    expect(webToVpc.map((e) => e.key).sort()).toEqual([`${WEB}->${VPC}#${ODD_PATH}`, `${WEB}->${VPC}#vpc_nickname`].sort());
    expect(g.edges.find((e) => e.target === GONE)).toMatchObject({ source: WEB, path: 's3_bucket_nickname', rule: 'nickname', dangling: true });
  });

  it('carries the features with their types, equal to the estate and to what networkx works out itself', () => {
    const g = python<GraphmlRead>('graphml', path.join(dir, 'now.graphml'));
    expect(g.nodes[VPC]).toMatchObject({ env, type: 'vpc', nickname: 'main', status: statusNow[VPC], placeholder: false, runtime_only: false });
    expect(g.nodes[VPC]).toMatchObject({ in_degree: 4, out_degree: 0, blast_radius: 3, config_versions: 1, runtime_writes: 2, changes_30d: 3 });
    expect(g.nodes[WEB]).toMatchObject({ type: 'ecs-service', status: statusNow[WEB], in_degree: 0, out_degree: 4, blast_radius: 0, config_versions: 2, runtime_writes: 0 });
    expect(g.nodes[CLUSTER]).toMatchObject({ in_degree: 1, blast_radius: 1, config_version: 1, runtime_version: 1 });
    expect(typeof g.nodes[VPC].seconds_since_deploy).toBe('number');
    // Never deployed: no value at all rather than a null.
    expect(g.nodes[WEB]).not.toHaveProperty('seconds_since_deploy');
    expect(g.nodes[GONE]).toMatchObject({ placeholder: true, type: 's3-bucket', in_degree: 1 });
    expect(g.nodes[GONE]).not.toHaveProperty('status');
    for (const id of Object.keys(g.nodes)) {
      expect(g.nodes[id].in_degree).toBe(g.in_degree[id]);
      expect(g.nodes[id].out_degree).toBe(g.out_degree[id]);
      expect(g.nodes[id].blast_radius).toBe(g.ancestors[id]);
    }
  });

  it('loads the estate as of a moment between the syncs: no function yet, the service naming the vpc once', () => {
    const g = python<GraphmlRead>('graphml', exported('past.graphml', '--format', 'graphml', '--at', between));
    expect(Object.keys(g.nodes).sort()).toEqual([CLUSTER, WEB, GONE, VPC].sort());
    // No parallel edges then: networkx gives a DiGraph, the GraphML id as the edge's "id".
    expect(g.class).toBe('DiGraph');
    expect(g.edges).toHaveLength(4);
    expect(g.edges.filter((e) => e.source === WEB && e.target === VPC)).toEqual([
      { source: WEB, target: VPC, key: `${WEB}->${VPC}#vpc_nickname`, path: 'vpc_nickname', rule: 'nickname', dangling: false },
    ]);
    expect(g.nodes[VPC]).toMatchObject({ in_degree: 2, blast_radius: 2, config_versions: 1, runtime_writes: 1 });
    expect(g.nodes[WEB]).toMatchObject({ out_degree: 3, config_versions: 1 });
  });
});

describe('CSV in Python', () => {
  it('gives the nodes table and the edges table, with a header, odd paths intact', () => {
    const nodes = python<Array<Record<string, string>>>('csv', exported('nodes.csv', '--format', 'csv'));
    expect(nodes.map((n) => n.id).sort()).toEqual([CLUSTER, WEB, FN, GONE, VPC].sort());
    expect(nodes.find((n) => n.id === VPC)).toMatchObject({ type: 'vpc', env, in_degree: '4', blast_radius: '3', status: statusNow[VPC], placeholder: 'false' });
    expect(nodes.find((n) => n.id === WEB)).toMatchObject({ seconds_since_deploy: '' });
    const edges = python<Array<Record<string, string>>>('csv', exported('edges.csv', '--format', 'csv', '--table', 'edges'));
    expect(Object.keys(edges[0])).toEqual(['id', 'from', 'to', 'path', 'rule', 'dangling']);
    expect(edges).toHaveLength(6);
    expect(
      edges
        .filter((e) => e.from === WEB && e.to === VPC)
        .map((e) => e.path)
        .sort(),
    ).toEqual([ODD_PATH, 'vpc_nickname'].sort());
    const past = python<Array<Record<string, string>>>('csv', exported('past-nodes.csv', '--format', 'csv', '--at', between));
    expect(past.map((n) => n.id)).not.toContain(FN);
  });
});

describe('JSON Lines in Python', () => {
  it('has the header, the nodes and edges, and every version with its text up to the moment', () => {
    const lines = python<Array<Record<string, unknown>>>('jsonl', exported('now.jsonl', '--format', 'jsonl'));
    expect(lines[0]).toMatchObject({ kind: 'graph', source: 'live', counts: { components: 4, placeholders: 1, edges: 6 } });
    const kinds = lines.map((l) => l.kind);
    expect(kinds.filter((k) => k === 'node')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'edge')).toHaveLength(6);
    const versions = lines.filter((l) => l.kind === 'version');
    expect(versions).toHaveLength((lines[0].counts as { versions: number }).versions);
    const web = versions.filter((v) => v.component_id === WEB && v.document === 'config').map((v) => [v.version, JSON.parse(v.raw as string).image]);
    expect(web).toEqual([
      [1, 'web:1'],
      [2, 'web:2'],
    ]);
    expect(kinds.indexOf('version')).toBeGreaterThan(kinds.lastIndexOf('edge'));

    const past = python<Array<Record<string, unknown>>>('jsonl', exported('past.jsonl', '--format', 'jsonl', '--at', between));
    expect(past[0]).toMatchObject({ kind: 'graph', source: 'history', counts: { components: 3, placeholders: 1, edges: 4 } });
    const pastWeb = past.filter((v) => v.kind === 'version' && v.component_id === WEB).map((v) => v.version);
    expect(pastWeb).toEqual([1]);
    expect(past.some((l) => l.kind === 'version' && l.component_id === FN)).toBe(false);
  });

  it('streams to stdout what it writes to a file', () => {
    const stdout = karma('export', '--format', 'jsonl', '--at', between);
    expect(stdout).toBe(readFileSync(path.join(dir, 'past.jsonl'), 'utf8'));
  });
});

describe('GET /api/export on a portal', () => {
  let portal: Portal;
  let viewer: Session;
  beforeAll(async () => {
    const settingsFile = path.join(dir, 'settings.json');
    writeFileSync(settingsFile, '{}');
    // The store the CLI synced: the portal serves that graph and its history.
    // startPortal unsets what is undefined (runKarma, what is empty).
    const inherited = Object.fromEntries(Object.entries(karmaEnv).map(([name, value]) => [name, value === '' ? undefined : value]));
    portal = await startPortal({ ...inherited, KARMA_DEMO: '1', KARMA_SETTINGS: settingsFile, KARMA_SYNC_INTERVAL_SECONDS: '0', NEXTAUTH_SECRET: TEST_SECRET });
    if (portal.exitCode() !== null) throw new Error(`the portal did not start:\n${portal.output()}`);
    viewer = await signIn(portal, 'victor');
  }, 120_000);
  afterAll(async () => {
    await portal?.stop();
  });

  const download = (search: string) => fetch(`${portal.url}/api/export?${search}`, { headers: { cookie: viewer.cookie } });

  it('sends GraphML as an attachment that networkx reads as the CLI wrote it', async () => {
    const response = await download('format=graphml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/graphml+xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="karma-\d{4}-\d{2}-\d{2}T\d{6}Z\.graphml"$/);
    const file = path.join(dir, 'portal.graphml');
    writeFileSync(file, await response.text());
    const fromPortal = python<GraphmlRead>('graphml', file);
    const fromCli = python<GraphmlRead>('graphml', path.join(dir, 'now.graphml'));
    expect(Object.keys(fromPortal.nodes).sort()).toEqual(Object.keys(fromCli.nodes).sort());
    expect(fromPortal.edges).toEqual(fromCli.edges);
    expect(fromPortal.nodes[VPC]).toMatchObject({ in_degree: 4, blast_radius: 3, status: statusNow[VPC] });
  });

  it('sends the past as the CLI exports it: CSV edges, and JSON Lines with the versions', async () => {
    const edges = await download(`format=csv&table=edges&at=${encodeURIComponent(between)}`);
    expect(edges.status).toBe(200);
    expect(edges.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(edges.headers.get('content-disposition')).toMatch(/-edges\.csv"$/);
    expect(await edges.text()).toBe(karma('export', '--format', 'csv', '--table', 'edges', '--at', between));
    const jsonl = await download(`format=jsonl&at=${encodeURIComponent(between)}`);
    expect(jsonl.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
    // The portal's history worker reads SSM's history of what the syncs left pending, filling in who wrote each
    // version meanwhile: those fields may have grown since the CLI's export; every line and everything else is the same.
    const GAP_FILLED = new Set(['modified_by', 'description', 'change_request_id', 'git_commit', 'source']);
    const gapFilled = (text: string) =>
      text
        .trimEnd()
        .split('\n')
        .map((line) => Object.fromEntries(Object.entries(JSON.parse(line) as Record<string, unknown>).filter(([name]) => !GAP_FILLED.has(name))));
    expect(gapFilled(await jsonl.text())).toEqual(gapFilled(readFileSync(path.join(dir, 'past.jsonl'), 'utf8')));
  });

  it('answers a bad format or moment with a 400 in the error shape, and no session with a 401', async () => {
    for (const search of ['format=gexf', 'format=graphml&at=yesterday', 'format=graphml&table=edges']) {
      const response = await download(search);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
    }
    expect((await fetch(`${portal.url}/api/export?format=graphml`)).status).toBe(401);
  });
});
