import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './safe-callback';

describe('the page to go to after sign-in', () => {
  it.each([
    ['/changes?status=open', '/changes?status=open'],
    ['/components/prod%3Avpc%2Fmain', '/components/prod%3Avpc%2Fmain'],
    ['http://127.0.0.1:3103/changes/new?component=prod%3Avpc%2Fmain', '/changes/new?component=prod%3Avpc%2Fmain'],
  ])('keeps a page of this site: %s', (value, expected) => {
    expect(safeCallbackPath(value, 'http://127.0.0.1:3103')).toBe(expected);
  });

  it.each([
    undefined,
    '',
    'https://evil.example/x',
    '//evil.example/x',
    '/\\evil.example/x',
    'javascript:alert(1)',
    'http://127.0.0.1:9999/changes',
    '/signin?callbackUrl=/signin',
    '/api/auth/signout',
  ])('sends %j to the start page instead', (value) => {
    expect(safeCallbackPath(value, 'http://127.0.0.1:3103')).toBe('/');
  });

  it.each([
    '/.//evil.example',
    '/.//evil.example/phish?x=1',
    '/..//evil.example',
    '/../..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/./\\evil.example',
    '/.\\/evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/./%2f/evil.example'.replace('%2f', '/'),
    'http://127.0.0.1:3103/.//evil.example',
  ])('never lets %j normalise into a protocol-relative URL', (value) => {
    const path = safeCallbackPath(value, 'http://127.0.0.1:3103');
    expect(path).toBe('/');
    expect(new URL(path, 'http://127.0.0.1:3103').origin).toBe('http://127.0.0.1:3103');
  });

  it.each([
    ['/changes//list', '/changes//list'],
    ['/./drift', '/drift'],
    ['/changes/../drift?status=pending', '/drift?status=pending'],
    ['/components/%2F%2Fevil.example', '/components/%2F%2Fevil.example'],
  ])('keeps %j, a path of this site after normalising, as %j', (value, expected) => {
    expect(safeCallbackPath(value, 'http://127.0.0.1:3103')).toBe(expected);
  });

  it('allows the sign-in page when asked (where signing out goes)', () => {
    expect(safeCallbackPath('/signin', 'http://127.0.0.1:3103', { isSignInAllowed: true })).toBe('/signin');
    expect(safeCallbackPath('/signin', 'http://127.0.0.1:3103')).toBe('/');
  });

  it('works without knowing the origin, for relative paths only', () => {
    expect(safeCallbackPath('/drift')).toBe('/drift');
    expect(safeCallbackPath('http://127.0.0.1:3103/drift')).toBe('/');
    expect(safeCallbackPath('/drift', 'not a url')).toBe('/');
  });
});
