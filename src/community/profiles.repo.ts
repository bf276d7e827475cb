/** What a profile page lists: a member's submissions, upvotes and joined date. */
import type { Db } from '../db/connect.ts';
import type { PaperListItem } from '../papers/types.ts';

function cards(db: Db) {
  return db.kysely
    .selectFrom('papers as p')
    .leftJoin('daily_entries as e', 'e.paper_id', 'p.id')
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
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof cards>['execute']>>[number];

function toCard(r: Row): PaperListItem {
  return {
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
  };
}

/** Papers the user submitted to the feed (hidden ones excluded), newest first. */
export async function listSubmittedBy(db: Db, userId: number, limit = 30): Promise<PaperListItem[]> {
  const rows = await cards(db)
    .where('e.submitted_by', '=', userId)
    .where('e.hidden', '=', 0)
    .orderBy('e.submitted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toCard);
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
  return rows.map(toCard);
}

export async function userJoinedAt(db: Db, userId: number): Promise<string | null> {
  const r = await db.kysely
    .selectFrom('users')
    .select('created_at')
    .where('id', '=', userId)
    .executeTakeFirst();
  return r?.created_at ?? null;
}
