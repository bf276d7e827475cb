import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './signed-token.ts';

describe('signed tokens', () => {
  const secret = 'a-test-secret-that-is-long-enough-0123456789';

  it('round-trips a payload for the same purpose', () => {
    const t = signToken(secret, 'unsubscribe', '42');
    expect(verifyToken(secret, 'unsubscribe', t)).toBe('42');
  });

  it('refuses another purpose, another secret, and any tampering', () => {
    const t = signToken(secret, 'unsubscribe', '42');
    expect(verifyToken(secret, 'confirm', t)).toBeNull();
    expect(verifyToken(`${secret}x`, 'unsubscribe', t)).toBeNull();
    const forged = `${Buffer.from('43').toString('base64url')}${t.slice(t.indexOf('.'))}`;
    expect(verifyToken(secret, 'unsubscribe', forged)).toBeNull();
    const flipped = t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
    expect(verifyToken(secret, 'unsubscribe', flipped)).toBeNull();
    expect(verifyToken(secret, 'unsubscribe', '')).toBeNull();
    expect(verifyToken(secret, 'unsubscribe', 'no-dot')).toBeNull();
  });
});
