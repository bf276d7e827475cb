/**
 * The one loader of paper cards (papers/types.ts `PaperCard`) and the one arXiv id →
 * paper look-up. Lists find ids (feed/lists.ts); this turns ids into cards, in the order
 * given, in three queries whatever the page size.
 */
import type { Db } from '../db/connect.ts';
import type { PaperCard } from './types.ts';

/** The internal id of a paper by canonical arXiv id, or null when this instance does not have it. */
export async function findPaperId(db: Db, arxivId: string): Promise<number | null> {
  const row = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where('arxiv_id', '=', arxivId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Internal ids of papers by arXiv id, in the order given; unknown ids are skipped. */
export async function findPaperIds(db: Db, arxivIds: string[]): Promise<number[]> {
  if (arxivIds.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('papers')
    .select(['id', 'arxiv_id'])
    .where('arxiv_id', 'in', arxivIds)
    .execute();
  const byArxiv = new Map(rows.map((r) => [r.arxiv_id, r.id]));
  return arxivIds.flatMap((a) => byArxiv.get(a) ?? []);
}

/** Cards for `ids`, in the order given; unknown ids are skipped. */
export async function loadCards(db: Db, ids: number[]): Promise<PaperCard[]> {
  if (ids.length === 0) return [];
  const [papers, authors, entries] = await Promise.all([
    db.kysely.selectFrom('papers').selectAll().where('id', 'in', ids).execute(),
    db.kysely
      .selectFrom('paper_authors as pa')
      .innerJoin('authors as a', 'a.id', 'pa.author_id')
      .select(['pa.paper_id', 'pa.position', 'a.name'])
      .where('pa.paper_id', 'in', ids)
      .orderBy('pa.paper_id')
      .orderBy('pa.position')
      .execute(),
    db.kysely
      .selectFrom('daily_entries as e')
      .leftJoin('users as u', 'u.id', 'e.submitted_by')
      .select([
        'e.paper_id',
        'e.feed_date',
        'e.submitted_at',
        'u.id as user_id',
        'u.handle',
        'u.display_name',
        'u.avatar_url',
        'u.role',
      ])
      .where('e.paper_id', 'in', ids)
      // Entries hidden by moderators are off the feed: the paper shows as not featured.
      .where('e.hidden', '=', 0)
      .execute(),
  ]);
  const authorsOf = new Map<number, string[]>();
  for (const a of authors) {
    const list = authorsOf.get(a.paper_id) ?? [];
    list.push(a.name);
    authorsOf.set(a.paper_id, list);
  }
  const entryOf = new Map(entries.map((e) => [e.paper_id, e]));
  const byId = new Map(
    papers.map((p): [number, PaperCard] => {
      const e = entryOf.get(p.id);
      return [
        p.id,
        {
          id: p.id,
          arxivId: p.arxiv_id,
          title: p.title,
          abstract: p.abstract,
          authors: authorsOf.get(p.id) ?? (p.authors_text ? p.authors_text.split(', ') : []),
          categories: p.categories ? p.categories.split(' ') : [],
          publishedAt: p.published_at,
          updatedAt: p.updated_at,
          latestVersion: p.latest_version,
          doi: p.doi,
          journalRef: p.journal_ref,
          comment: p.comment,
          upvotes: p.upvotes,
          commentCount: p.comment_count,
          githubRepo: p.github_repo,
          githubStars: p.github_stars,
          projectPage: p.project_page,
          codeLinks: JSON.parse(p.code_links) as string[],
          aiSummary: p.ai_summary,
          aiKeywords: p.ai_keywords ? (JSON.parse(p.ai_keywords) as string[]) : null,
          thumbnail: p.thumbnail,
          modifiedAt: p.modified_at,
          featured: e
            ? {
                feedDate: e.feed_date,
                submittedAt: e.submitted_at,
                submitter:
                  e.user_id !== null && e.handle !== null
                    ? {
                        id: e.user_id,
                        handle: e.handle,
                        displayName: e.display_name ?? e.handle,
                        avatarUrl: e.avatar_url,
                        role: e.role ?? 'user',
                      }
                    : null,
              }
            : null,
        },
      ];
    }),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
