/** Candidates for trending: the most recently featured visible papers, as cards. */
import type { Db } from '../db/connect.ts';
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
    .where('e.hidden', '=', 0)
    .orderBy('e.submitted_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
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
