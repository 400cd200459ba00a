import { describe, expect, it } from 'vitest';
import { locateJsonPath, parseJsonPath } from './locate-json-path';

const text = `{
  "cidr": "10.300.0.0/16",
  "azs": ["us-east-1a", "us-east-1b"],
  "tags": { "Owner": "platform", "a.b": [1, {"deep": true}] },
  "empty": {}
}`;

const marked = (path: string) => {
  const range = locateJsonPath(text, path);
  return range && text.slice(range.from, range.to);
};

describe('JSON paths', () => {
  it('parse the way formatPath writes them', () => {
    expect(parseJsonPath('tags["a.b"][1].deep')).toEqual(['tags', 'a.b', 1, 'deep']);
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('a..b')).toBeNull();
  });
});

describe('locating a path in the text', () => {
  it('marks the key and value of a scalar member', () => {
    expect(marked('cidr')).toBe('"cidr": "10.300.0.0/16"');
    expect(marked('tags.Owner')).toBe('"Owner": "platform"');
  });

  it('marks array items, quoted keys and deep values', () => {
    expect(marked('azs[1]')).toBe('"us-east-1b"');
    expect(marked('tags["a.b"][1].deep')).toBe('"deep": true');
  });

  it('marks only the key of an object or array member', () => {
    expect(marked('tags')).toBe('"tags"');
    expect(marked('azs')).toBe('"azs"');
  });

  it('falls back to where the nearest existing parent opens', () => {
    expect(locateJsonPath(text, 'tags.Missing')).toEqual({ from: text.indexOf('{ "Owner"'), to: text.indexOf('{ "Owner"') + 1 });
    expect(locateJsonPath(text, 'az_count')).toEqual({ from: 0, to: 1 });
    expect(locateJsonPath(text, 'empty.x')).toEqual({ from: text.indexOf('{}'), to: text.indexOf('{}') + 1 });
  });
});
