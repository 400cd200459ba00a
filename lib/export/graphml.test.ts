import { describe, expect, it } from 'vitest';
import type { Edge, Graph } from '@/lib/model/graph';
import { edgeId } from '@/lib/model/ids';
import { component } from '@/lib/testing/builders';
import { analysisTable } from './features';
import { escapeXml, graphmlChunks, toGraphml } from './graphml';

const edge = (from: string, to: string, path: string, dangling = false): Edge => ({ id: edgeId(from, to, path), from, to, path, rule: 'nickname', dangling });

const VPC = 'prod:vpc/main';
const WEB = 'prod:ecs-service/web';
const NASTY_PATH = `routes["a&b <c> 'd' \\"e\\""].x\ty.vpc_nickname`;
const graph: Graph = {
  components: [component(VPC, { drift: { status: 'in_sync', reasons: [], deployedConfigVersion: 1 } }), component(WEB)],
  edges: [edge(WEB, VPC, 'vpc_nickname'), edge(WEB, VPC, NASTY_PATH), edge(WEB, 'prod:s3-bucket/gone', 's3_bucket_nickname', true)],
  cycles: [],
  ignoredParameters: [],
};
const xml = toGraphml(analysisTable({ graph, versions: [], at: '2026-10-31T12:00:00.000Z' }));

/** What an XML parser gives back for the predefined entities and character references. */
function unescapeXml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#\d+|[a-z]+);/g, (_, name: string) => (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : named[name]));
}

const elements = (tag: string) => [...xml.matchAll(new RegExp(`<${tag} ([^>]*?)/?>(.*?)(?:</${tag}>|$)`, 'gm'))];
const attribute = (attributes: string, name: string) => unescapeXml(new RegExp(`(?:^| )${name.replace('.', '\\.')}="([^"]*)"`).exec(attributes)?.[1] ?? '');

describe('escapeXml', () => {
  it('writes markup characters as entities and tab, LF, CR as character references', () => {
    expect(escapeXml(`a&b<c>"d"'e'\tf\ng\rh`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;&#9;f&#10;g&#13;h');
    expect(unescapeXml(escapeXml(NASTY_PATH))).toBe(NASTY_PATH);
  });

  it('replaces what XML 1.0 cannot carry (controls, lone surrogates) and keeps real pairs', () => {
    expect(escapeXml('a\u0000b\u001bc\uFFFEd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(escapeXml('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(escapeXml('ok 😀 é')).toBe('ok 😀 é');
  });
});

describe('GraphML', () => {
  it('is one directed graph in the GraphML namespace', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"')).toBe(true);
    expect(xml).toContain('<graph id="karma" edgedefault="directed">');
    expect(xml.trimEnd().endsWith('</graph>\n</graphml>')).toBe(true);
    expect(xml).toContain('<desc>Karma estate as of 2026-10-31T12:00:00.000Z: 2 components, 1 placeholders, 3 depends_on edges (consumer → provider)</desc>');
  });

  it('declares every attribute with its type, and every data element uses a declared key of its element kind', () => {
    const keys = new Map(elements('key').map(([, a]) => [attribute(a, 'id'), { for: attribute(a, 'for'), name: attribute(a, 'attr.name'), type: attribute(a, 'attr.type') }]));
    expect(keys.get('n_blast_radius')).toEqual({ for: 'node', name: 'blast_radius', type: 'int' });
    expect(keys.get('n_placeholder')).toEqual({ for: 'node', name: 'placeholder', type: 'boolean' });
    expect(keys.get('n_status')).toEqual({ for: 'node', name: 'status', type: 'string' });
    expect(keys.get('e_path')).toEqual({ for: 'edge', name: 'path', type: 'string' });
    expect(keys.get('e_dangling')).toEqual({ for: 'edge', name: 'dangling', type: 'boolean' });
    // Gephi takes these ids and names as built-in properties (label, weight, position, colour), and refuses graph-level keys.
    for (const [id, k] of keys) {
      expect(['d3', 'd7', 'label', 'weight', 'x', 'y', 'size', 'r', 'g', 'b', 'id']).not.toContain(id);
      expect(['label', 'weight', 'x', 'y', 'size', 'id']).not.toContain(k.name);
      expect(['node', 'edge']).toContain(k.for);
      expect(['string', 'int', 'double', 'boolean']).toContain(k.type);
    }
    for (const [kind, prefix] of [
      ['node', 'n_'],
      ['edge', 'e_'],
    ] as const) {
      for (const [, , body] of elements(kind)) {
        for (const [, used] of body.matchAll(/<data key="([^"]+)">/g)) {
          expect(used.startsWith(prefix)).toBe(true);
          expect(keys.has(used)).toBe(true);
        }
      }
    }
  });

  it('has a node per component and placeholder, ids the component ids, and no data for nulls', () => {
    const nodes = elements('node');
    expect(nodes.map(([, a]) => attribute(a, 'id'))).toEqual([VPC, WEB, 'prod:s3-bucket/gone']);
    const vpc = nodes[0][2];
    expect(vpc).toContain('<data key="n_status">in_sync</data>');
    expect(vpc).toContain('<data key="n_in_degree">2</data>');
    expect(vpc).toContain('<data key="n_placeholder">false</data>');
    // No drift status, no runtime, never deployed: those data elements are left out, never written as "null".
    const web = nodes[1][2];
    expect(web).not.toContain('n_status');
    expect(web).not.toContain('n_seconds_since_deploy');
    expect(web).not.toContain('n_runtime_version');
    expect(xml).not.toMatch(/>null</);
    expect(nodes[2][2]).toContain('<data key="n_placeholder">true</data>');
  });

  it('writes parallel edges separately with their own ids, and escapes ids and paths', () => {
    const edges = elements('edge').map(([, a, body]) => ({ id: attribute(a, 'id'), source: attribute(a, 'source'), target: attribute(a, 'target'), body }));
    expect(edges.map((e) => [e.source, e.target])).toEqual([
      [WEB, VPC],
      [WEB, VPC],
      [WEB, 'prod:s3-bucket/gone'],
    ]);
    expect(edges[1].id).toBe(edgeId(WEB, VPC, NASTY_PATH));
    expect(new Set(edges.map((e) => e.id)).size).toBe(3);
    expect(unescapeXml(/<data key="e_path">([^<]*)<\/data>/.exec(edges[1].body)![1])).toBe(NASTY_PATH);
    expect(edges[2].body).toContain('<data key="e_dangling">true</data>');
    expect(edges[0].body).toContain('<data key="e_rule">nickname</data>');
  });

  it('comes in pieces that join to the whole document', () => {
    const big: Graph = { components: Array.from({ length: 1_200 }, (_, i) => component(`dev:lambda/f${i}`)), edges: [], cycles: [], ignoredParameters: [] };
    const table = analysisTable({ graph: big, versions: [], at: '2026-10-31T12:00:00.000Z' });
    const pieces = [...graphmlChunks(table)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(toGraphml(table));
    expect(pieces.join('').match(/<node /g)).toHaveLength(1_200);
  });
});
