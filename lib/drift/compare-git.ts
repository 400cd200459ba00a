/**
 * The Git config against the published SSM config. Canonical JSON when both
 * parse (key order and whitespace do not matter), otherwise the raw text,
 * ignoring line-ending style and trailing whitespace: editors add a final
 * newline that the publish job does not.
 */
import { diffJson } from '@/lib/json/diff-json';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import type { DocumentDiff, GitComparison } from '@/lib/model/drift';
import type { Component } from '@/lib/model/graph';
import { canonicalJson } from '@/lib/model/json';

function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trimEnd();
}

/** Field by field when both documents are JSON, else text. */
export function diffDocuments(before: string, after: string): DocumentDiff {
  const a = parseStrictJson(before);
  const b = parseStrictJson(after);
  if (a.ok && b.ok) {
    return { mode: 'fields', changes: canonicalJson(a.value) === canonicalJson(b.value) ? [] : diffJson(a.value, b.value) };
  }
  return { mode: 'text', equal: normaliseText(before) === normaliseText(after) };
}

export function isSameDocument(diff: DocumentDiff): boolean {
  return diff.mode === 'fields' ? diff.changes.length === 0 : diff.equal;
}

export function compareGit({ configRaw, gitConfigRaw }: Pick<Component, 'configRaw' | 'gitConfigRaw'>): GitComparison {
  if (gitConfigRaw === undefined) return { state: 'not_configured' };
  if (gitConfigRaw === null) return configRaw === null ? { state: 'absent' } : { state: 'missing_in_git' };
  if (configRaw === null) return { state: 'not_published' };
  // From the published config to Git: what publishing the repo would change.
  const diff = diffDocuments(configRaw, gitConfigRaw);
  return isSameDocument(diff) ? { state: 'same' } : { state: 'differs', diff };
}
