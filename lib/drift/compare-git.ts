/**
 * The Git config against the published SSM config. Canonical JSON when both
 * parse (key order and whitespace do not matter), otherwise the raw text,
 * ignoring line-ending style and trailing whitespace: editors add a final
 * newline that the publish job does not.
 */
import { diffJson, isSameJson } from '@/lib/json/diff-json';
import type { JsonParser } from '@/lib/json/parse-once';
import { parseStrictJson } from '@/lib/json/parse-strict-json';
import type { DocumentDiff, GitComparison } from '@/lib/model/drift';
import type { Component } from '@/lib/model/graph';

function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trimEnd();
}

/** Field by field when both documents are JSON, else text. */
export function diffDocuments(before: string, after: string, parse: JsonParser = parseStrictJson): DocumentDiff {
  const a = parse(before);
  const b = parse(after);
  if (a.ok && b.ok) {
    return { mode: 'fields', changes: isSameJson(a.value, b.value) ? [] : diffJson(a.value, b.value) };
  }
  return { mode: 'text', equal: normaliseText(before) === normaliseText(after) };
}

export function isSameDocument(diff: DocumentDiff): boolean {
  return diff.mode === 'fields' ? diff.changes.length === 0 : diff.equal;
}

export function compareGit({ configRaw, gitConfigRaw }: Pick<Component, 'configRaw' | 'gitConfigRaw'>, parse: JsonParser = parseStrictJson): GitComparison {
  if (gitConfigRaw === undefined) return { state: 'not_configured' };
  if (gitConfigRaw === null) return configRaw === null ? { state: 'absent' } : { state: 'missing_in_git' };
  if (configRaw === null) return { state: 'not_published' };
  // From the published config to Git: what publishing the repo would change.
  const diff = diffDocuments(configRaw, gitConfigRaw, parse);
  return isSameDocument(diff) ? { state: 'same' } : { state: 'differs', diff };
}
