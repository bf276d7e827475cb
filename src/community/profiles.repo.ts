/** What a profile page lists besides submissions (a list kind): upvotes and the joined date. */
import type { Db } from '../db/connect.ts';

/** Ids of the papers the user upvoted, most recent vote first. */
export async function upvotedPaperIds(db: Db, userId: number, limit = 30): Promise<number[]> {
  const rows = await db.kysely
    .selectFrom('votes')
    .select('paper_id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('paper_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.paper_id);
}

export async function userJoinedAt(db: Db, userId: number): Promise<string | null> {
  const r = await db.kysely
    .selectFrom('users')
    .select('created_at')
    .where('id', '=', userId)
    .executeTakeFirst();
  return r?.created_at ?? null;
}
