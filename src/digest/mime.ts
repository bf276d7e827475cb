/**
 * Quoted-printable body parts, encoded here rather than by nodemailer: digests go out by
 * the thousand, and nodemailer's general-purpose encoder (which first scans each body to
 * choose an encoding) was most of the sender's CPU time. This encoder is one pass over
 * the UTF-8 bytes with a lookup table. Pure.
 */
import type { RawPart } from './mailer.ts';

const HEX = Buffer.from('0123456789ABCDEF');
const MAX_LINE = 76;

function isLiteral(b: number): boolean {
  return (b >= 33 && b <= 126 && b !== 61) || b === 32 || b === 9;
}

/**
 * RFC 2045 quoted-printable of `text` (UTF-8), appended after `prefix`: CRLF line ends,
 * lines of at most 76 characters, soft breaks `=`, whitespace before a line end encoded.
 */
export function encodeQuotedPrintable(text: string, prefix = ''): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const head = Buffer.from(prefix, 'latin1');
  // Worst case: every byte becomes =XX, plus a soft break per 25 escapes and CRLFs.
  const out = Buffer.allocUnsafe(head.length + bytes.length * 3 + Math.ceil(bytes.length / 24) * 3 + 2);
  let j = head.copy(out, 0);
  let col = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] === 0x0a)) {
      if (b === 0x0d) i++;
      out[j++] = 0x0d;
      out[j++] = 0x0a;
      col = 0;
      continue;
    }
    const atLineEnd = i + 1 === bytes.length || bytes[i + 1] === 0x0a || bytes[i + 1] === 0x0d;
    const literal = isLiteral(b) && !((b === 32 || b === 9) && atLineEnd);
    const width = literal ? 1 : 3;
    if (col + width > MAX_LINE - 1) {
      out[j++] = 0x3d; // '='
      out[j++] = 0x0d;
      out[j++] = 0x0a;
      col = 0;
    }
    if (literal) out[j++] = b;
    else {
      out[j++] = 0x3d;
      out[j++] = HEX[b >> 4]!;
      out[j++] = HEX[b & 15]!;
    }
    col += width;
  }
  return out.subarray(0, j);
}

export function textPart(contentType: 'text/plain' | 'text/html', body: string): RawPart {
  return {
    raw: encodeQuotedPrintable(
      body,
      `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`,
    ),
  };
}
