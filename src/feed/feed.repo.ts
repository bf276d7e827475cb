/**
 * Queries behind the daily / week / month views: featured papers between two feed dates.
 */
import type { Db } from '../db/connect.ts';
import { DAY_ORDER, LIST_ITEM_COLUMNS, toListItem } from '../papers/list-items.repo.ts';
import type { PaperListItem } from '../papers/types.ts';

/** A card on a feed view: always featured, so its feed date and time are known. */
export type FeedCard = PaperListItem & { feedDate: string; submittedAt: string };

/** Featured, visible entries with feed dates in [from, to], in the day order (DAY_ORDER). */
export async function listFeed(
  db: Db,
  range: { from: string; to: string; limit?: number },
): Promise<FeedCard[]> {
  const rows = await db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .leftJoin('users as u', 'u.id', 'e.submitted_by')
    .select(LIST_ITEM_COLUMNS)
    .where('e.feed_date', '>=', range.from)
    .where('e.feed_date', '<=', range.to)
    .where('e.hidden', '=', 0)
    .$call((q) => DAY_ORDER.reduce((acc, [expr, dir]) => acc.orderBy(expr, dir), q))
    .limit(range.limit ?? 500)
    .execute();
  // The inner join on daily_entries makes feed_date and submitted_at non-null.
  return rows.map(toListItem) as FeedCard[];
}

/** The most recent feed date on or before `onOrBefore` that has visible entries. */
export async function latestFeedDate(db: Db, onOrBefore?: string): Promise<string | null> {
  let q = db.kysely.selectFrom('daily_entries').select('feed_date').where('hidden', '=', 0);
  if (onOrBefore) q = q.where('feed_date', '<=', onOrBefore);
  const row = await q.orderBy('feed_date', 'desc').limit(1).executeTakeFirst();
  return row?.feed_date ?? null;
}

/** How many visible papers are featured with feed dates in [from, to]. */
export async function countFeed(db: Db, range: { from: string; to: string }): Promise<number> {
  const row = await db.kysely
    .selectFrom('daily_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('feed_date', '>=', range.from)
    .where('feed_date', '<=', range.to)
    .where('hidden', '=', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The nearest feed dates with visible entries before `from` and after `to` (both default
 * to one day): the previous / next links of day, week and month pages skip empty spans.
 */
export async function adjacentFeedDates(
  db: Db,
  from: string,
  to: string = from,
): Promise<{ prev: string | null; next: string | null }> {
  const [prev, next] = await Promise.all([
    db.kysely
      .selectFrom('daily_entries')
      .select('feed_date')
      .where('hidden', '=', 0)
      .where('feed_date', '<', from)
      .orderBy('feed_date', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db.kysely
      .selectFrom('daily_entries')
      .select('feed_date')
      .where('hidden', '=', 0)
      .where('feed_date', '>', to)
      .orderBy('feed_date', 'asc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { prev: prev?.feed_date ?? null, next: next?.feed_date ?? null };
}
