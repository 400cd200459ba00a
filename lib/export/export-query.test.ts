import { describe, expect, it } from 'vitest';
import { exportFileName, parseExportQuery } from './export-query';

describe('parseExportQuery', () => {
  it('takes a format, for csv a table (nodes by default), and a moment', () => {
    expect(parseExportQuery(new URLSearchParams('format=graphml'))).toEqual({ format: 'graphml', table: 'nodes', at: null });
    expect(parseExportQuery(new URLSearchParams('format=csv&table=edges&at=2026-10-01T12:00:00Z'))).toEqual({ format: 'csv', table: 'edges', at: '2026-10-01T12:00:00Z' });
    expect(parseExportQuery({ format: 'jsonl', table: undefined, at: undefined })).toEqual({ format: 'jsonl', table: 'nodes', at: null });
  });

  it.each([
    ['', /format must be one of graphml, csv, jsonl/],
    ['format=gexf', /format must be one of graphml, csv, jsonl/],
    ['format=csv&table=versions', /table must be one of nodes, edges/],
    ['format=graphml&table=edges', /table is for format=csv/],
    ['format=csv&format=jsonl', /format is given more than once/],
    ['format=csv&colour=red', /unknown parameter colour/],
  ])('refuses "%s" as a bad request', (search, message) => {
    expect(() => parseExportQuery(new URLSearchParams(search))).toThrow(expect.objectContaining({ code: 'bad_request', message: expect.stringMatching(message) }));
  });
});

describe('exportFileName', () => {
  it('names the file for the moment, without colons or fractions of a second', () => {
    expect(exportFileName({ format: 'graphml', table: 'nodes' }, '2026-10-01T12:00:00.000Z')).toBe('karma-2026-10-01T120000Z.graphml');
    expect(exportFileName({ format: 'jsonl', table: 'nodes' }, '2026-10-01T12:00:00.123Z')).toBe('karma-2026-10-01T120000Z.jsonl');
    expect(exportFileName({ format: 'csv', table: 'edges' }, '2026-10-01T12:00:00.000Z')).toBe('karma-2026-10-01T120000Z-edges.csv');
  });
});
