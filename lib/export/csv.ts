/**
 * The analysis table as CSV (RFC 4180): one file per table, since one HTTP
 * response is one file — the nodes, or the edges. A header row of column
 * names, CRLF line ends, a field quoted when it holds a comma, a quote, CR
 * or LF (quotes doubled inside), an empty field for null, true/false for
 * booleans. Values are written as they are (no spreadsheet-formula
 * guarding): this is data for analysis, and ids and paths must round-trip.
 * Yields the file in pieces. Pure.
 */
import { EDGE_COLUMNS, NODE_COLUMNS, type AnalysisTable, type Cell, type Column } from './features';

export const CSV_TABLES = ['nodes', 'edges'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const ROWS_PER_PIECE = 1_000;

function* rowsOf<Row>(columns: ReadonlyArray<Column<Row>>, rows: readonly Row[]): Generator<string> {
  let piece = `${columns.map((c) => csvField(c.name)).join(',')}\r\n`;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    piece += `${columns.map((c) => csvField(c.value(row))).join(',')}\r\n`;
    if ((i + 1) % ROWS_PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

export function csvChunks(table: AnalysisTable, which: CsvTable): Generator<string> {
  return which === 'nodes' ? rowsOf(NODE_COLUMNS, table.nodes) : rowsOf(EDGE_COLUMNS, table.edges);
}

export function toCsv(table: AnalysisTable, which: CsvTable): string {
  return [...csvChunks(table, which)].join('');
}
