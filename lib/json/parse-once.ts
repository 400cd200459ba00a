/**
 * One parse per document text for the life of a memo. A sync reads each
 * config, runtime and Git config once but several steps need it parsed (the
 * build, the schema check, drift's lineage, Git and mirror comparisons);
 * each used to parse it again. The sync makes one memo (lib/server/load-graph.ts)
 * and hands it to every step, so the strict parser runs once per text and the
 * steps share one parsed value, which nothing mutates. Pure.
 */
import type { JsonValue } from '@/lib/model/json';
import { parseStrictJson, type StrictJsonResult } from './parse-strict-json';

/** How a step turns a document's text into JSON: parseStrictJson, or a memo of it. */
export type JsonParser = (text: string) => StrictJsonResult;

export type ParseMemo = JsonParser & {
  /** A value another reader already parsed strictly from this exact text (the config repo reader does): never parsed again. */
  remember(text: string, value: JsonValue): void;
};

export function parseOnce(parse: JsonParser = parseStrictJson): ParseMemo {
  const results = new Map<string, StrictJsonResult>();
  const memo = (text: string): StrictJsonResult => {
    let result = results.get(text);
    if (result === undefined) {
      result = parse(text);
      results.set(text, result);
    }
    return result;
  };
  const remember = (text: string, value: JsonValue) => {
    if (!results.has(text)) results.set(text, { ok: true, value });
  };
  return Object.assign(memo, { remember });
}
