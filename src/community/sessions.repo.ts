/**
 * Storage of sessions and sign-in links. Only SHA-256 hashes of the secrets are stored:
 * someone who reads the database cannot sign in as anyone.
 */
import type { Db } from '../db/connect.ts';
import type { SessionUser } from './types.ts';
import { toSessionUser } from './users.repo.ts';

export async function insertSession(
  db: Db,
  s: { idHash: string; userId: number; now: Date; expiresAt: Date; userAgent: string | null },
): Promise<void> {
  await db.kysely
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      created_at: s.now.toISOString(),
      last_seen_at: s.now.toISOString(),
      expires_at: s.expiresAt.toISOString(),
      user_agent: s.userAgent,
    })
    .execute();
}

/** The active user behind a session, or null when the session is unknown, expired or its user may not sign in. */
export async function findSessionUser(
  db: Db,
  idHash: string,
  now: Date,
): Promise<{ user: SessionUser; lastSeenAt: string } | null> {
  const r = await db.kysely
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.handle', 'u.display_name', 'u.email', 'u.role', 'u.status', 's.last_seen_at'])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now.toISOString())
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!r) return null;
  return { user: toSessionUser(r), lastSeenAt: r.last_seen_at };
}

export async function touchSession(db: Db, idHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db.kysely
    .updateTable('sessions')
    .set({ last_seen_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const r = await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countUserSessions(db: Db, userId: number, now: Date): Promise<number> {
  const r = await db.kysely
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertLoginToken(
  db: Db,
  t: { tokenHash: string; email: string; now: Date; expiresAt: Date },
): Promise<void> {
  // Expired links are useless; clear them here rather than in a separate job.
  await db.kysely.deleteFrom('login_tokens').where('expires_at', '<', t.now.toISOString()).execute();
  await db.kysely
    .insertInto('login_tokens')
    .values({
      token_hash: t.tokenHash,
      email: t.email,
      created_at: t.now.toISOString(),
      expires_at: t.expiresAt.toISOString(),
      used_at: null,
    })
    .execute();
}

/**
 * Marks a link used and returns its email, in one conditional UPDATE: of two concurrent
 * uses of the same link exactly one succeeds. Null when unknown, used or expired.
 */
export async function consumeLoginToken(db: Db, tokenHash: string, now: Date): Promise<string | null> {
  const at = now.toISOString();
  const r = await db.kysely
    .updateTable('login_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('email')
    .executeTakeFirst();
  return r?.email ?? null;
}

/** Why a link failed, for a helpful message (only after consumeLoginToken refused it). */
export async function loginTokenState(db: Db, tokenHash: string): Promise<'unknown' | 'used' | 'expired'> {
  const r = await db.kysely
    .selectFrom('login_tokens')
    .select(['used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!r) return 'unknown';
  return r.used_at ? 'used' : 'expired';
}
