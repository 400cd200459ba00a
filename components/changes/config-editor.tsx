'use client';

import { json } from '@codemirror/lang-json';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import { locateJsonPath } from './locate-json-path';

/** A problem the server found in this exact text, to be marked at its field. */
export type FieldIssue = { path: string | null; message: string; severity: 'error' | 'warning' };

type Props = {
  value: string;
  onChange?: (value: string) => void;
  isReadOnly?: boolean;
  /** Only issues found in `value` as it is now: positions in older text would point at the wrong place. */
  issues: FieldIssue[];
  label: string;
};

const theme = EditorView.theme({
  '&': { fontSize: '13px' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  '.cm-gutters': { backgroundColor: '#f8fafc', borderRight: '1px solid #e2e8f0' },
});

/**
 * The JSON editor of the proposal form: syntax highlighting, the strict
 * parser's error (duplicate keys included) underlined at its position with a
 * gutter mark on its line as you type, and the server's field errors
 * (schema, references) marked at their fields after a simulation.
 */
export function ConfigEditor({ value, onChange, isReadOnly = false, issues, label }: Props) {
  const extensions = useMemo(() => {
    const lint = linter(
      (view) => {
        const text = view.state.doc.toString();
        const length = view.state.doc.length;
        const parsed = parseStrictJson(text, { isExactNumbers: true });
        if (!parsed.ok) {
          const { offset, line, column, message } = parsed.error;
          const to = Math.min(offset + 1, length);
          return [{ from: Math.max(0, Math.min(offset, to - 1)), to, severity: 'error', source: 'JSON', message: `Line ${line}, column ${column}: ${message}` }];
        }
        const diagnostics: Diagnostic[] = [];
        for (const issue of issues) {
          const range = issue.path ? locateJsonPath(text, issue.path) : null;
          if (range) diagnostics.push({ ...range, severity: issue.severity, source: 'Karma', message: issue.message });
        }
        return diagnostics;
      },
      { delay: 250 },
    );
    return [json(), lint, lintGutter(), theme, EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': label })];
  }, [issues, label]);

  return (
    <div className="overflow-hidden rounded-md border border-slate-300 focus-within:border-indigo-500 focus-within:ring-1 focus-within:ring-indigo-500" data-testid="config-editor">
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        readOnly={isReadOnly}
        editable={!isReadOnly}
        minHeight="320px"
        maxHeight="560px"
        basicSetup={{ foldGutter: true, highlightActiveLine: !isReadOnly, autocompletion: false }}
      />
    </div>
  );
}
