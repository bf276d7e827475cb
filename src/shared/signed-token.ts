/**
 * Signed tokens: `<payload>.<mac>` with an HMAC-SHA256 over purpose and payload, so a
 * token minted for one purpose (confirm) is refused for another (unsubscribe), and any
 * change to the payload is refused. Payloads are short ASCII strings (ids, dates);
 * they are not secret, only unforgeable.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

function mac(secret: string, purpose: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}\n${payload}`).digest().subarray(0, 18);
}

export function signToken(secret: string, purpose: string, payload: string): string {
  return `${Buffer.from(payload).toString('base64url')}.${mac(secret, purpose, payload).toString('base64url')}`;
}

/** The payload when the token is authentic for this purpose, otherwise null. */
export function verifyToken(secret: string, purpose: string, token: string): string | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 512) return null;
  const payload = Buffer.from(token.slice(0, dot), 'base64url').toString();
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(secret, purpose, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  // Reject non-canonical encodings, so one token has exactly one spelling.
  if (signToken(secret, purpose, payload) !== token) return null;
  return payload;
}
