import { describe, expect, it } from 'vitest';
import { compareGit, diffDocuments } from './compare-git';

describe('compareGit', () => {
  it.each([
    [{ configRaw: '{}', gitConfigRaw: undefined }, 'not_configured'],
    [{ configRaw: null, gitConfigRaw: null }, 'absent'],
    [{ configRaw: '{}', gitConfigRaw: null }, 'missing_in_git'],
    [{ configRaw: null, gitConfigRaw: '{}' }, 'not_published'],
    [{ configRaw: '{"a":1,"b":2}', gitConfigRaw: '{\n  "b": 2,\n  "a": 1\n}\n' }, 'same'],
    [{ configRaw: '{"a":1}', gitConfigRaw: '{"a":2}' }, 'differs'],
  ] as const)('%o → %s', (component, state) => expect(compareGit(component).state).toBe(state));
});

describe('diffDocuments', () => {
  it('diffs fields from the first document to the second', () => {
    expect(diffDocuments('{"image":"a:1"}', '{"image":"a:2"}')).toEqual({ mode: 'fields', changes: [{ kind: 'changed', path: 'image', before: 'a:1', after: 'a:2' }] });
  });

  it('compares text when a side is not JSON, ignoring CRLF and trailing whitespace', () => {
    expect(diffDocuments('{ "a": 1, }', '{ "a": 1, }\r\n')).toEqual({ mode: 'text', equal: true });
    expect(diffDocuments('{ "a": 1, }', '{ "a": 1 }')).toEqual({ mode: 'text', equal: false });
  });
});
