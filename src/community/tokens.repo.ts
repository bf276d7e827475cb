/** Storage of personal API tokens: only their hashes. */

import type { Db } from '../db/connect.ts';
import type { SessionUser } from './types.ts';
import { toSessionUser } from './users.repo.ts';

export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface TokenOwner {
  tokenId: number;
  lastUsedAt: string | null;
  user: SessionUser;
}

export async function insertToken(
  db: Db,
  t: { userId: number; name: string; hash: string; prefix: string; now: string },
): Promise<TokenRow> {
  const row = await db.kysely
    .insertInto('api_tokens')
    .values({ user_id: t.userId, name: t.name, token_hash: t.hash, prefix: t.prefix, created_at: t.now })
    .returning(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function listUserTokens(db: Db, userId: number): Promise<TokenRow[]> {
  const rows = await db.kysely
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Marks the user's token revoked; false when it is not theirs or already revoked. */
export async function revokeUserToken(db: Db, userId: number, id: number, now: string): Promise<boolean> {
  const r = await db.kysely
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The unrevoked token with this hash and its owner; null when there is none. */
export async function findTokenOwner(db: Db, hash: string): Promise<TokenOwner | null> {
  const r = await db.kysely
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id as token_id',
      't.last_used_at',
      'u.id',
      'u.handle',
      'u.display_name',
      'u.email',
      'u.role',
      'u.status',
    ])
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!r) return null;
  return { tokenId: r.token_id, lastUsedAt: r.last_used_at, user: toSessionUser(r) };
}

export async function touchToken(db: Db, id: number, now: string): Promise<void> {
  await db.kysely.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
