import { describe, expect, it } from 'vitest';
import { safeNext } from './auth.ts';

describe('safeNext: redirect targets are parsed as URLs and kept only when same-origin', () => {
  it.each([
    ['/papers/2504.01234', '/papers/2504.01234'],
    ['/search?q=a b#top', '/search?q=a%20b#top'],
    ['http://paperboy.test/users/ada', '/users/ada'],
  ])('keeps %j as %j', (raw, want) => {
    expect(safeNext(raw, '/', ['http://paperboy.test'])).toBe(want);
  });

  it.each([
    '/\t/evil.example/x',
    '/\n/evil.example/x',
    '\t//evil.example',
    '//evil.example/x',
    '/\\evil.example/x',
    '\\\\evil.example',
    'https://evil.example/x',
    'http://paperboy.test.evil.example/',
    'javascript:alert(1)',
    ' //evil.example',
  ])('refuses %j', (raw) => {
    expect(safeNext(raw, '/', ['http://paperboy.test'])).toBe('/');
  });

  it('always yields a valid Location header (no raw CR, LF, NUL or non-Latin-1)', () => {
    for (const raw of [
      '/a\r\nSet-Cookie: x=1',
      '/a\u0000b',
      '/caf\u00e9/\u2603?\u4e2d#\u{1F600}',
      '/a\u007f',
    ]) {
      const out = safeNext(raw);
      expect(out.startsWith('/')).toBe(true);
      expect(out).toMatch(/^[\x21-\x7e]*$/);
    }
  });
});
