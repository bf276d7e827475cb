import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanHandle, cleanName, cleanText, normalizeEmail } from './text.ts';

describe('normalizeEmail: one spelling per mailbox', () => {
  it.each([
    ['victim@example.com.', 'victim@example.com'],
    ['Victim@Example.COM..', 'victim@example.com'],
    ['  ada+papers@example.org ', 'ada+papers@example.org'],
    ['ada@BÜCHER.example', 'ada@xn--bcher-kva.example'],
  ])('%j → %j', (raw, want) => {
    expect(normalizeEmail(raw)).toBe(want);
  });
  it.each([
    'no-at',
    '@example.com',
    'a@b',
    'a b@example.com',
    'a@exa mple.com',
    'a@example..com',
    'a\u0000@x.org',
  ])('refuses %j', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });
});

describe('text normalisation', () => {
  it('NFC-normalises, so one word is stored one way', () => {
    expect(cleanText('Cafe\u0301', 'A comment')).toBe('Café');
  });
  it('refuses unpaired surrogates and control characters (NUL, ANSI escapes)', () => {
    for (const bad of ['a\ud800b', 'x\udc00', 'a\u0000b', 'red \u001b[31mtext', 'a\u0085b', 'a\u007fb'])
      expect(() => cleanText(bad, 'A comment', { multiline: true })).toThrow(/A comment/);
    expect(cleanText('line 1\r\nline 2\ttabbed', 'A comment', { multiline: true })).toBe(
      'line 1\nline 2\ttabbed',
    );
    expect(() => cleanText('a\nb', 'A name')).toThrow(/control/);
  });
  it('names: bidi overrides stripped, and at least one visible character', () => {
    expect(cleanName('\u202eAda\u202c  Lovelace\u2066', 'A display name')).toBe('Ada Lovelace');
    for (const invisible of [
      '\u200b\u200b',
      '\u3164',
      '\u115f\u1160',
      '\u2800',
      ' \u00ad ',
      '\u202e',
      '\u0301',
      '\ufeff',
    ])
      expect(() => cleanName(invisible, 'A display name')).toThrow(/visible/);
    expect(cleanHandle(' \u202eAda_\u2069 ')).toBe('ada_');
  });
  it('property: accepted text is NFC, well-formed and free of controls; names always show something', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        let out: string;
        try {
          out = cleanName(s, 'A name');
        } catch {
          return true;
        }
        expect(out).toBe(out.normalize('NFC'));
        expect(/\p{Cs}|\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u.test(out)).toBe(false);
        expect(out.trim()).not.toBe('');
        return true;
      }),
    );
  });
});
