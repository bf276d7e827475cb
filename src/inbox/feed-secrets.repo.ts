/** The secret of a member's private feed URLs, stored as its hash: one per member, replaceable and revocable. */
import type { SessionUser } from '../community/types.ts';
import { toSessionUser } from '../community/users.repo.ts';
import type { Db } from '../db/connect.ts';

export async function putFeedSecret(db: Db, userId: number, hash: string, now: Date): Promise<void> {
  const row = { secret_hash: hash, created_at: now.toISOString() };
  await db.kysely
    .insertInto('feed_secrets')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
}

export async function deleteFeedSecret(db: Db, userId: number): Promise<void> {
  await db.kysely.deleteFrom('feed_secrets').where('user_id', '=', userId).execute();
}

export async function hasFeedSecret(db: Db, userId: number): Promise<boolean> {
  return (
    (await db.kysely
      .selectFrom('feed_secrets')
      .select('user_id')
      .where('user_id', '=', userId)
      .executeTakeFirst()) !== undefined
  );
}

/** The member whose feed secret has this hash (active accounts only). */
export async function feedSecretOwner(db: Db, hash: string): Promise<SessionUser | null> {
  const r = await db.kysely
    .selectFrom('feed_secrets as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['u.id', 'u.handle', 'u.display_name', 'u.email', 'u.role', 'u.status'])
    .where('f.secret_hash', '=', hash)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return r ? toSessionUser(r) : null;
}
