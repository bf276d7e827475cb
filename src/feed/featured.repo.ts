/**
 * Queries over the daily feed (visible featured entries of papers not withdrawn): the
 * ids of a feed period, a submitter's entries, trending candidates, and the feed dates
 * around a period. Ids only; papers/cards.repo.ts loads the cards.
 */
import type { Db } from '../db/connect.ts';
import type { Window } from '../papers/lists.repo.ts';

export interface FeaturedQuery {
  /** Inclusive feed-date range; both absent means every date. */
  from?: string;
  to?: string;
  /** Only entries submitted by this user. */
  submitterId?: number;
  /**
   * `upvotes`: most upvoted first, then earliest featured (a period's view);
   * `date-upvotes`: newest feed day first, most upvoted within it; `submitted`: newest featured first.
   */
  order: 'upvotes' | 'date-upvotes' | 'submitted';
}

function featured(db: Db, q: Omit<FeaturedQuery, 'order'>) {
  let sel = db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .where('e.hidden', '=', 0)
    .where('p.withdrawn', '=', 0);
  if (q.from) sel = sel.where('e.feed_date', '>=', q.from);
  if (q.to) sel = sel.where('e.feed_date', '<=', q.to);
  if (q.submitterId !== undefined) sel = sel.where('e.submitted_by', '=', q.submitterId);
  return sel;
}

/** Paper ids of featured entries matching `q`, in its order (total: ties broken by paper id). */
export async function featuredIds(db: Db, q: FeaturedQuery, w: Window): Promise<number[]> {
  let sel = featured(db, q).select('p.id');
  if (q.order === 'submitted') sel = sel.orderBy('e.submitted_at', 'desc');
  else {
    if (q.order === 'date-upvotes') sel = sel.orderBy('e.feed_date', 'desc');
    sel = sel.orderBy('p.upvotes', 'desc').orderBy('e.submitted_at', 'asc');
  }
  const rows = await sel.orderBy('p.id', 'asc').offset(w.offset).limit(w.limit).execute();
  return rows.map((r) => r.id);
}

/** How many entries match `q`. */
export async function countFeatured(db: Db, q: Omit<FeaturedQuery, 'order'>): Promise<number> {
  const row = await featured(db, q)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** What the trending score needs of each entry featured in [from, to]. */
export async function trendingCandidates(
  db: Db,
  range: { from: string; to?: string },
): Promise<{ id: number; upvotes: number; comments: number; submittedAt: string }[]> {
  const rows = await featured(db, range)
    .select(['p.id', 'p.upvotes', 'p.comment_count', 'e.submitted_at'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    upvotes: r.upvotes,
    comments: r.comment_count,
    submittedAt: r.submitted_at,
  }));
}

/** The `n` most recent feed dates on or before `onOrBefore` that have visible entries, newest first. */
export async function recentFeedDates(db: Db, onOrBefore: string, n: number): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('daily_entries')
    .select('feed_date')
    .distinct()
    .where('hidden', '=', 0)
    .where('feed_date', '<=', onOrBefore)
    .orderBy('feed_date', 'desc')
    .limit(n)
    .execute();
  return rows.map((r) => r.feed_date);
}

/** The most recent feed date on or before `onOrBefore` that has visible entries. */
export async function latestFeedDate(db: Db, onOrBefore: string): Promise<string | null> {
  return (await recentFeedDates(db, onOrBefore, 1))[0] ?? null;
}

/**
 * The nearest feed dates with visible entries before `from` and after `to`: the
 * previous / next links of day, week and month pages skip empty spans.
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
