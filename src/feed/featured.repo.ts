/**
 * Queries over the daily feed (visible featured entries of papers not withdrawn): the
 * ids of a feed period, a submitter's entries, trending candidates, and the feed dates
 * around a period. Ids only; papers/cards.repo.ts loads the cards.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { PaperRef } from '../papers/cards.repo.ts';
import type { Window } from '../papers/lists.repo.ts';

/**
 * The order of a day (and within each day of longer spans): most upvoted that day (HF's
 * count for the day plus the votes cast here); among equal counts the most recently
 * submitted paper, then HF's own order for imported days, then the earliest featured. The
 * same order as Hugging Face's for the days imported from it.
 */
const DAY_ORDER = [
  [sql<number>`p.upvotes - p.imported_upvotes + e.imported_upvotes`, 'desc'],
  [sql<string>`coalesce(p.hf_published_at, p.published_at)`, 'desc'],
  [sql<number>`coalesce(e.hf_position, 1000000)`, 'asc'],
  [sql<string>`e.submitted_at`, 'asc'],
  [sql<number>`p.id`, 'asc'],
] as const;

export interface FeaturedQuery {
  /** Inclusive feed-date range; both absent means every date. */
  from?: string;
  to?: string;
  /** Only entries submitted by this user. */
  submitterId?: number;
  /** Only papers attributed to this organisation (its id). */
  organizationId?: number;
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
  if (q.organizationId !== undefined) sel = sel.where('p.organization_id', '=', q.organizationId);
  return sel;
}

/**
 * Featured entries matching `q`, in its order (total: ties broken by paper id). Each is
 * a ref to its entry, so a paper featured on two days is listed on both with that day's counts.
 */
export async function featuredIds(db: Db, q: FeaturedQuery, w: Window): Promise<PaperRef[]> {
  let sel = featured(db, q).select(['p.id', 'e.id as entry_id']);
  if (q.order === 'submitted') sel = sel.orderBy('e.submitted_at', 'desc').orderBy('p.id', 'asc');
  else {
    if (q.order === 'date-upvotes') sel = sel.orderBy('e.feed_date', 'desc');
    for (const [expr, dir] of DAY_ORDER) sel = sel.orderBy(expr, dir);
  }
  const rows = await sel.offset(w.offset).limit(w.limit).execute();
  return rows.map((r) => ({ paperId: r.id, entryId: r.entry_id }));
}

/** How many entries match `q`. */
export async function countFeatured(db: Db, q: Omit<FeaturedQuery, 'order'>): Promise<number> {
  const row = await featured(db, q)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * What the trending score needs of each paper featured in [from, to], each once: a paper
 * featured on two days trends from its latest day.
 */
export async function trendingCandidates(
  db: Db,
  range: { from: string; to?: string },
): Promise<{ id: number; entryId: number; upvotes: number; comments: number; submittedAt: string }[]> {
  const rows = await featured(db, range)
    .select(['p.id', 'e.id as entry_id', 'p.upvotes', 'p.comment_count', 'e.submitted_at'])
    .orderBy('e.feed_date', 'desc')
    .execute();
  const seen = new Set<number>();
  return rows.flatMap((r) => {
    if (seen.has(r.id)) return [];
    seen.add(r.id);
    return [
      {
        id: r.id,
        entryId: r.entry_id,
        upvotes: r.upvotes,
        comments: r.comment_count,
        submittedAt: r.submitted_at,
      },
    ];
  });
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
