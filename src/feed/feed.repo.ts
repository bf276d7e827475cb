/**
 * Queries behind the daily / week / month views: featured papers between two feed dates.
 */
import type { Db } from '../db/connect.ts';

export interface FeedCard {
  arxivId: string;
  title: string;
  authorsText: string;
  abstract: string;
  aiSummary: string | null;
  upvotes: number;
  commentCount: number;
  publishedAt: string;
  feedDate: string;
  submittedAt: string;
  githubRepo: string | null;
  projectPage: string | null;
  thumbnail: string | null;
  submitterHandle: string | null;
  submitterName: string | null;
}

/** Featured, visible papers with feed dates in [from, to], by upvotes, then featured time. */
export async function listFeed(
  db: Db,
  range: { from: string; to: string; limit?: number },
): Promise<FeedCard[]> {
  const rows = await db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .leftJoin('users as u', 'u.id', 'e.submitted_by')
    .select([
      'p.arxiv_id',
      'p.title',
      'p.authors_text',
      'p.abstract',
      'p.ai_summary',
      'p.upvotes',
      'p.comment_count',
      'p.published_at',
      'p.github_repo',
      'p.project_page',
      'p.thumbnail',
      'e.feed_date',
      'e.submitted_at',
      'u.handle',
      'u.display_name',
    ])
    .where('e.feed_date', '>=', range.from)
    .where('e.feed_date', '<=', range.to)
    .where('e.hidden', '=', 0)
    .orderBy('p.upvotes', 'desc')
    .orderBy('e.submitted_at', 'asc')
    .orderBy('p.id', 'asc')
    .limit(range.limit ?? 500)
    .execute();
  return rows.map((r) => ({
    arxivId: r.arxiv_id,
    title: r.title,
    authorsText: r.authors_text,
    abstract: r.abstract,
    aiSummary: r.ai_summary,
    upvotes: r.upvotes,
    commentCount: r.comment_count,
    publishedAt: r.published_at,
    feedDate: r.feed_date,
    submittedAt: r.submitted_at,
    githubRepo: r.github_repo,
    projectPage: r.project_page,
    thumbnail: r.thumbnail,
    submitterHandle: r.handle,
    submitterName: r.display_name,
  }));
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
