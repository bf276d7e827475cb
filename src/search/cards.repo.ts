/** Loads the paper cards search results show, in the order asked for. */
import type { Db } from '../db/connect.ts';
import type { SearchCard } from './types.ts';

export async function loadCards(db: Db, ids: number[]): Promise<SearchCard[]> {
  if (ids.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('papers as p')
    .leftJoin('daily_entries as e', (j) => j.onRef('e.paper_id', '=', 'p.id').on('e.hidden', '=', 0))
    .select([
      'p.id',
      'p.arxiv_id',
      'p.title',
      'p.authors_text',
      'p.abstract',
      'p.ai_summary',
      'p.categories',
      'p.upvotes',
      'p.comment_count',
      'p.published_at',
      'p.github_repo',
      'p.project_page',
      'p.thumbnail',
      'e.feed_date',
    ])
    .where('p.id', 'in', ids)
    .execute();
  const byId = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        arxivId: r.arxiv_id,
        title: r.title,
        authorsText: r.authors_text,
        abstract: r.abstract,
        aiSummary: r.ai_summary,
        categories: r.categories ? r.categories.split(' ') : [],
        upvotes: r.upvotes,
        commentCount: r.comment_count,
        publishedAt: r.published_at,
        githubRepo: r.github_repo,
        projectPage: r.project_page,
        thumbnail: r.thumbnail,
        featuredDate: r.feed_date,
      } satisfies SearchCard,
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The internal id of a paper by arXiv id, or null when this instance does not have it. */
export async function paperIdByArxivId(db: Db, arxivId: string): Promise<number | null> {
  const r = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where('arxiv_id', '=', arxivId)
    .executeTakeFirst();
  return r?.id ?? null;
}

/** What the fusion priors need, without loading whole cards (abstracts are large). */
export async function loadPriorFacts(
  db: Db,
  ids: number[],
): Promise<Map<number, { publishedAt: string; upvotes: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.kysely
    .selectFrom('papers')
    .select(['id', 'published_at', 'upvotes'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { publishedAt: r.published_at, upvotes: r.upvotes }]));
}
