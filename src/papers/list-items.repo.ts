/**
 * The one way to load paper cards (PaperListItem) for any list: feed days, trending,
 * author pages, profiles. Queries select `LIST_ITEM_COLUMNS` with the aliases `p`
 * (papers), `e` (daily_entries, may be a left join) and `u` (users, the submitter), then
 * map rows with `toListItem`.
 *
 * Counts are the listed day's: a paper HF featured on two days shows on each day what HF
 * counted that day (the entry's imported counts) plus the votes and comments cast here.
 * Without an entry, or on the latest one, that is the paper's total.
 */
import { sql } from 'kysely';
import type { PaperListItem } from './types.ts';

export const dayUpvotes = sql<number>`p.upvotes - p.imported_upvotes + coalesce(e.imported_upvotes, p.imported_upvotes)`;
export const dayComments = sql<number>`p.comment_count - p.imported_comments + coalesce(e.imported_comments, p.imported_comments)`;

/**
 * The order of a day (and within each day of longer spans): most upvoted first; among equal
 * counts the most recently submitted paper, then HF's own order for imported days, then the
 * earliest featured. The same order as Hugging Face's for the days imported from it.
 */
export const DAY_ORDER = [
  [dayUpvotes, 'desc'],
  [sql<string>`coalesce(p.hf_published_at, p.published_at)`, 'desc'],
  [sql<number>`coalesce(e.hf_position, 1000000)`, 'asc'],
  [sql<string>`e.submitted_at`, 'asc'],
  [sql<number>`p.id`, 'asc'],
] as const;

/** The visible entry a paper's card shows when a list is not about one day: its latest. */
export const latestVisibleEntry = sql<boolean>`e.id = (select e2.id from daily_entries e2 where e2.paper_id = p.id and e2.hidden = 0 order by e2.feed_date desc limit 1)`;

export const LIST_ITEM_COLUMNS = [
  'p.arxiv_id',
  'p.title',
  'p.authors_text',
  'p.abstract',
  'p.ai_summary',
  dayUpvotes.as('upvotes'),
  dayComments.as('comment_count'),
  sql<string | null>`(select o.name from organizations o where o.id = p.organization_id)`.as('org_name'),
  sql<string | null>`(select o.fullname from organizations o where o.id = p.organization_id)`.as(
    'org_fullname',
  ),
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
  org_name: string | null;
  org_fullname: string | null;
}

export function toListItem(r: ListItemRow): PaperListItem {
  return {
    arxivId: r.arxiv_id,
    title: r.title,
    authorsText: r.authors_text,
    abstract: r.abstract,
    aiSummary: r.ai_summary,
    // PostgreSQL returns computed counts as strings.
    upvotes: Number(r.upvotes),
    commentCount: Number(r.comment_count),
    publishedAt: r.published_at,
    feedDate: r.feed_date,
    submittedAt: r.submitted_at,
    githubRepo: r.github_repo,
    projectPage: r.project_page,
    thumbnail: r.thumbnail,
    submitterHandle: r.handle,
    submitterName: r.display_name,
    organization: r.org_name ? { name: r.org_name, fullname: r.org_fullname ?? r.org_name } : null,
  };
}
