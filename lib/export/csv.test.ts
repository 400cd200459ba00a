import { describe, expect, it } from 'vitest';
import type { Edge, Graph } from '@/lib/model/graph';
import { edgeId } from '@/lib/model/ids';
import { component } from '@/lib/testing/builders';
import { csvChunks, csvField, toCsv } from './csv';
import { analysisTable, EDGE_COLUMNS, NODE_COLUMNS } from './features';

const edge = (from: string, to: string, path: string, dangling = false): Edge => ({ id: edgeId(from, to, path), from, to, path, rule: 'nickname', dangling });

/** An RFC 4180 reader: CRLF records, quoted fields with doubled quotes and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (text[i] === '"') break;
        else field += text[i];
      }
      i++;
    } else if (text[i] === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else field += text[i++];
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

const VPC = 'prod:vpc/main';
const WEB = 'prod:ecs-service/web';
const NASTY_PATH = 'routes["a,b"].x\r\ny.vpc_nickname';
const graph: Graph = {
  components: [component(VPC, { drift: { status: 'in_sync', reasons: [], deployedConfigVersion: 1 } }), component(WEB)],
  edges: [edge(WEB, VPC, 'vpc_nickname'), edge(WEB, VPC, NASTY_PATH), edge(WEB, 'prod:s3-bucket/gone', 's3_bucket_nickname', true)],
  cycles: [],
  ignoredParameters: [],
};
const table = analysisTable({ graph, versions: [], at: '2026-10-31T12:00:00.000Z' });

describe('csvField', () => {
  it('quotes only what needs it, doubling quotes; null is empty, booleans are words', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(42)).toBe('42');
  });
});

describe('the nodes table', () => {
  const rows = parseCsv(toCsv(table, 'nodes'));

  it('has a header of the node columns and one record per node, CRLF ended', () => {
    expect(rows[0]).toEqual(NODE_COLUMNS.map((c) => c.name));
    expect(rows.slice(1).map((r) => r[0])).toEqual([VPC, WEB, 'prod:s3-bucket/gone']);
    expect(toCsv(table, 'nodes').endsWith('\r\n')).toBe(true);
  });

  it('writes the features, with empty fields for nulls', () => {
    const record = (id: string) => Object.fromEntries(rows[0].map((name, i) => [name, rows.find((r) => r[0] === id)![i]]));
    expect(record(VPC)).toMatchObject({ status: 'in_sync', in_degree: '2', blast_radius: '1', placeholder: 'false', seconds_since_deploy: '' });
    expect(record(WEB)).toMatchObject({ status: '', out_degree: '3' });
    expect(record('prod:s3-bucket/gone')).toMatchObject({ placeholder: 'true', type: 's3-bucket' });
  });
});

describe('the edges table', () => {
  it('has a record per edge; a path with a comma, quote and line break round-trips', () => {
    const rows = parseCsv(toCsv(table, 'edges'));
    expect(rows[0]).toEqual(EDGE_COLUMNS.map((c) => c.name));
    expect(rows.slice(1)).toEqual([
      [edgeId(WEB, VPC, 'vpc_nickname'), WEB, VPC, 'vpc_nickname', 'nickname', 'false'],
      [edgeId(WEB, VPC, NASTY_PATH), WEB, VPC, NASTY_PATH, 'nickname', 'false'],
      [edgeId(WEB, 'prod:s3-bucket/gone', 's3_bucket_nickname'), WEB, 'prod:s3-bucket/gone', 's3_bucket_nickname', 'nickname', 'true'],
    ]);
  });

  it('is only the header for a graph without edges, and comes in pieces that join to the whole', () => {
    const lone = analysisTable({ graph: { ...graph, edges: [] }, versions: [], at: '2026-10-31T12:00:00.000Z' });
    expect(toCsv(lone, 'edges')).toBe('id,from,to,path,rule,dangling\r\n');
    const big = analysisTable({
      graph: { ...graph, components: Array.from({ length: 2_500 }, (_, i) => component(`dev:lambda/f${i}`)), edges: [] },
      versions: [],
      at: '2026-10-31T12:00:00.000Z',
    });
    const pieces = [...csvChunks(big, 'nodes')];
    expect(pieces.length).toBe(3);
    expect(parseCsv(pieces.join(''))).toHaveLength(2_501);
  });
});
