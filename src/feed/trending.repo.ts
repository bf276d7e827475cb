/** Candidates for trending: the most recently featured visible papers, as cards. */
import type { Db } from '../db/connect.ts';
import { LIST_ITEM_COLUMNS, toListItem } from '../papers/list-items.repo.ts';
import type { PaperListItem } from '../papers/types.ts';

/**
 * The `limit` most recently featured, visible papers (index daily_entries_submitted_at).
 * Trending ranks only these: older papers have decayed below any recent one with a vote,
 * and the cost stays constant however large the archive grows.
 */
export async function listRecentlyFeatured(db: Db, limit: number): Promise<PaperListItem[]> {
  const rows = await db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .leftJoin('users as u', 'u.id', 'e.submitted_by')
    .select(LIST_ITEM_COLUMNS)
    .where('e.hidden', '=', 0)
    .orderBy('e.submitted_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  // A paper featured on two recent days trends once, from its latest day.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.arxiv_id) && seen.add(r.arxiv_id)).map(toListItem);
}
