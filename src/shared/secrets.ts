/** Secrets are stored as their SHA-256: a leaked table holds nothing usable. */
import { createHash } from 'node:crypto';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
