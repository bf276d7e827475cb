/**
 * Personal API tokens: a user creates one in settings, sees its secret once, and scripts
 * send it as `Authorization: Bearer pb_…`. Only a SHA-256 hash is stored (the secret has
 * 256 random bits, so a fast hash is enough: there is nothing to brute-force), tokens are
 * revocable, and the secret never reaches a log.
 */
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { hashSecret, newSecret } from '../shared/secret.ts';
import { cleanName } from '../shared/text.ts';
import {
  findTokenOwner,
  insertToken,
  listUserTokens,
  revokeUserToken,
  type TokenOwner,
  type TokenRow,
  touchToken,
} from './tokens.repo.ts';

export type { TokenRow };

interface TokenDeps {
  db: Db;
  clock: Clock;
}

/** Recognisable in leaked-secret scanners and logs. */
export const TOKEN_PREFIX = 'pb_';
/** Writing `last_used_at` on every request would turn reads into writes; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;
const MAX_TOKENS_PER_USER = 20;

export async function createToken(
  deps: TokenDeps,
  userId: number,
  name: string,
): Promise<{ secret: string; token: TokenRow }> {
  const label = name.trim() ? cleanName(name, 'A token name') : '';
  if (!label || label.length > 60) throw new ValidationError('Name the token in 1 to 60 characters.');
  const active = (await listUserTokens(deps.db, userId)).filter((t) => !t.revokedAt);
  if (active.length >= MAX_TOKENS_PER_USER)
    throw new ValidationError(`You have ${MAX_TOKENS_PER_USER} tokens; revoke one first.`);
  const secret = `${TOKEN_PREFIX}${newSecret()}`;
  const token = await insertToken(deps.db, {
    userId,
    name: label,
    hash: hashSecret(secret),
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    now: deps.clock.now().toISOString(),
  });
  return { secret, token };
}

export const listTokens = (deps: TokenDeps, userId: number) => listUserTokens(deps.db, userId);

export async function revokeToken(deps: TokenDeps, userId: number, id: number): Promise<void> {
  if (!(await revokeUserToken(deps.db, userId, id, deps.clock.now().toISOString())))
    throw new NotFoundError('No such active token.');
}

/** The owner of a presented secret, or null (unknown, revoked, or its user is not active). */
export async function authenticateToken(deps: TokenDeps, secret: string): Promise<TokenOwner | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return null;
  const owner = await findTokenOwner(deps.db, hashSecret(secret));
  if (!owner || owner.user.status !== 'active') return null;
  const now = deps.clock.now();
  if (!owner.lastUsedAt || now.getTime() - Date.parse(owner.lastUsedAt) > TOUCH_INTERVAL_MS)
    await touchToken(deps.db, owner.tokenId, now.toISOString());
  return owner;
}
