/**
 * What an export asks for, as `GET /api/export` and `karma export` both
 * take it: the format, for CSV which table, and the moment (absent: now).
 * Anything else is a `bad_request` naming what is allowed (400, not the
 * 422 a schema failure gets elsewhere: these are query parameters, not a
 * document). Also the file name and media type each export is sent as.
 */
import { z } from 'zod';
import { AppError } from '@/lib/model/errors';
import { CSV_TABLES, type CsvTable } from './csv';

export const EXPORT_FORMATS = ['graphml', 'csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportQuery = { format: ExportFormat; table: CsvTable; at: string | null };

const querySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: () => `format must be one of ${EXPORT_FORMATS.join(', ')}` }),
  table: z.enum(CSV_TABLES, { error: () => `table must be one of ${CSV_TABLES.join(', ')}` }).optional(),
  at: z.string().min(1, 'at must be an ISO 8601 date-time').optional(),
});

/** The query from its parameters (each given once: a URL's, or the CLI's flags); a `bad_request` AppError otherwise. */
export function parseExportQuery(input: URLSearchParams | Record<string, string | string[] | undefined>): ExportQuery {
  const params = input instanceof URLSearchParams ? fromSearchParams(input) : input;
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) throw new AppError('bad_request', `${name} is given more than once`);
  }
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) {
    throw new AppError('bad_request', parsed.error.issues.map((i) => (i.code === 'unrecognized_keys' ? `unknown parameter ${i.keys.join(', ')}` : i.message)).join('; '));
  }
  const { format, table, at } = parsed.data;
  if (table !== undefined && format !== 'csv') throw new AppError('bad_request', 'table is for format=csv (nodes or edges)');
  return { format, table: table ?? 'nodes', at: at ?? null };
}

function fromSearchParams(search: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    params[name] = values.length === 1 ? values[0] : values;
  }
  return params;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  // GraphML has no registered media type; the +xml suffix (RFC 6839) tells any XML reader what it is.
  graphml: 'application/graphml+xml; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/jsonl; charset=utf-8',
};

/** `karma-2026-10-01T120000Z.graphml`, `karma-…-edges.csv`: the moment without the characters file systems refuse. */
export function exportFileName({ format, table }: Pick<ExportQuery, 'format' | 'table'>, at: string): string {
  const stamp = at.replace(/\.\d+(?=Z$)/, '').replace(/:/g, '');
  return format === 'csv' ? `karma-${stamp}-${table}.csv` : `karma-${stamp}.${format}`;
}
