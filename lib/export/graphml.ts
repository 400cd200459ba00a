/**
 * The analysis table as GraphML (http://graphml.graphdrawing.org/), written
 * to load unchanged in networkx (`read_graphml`) and Gephi:
 * - one directed graph; node ids are the component ids, edge ids Karma's
 *   edge ids (unique, so Gephi keeps every edge; it drops a repeated id);
 * - parallel edges (two fields of one config naming the same provider) are
 *   separate `<edge>`s with their own ids: networkx returns a MultiDiGraph
 *   keyed by those ids when the file has any, a DiGraph otherwise;
 * - every attribute is declared once in a `<key>` with its `attr.type`;
 *   key ids are `n_<name>` / `e_<name>`, clear of the ids and names Gephi
 *   reads as built-in properties (d3, d7, label, weight, x, y, size, r, g, b);
 * - a null value has no `<data>` at all; the moment goes in `<desc>`, not in
 *   graph-level data, which Gephi refuses;
 * - text is escaped for XML 1.0, and characters XML 1.0 cannot carry at all
 *   (control characters, lone surrogates) become U+FFFD.
 * Yields the document in pieces, for a streamed response. Pure.
 */
import { EDGE_COLUMNS, NODE_COLUMNS, type AnalysisTable, type Cell, type Column } from './features';

// Tab, LF and CR are allowed; every other C0 control, U+FFFE/U+FFFF and unpaired surrogates are not.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"'\t\n\r]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/**
 * Text safe inside an attribute value or an element: markup characters as
 * entities, and tab, LF and CR as character references so a parser's
 * whitespace normalisation gives back exactly what was written.
 */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(SPECIAL, (c) => ENTITY[c]);
}

/** Columns that are the element's own id/source/target rather than data. */
const NODE_STRUCTURE = new Set(['id']);
const EDGE_STRUCTURE = new Set(['id', 'from', 'to']);
const NODE_DATA = NODE_COLUMNS.filter((c) => !NODE_STRUCTURE.has(c.name));
const EDGE_DATA = EDGE_COLUMNS.filter((c) => !EDGE_STRUCTURE.has(c.name));

function dataText(value: Exclude<Cell, null>): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return escapeXml(String(value));
}

function dataElements<Row>(columns: ReadonlyArray<Column<Row>>, prefix: string, row: Row): string {
  let out = '';
  for (const column of columns) {
    const value = column.value(row);
    if (value === null) continue;
    out += `<data key="${prefix}${column.name}">${dataText(value)}</data>`;
  }
  return out;
}

/** The rows written per yielded piece: a few hundred kilobytes. */
const ROWS_PER_PIECE = 500;

export function* graphmlChunks(table: AnalysisTable): Generator<string> {
  const keys = [
    ...NODE_DATA.map((c) => `  <key id="n_${c.name}" for="node" attr.name="${c.name}" attr.type="${c.type}"/>`),
    ...EDGE_DATA.map((c) => `  <key id="e_${c.name}" for="edge" attr.name="${c.name}" attr.type="${c.type}"/>`),
  ];
  const { components, placeholders, edges } = table.counts;
  yield [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <desc>${escapeXml(`Karma estate as of ${table.at}: ${components} components, ${placeholders} placeholders, ${edges} depends_on edges (consumer → provider)`)}</desc>`,
    ...keys,
    '  <graph id="karma" edgedefault="directed">',
    '',
  ].join('\n');
  let piece = '';
  let rows = 0;
  for (const node of table.nodes) {
    piece += `    <node id="${escapeXml(node.id)}">${dataElements(NODE_DATA, 'n_', node)}</node>\n`;
    if (++rows % ROWS_PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  for (const edge of table.edges) {
    piece += `    <edge id="${escapeXml(edge.id)}" source="${escapeXml(edge.from)}" target="${escapeXml(edge.to)}">${dataElements(EDGE_DATA, 'e_', edge)}</edge>\n`;
    if (++rows % ROWS_PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}  </graph>\n</graphml>\n`;
}

export function toGraphml(table: AnalysisTable): string {
  return [...graphmlChunks(table)].join('');
}
