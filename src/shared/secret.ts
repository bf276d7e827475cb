/**
 * Secrets: random values for sessions, sign-in links and API tokens (stored only as their
 * SHA-256), and the server secret that signs tokens which must work without a login.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'secret';

/** 32 random bytes, base64url (43 characters): unguessable, so a fast hash suffices to store them. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are stored as their SHA-256: a leaked table holds nothing usable. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The server secret (unsubscribe and confirmation links). Taken from PAPERBOY_SECRET when
 * set; otherwise generated once and kept in the data directory, so a fresh install just
 * works and links survive restarts. Several processes sharing a data dir (or a database
 * with separate dirs) must share it: set PAPERBOY_SECRET explicitly when running more
 * than one host.
 */
export function loadOrCreateSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = newSecret();
  try {
    // `wx` fails if another process created the file first; then use theirs.
    fs.writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return fs.readFileSync(file, 'utf8').trim();
  }
}
