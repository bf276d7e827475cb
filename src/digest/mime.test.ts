import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { listIdHeader } from './message.ts';
import { encodeQuotedPrintable } from './mime.ts';

async function roundTrip(text: string): Promise<string> {
  const raw = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${encodeQuotedPrintable(text).toString('latin1')}`;
  const parsed = await simpleParser(raw);
  return parsed.text ?? '';
}

describe('quoted-printable', () => {
  it('keeps lines within 76 characters and escapes = and non-ASCII', () => {
    const enc = encodeQuotedPrintable(`${'a'.repeat(200)} = ▲ café \n`).toString('latin1');
    for (const line of enc.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(enc).toContain('=3D');
    expect(enc).toContain('=E2=96=B2');
    expect(enc).toMatch(/=20\r\n$/);
    expect(encodeQuotedPrintable('café \n').toString('latin1')).toBe('caf=C3=A9=20\r\n');
  });

  it('round-trips any text through a real MIME parser', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), async (s) => {
        // Mail bodies are line-based: line ends come back as \n, and a trailing one may be added.
        const text = s.replace(/\r\n?/g, '\n');
        expect((await roundTrip(text)).replace(/\n$/, '')).toBe(text.replace(/\n$/, ''));
      }),
      { numRuns: 200 },
    );
  });
});

describe('List-Id (RFC 2919)', () => {
  it('is a plain <id> after a phrase; only a non-ASCII phrase is encoded', () => {
    expect(listIdHeader('Lab Papers', 'daily', 'papers.example').value).toBe(
      '"Lab Papers daily digest" <daily.digest.papers.example>',
    );
    const intl = listIdHeader('Läb "Papers"', 'weekly', 'papers.example').value;
    expect(intl).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <weekly\.digest\.papers\.example>$/);
    const b64 = /B\?([^?]+)\?=/.exec(intl)![1]!;
    expect(Buffer.from(b64, 'base64').toString('utf8')).toBe('Läb Papers weekly digest');
  });
});
