/**
 * The one way to load paper cards (PaperListItem) for any list: feed days, trending,
 * author pages, profiles. Queries select `LIST_ITEM_COLUMNS` with the aliases `p`
 * (papers), `e` (daily_entries, may be a left join) and `u` (users, the submitter), then
 * map rows with `toListItem`.
 */
import type { PaperListItem } from './types.ts';

export const LIST_ITEM_COLUMNS = [
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
] as const;

export interface ListItemRow {
  arxiv_id: string;
  title: string;
  authors_text: string;
  abstract: string;
  ai_summary: string | null;
  upvotes: number;
  comment_count: number;
  published_at: string;
  github_repo: string | null;
  project_page: string | null;
  thumbnail: string | null;
  feed_date: string | null;
  submitted_at: string | null;
  handle: string | null;
  display_name: string | null;
}

export function toListItem(r: ListItemRow): PaperListItem {
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
