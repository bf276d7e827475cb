/** What a profile page lists: a member's submissions, upvotes and joined date. */
import type { Db } from '../db/connect.ts';
import { LIST_ITEM_COLUMNS, toListItem } from '../papers/list-items.repo.ts';
import type { PaperListItem } from '../papers/types.ts';

function cards(db: Db) {
  return db.kysely
    .selectFrom('papers as p')
    .leftJoin('daily_entries as e', 'e.paper_id', 'p.id')
    .leftJoin('users as u', 'u.id', 'e.submitted_by')
    .select(LIST_ITEM_COLUMNS);
}

/** Papers the user submitted to the feed (hidden ones excluded), newest first. */
export async function listSubmittedBy(db: Db, userId: number, limit = 30): Promise<PaperListItem[]> {
  const rows = await cards(db)
    .where('e.submitted_by', '=', userId)
    .where('e.hidden', '=', 0)
    .orderBy('e.submitted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toListItem);
}

/** Papers the user upvoted, most recent vote first. */
export async function listUpvotedBy(db: Db, userId: number, limit = 30): Promise<PaperListItem[]> {
  const rows = await cards(db)
    .innerJoin('votes as v', 'v.paper_id', 'p.id')
    .where('v.user_id', '=', userId)
    .orderBy('v.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toListItem);
}

export async function userJoinedAt(db: Db, userId: number): Promise<string | null> {
  const r = await db.kysely
    .selectFrom('users')
    .select('created_at')
    .where('id', '=', userId)
    .executeTakeFirst();
  return r?.created_at ?? null;
}
