/**
 * Reads behind the JSON API, feeds and exports: lists of featured papers (a date range,
 * a submitter, newest or most upvoted first), every indexed paper by cursor, and the
 * full `ApiPaper` records those lists point at, loaded in three queries whatever the
 * page size.
 */
import { importedHandle } from '../community/imported-people.ts';
import type { Db } from '../db/connect.ts';
import type { ApiPaper } from '../papers/present.ts';

export interface FeaturedQuery {
  /** Inclusive feed-date range; both absent means every date. */
  from?: string;
  to?: string;
  /** Only entries submitted by this handle. */
  submitter?: string;
  /** Only papers in this arXiv category. */
  category?: string;
  /** `upvotes`: most upvoted first (the daily view); `submitted`: newest featured first. */
  order: 'upvotes' | 'submitted' | 'date-upvotes';
  offset: number;
  limit: number;
}

/** Paper ids of visible featured entries matching `q`, in order. */
export async function listFeaturedIds(db: Db, q: FeaturedQuery): Promise<number[]> {
  let sel = db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .select('p.id')
    .where('e.hidden', '=', 0);
  if (q.from) sel = sel.where('e.feed_date', '>=', q.from);
  if (q.to) sel = sel.where('e.feed_date', '<=', q.to);
  if (q.submitter) {
    const handle = q.submitter;
    sel = sel.where('e.submitted_by', 'in', (s) =>
      // A member's handle, or the name of a user imported from Hugging Face.
      s
        .selectFrom('users')
        .select('id')
        .where('handle', 'in', [handle, importedHandle(handle)]),
    );
  }
  if (q.category) {
    const category = q.category;
    sel = sel.where('p.id', 'in', (s) =>
      s.selectFrom('paper_categories').select('paper_id').where('category', '=', category),
    );
  }
  if (q.order === 'submitted') sel = sel.orderBy('e.submitted_at', 'desc');
  else if (q.order === 'date-upvotes')
    sel = sel.orderBy('e.feed_date', 'desc').orderBy('p.upvotes', 'desc').orderBy('e.submitted_at', 'asc');
  else sel = sel.orderBy('p.upvotes', 'desc').orderBy('e.submitted_at', 'asc');
  const rows = await sel.orderBy('p.id', 'asc').offset(q.offset).limit(q.limit).execute();
  return rows.map((r) => r.id);
}

/** Candidates for trending: visible entries featured on or after `since`, with what the score needs. */
export async function listTrendingCandidates(
  db: Db,
  since: string,
): Promise<{ id: number; upvotes: number; comments: number; submittedAt: string }[]> {
  const rows = await db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .select(['p.id', 'p.upvotes', 'p.comment_count', 'e.submitted_at'])
    .where('e.hidden', '=', 0)
    .where('e.feed_date', '>=', since)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    upvotes: r.upvotes,
    comments: r.comment_count,
    submittedAt: r.submitted_at,
  }));
}

export interface PaperCursor {
  publishedAt: string;
  id: number;
}

/**
 * Every indexed paper, newest first, keyset-paged: `after` is the last row of the
 * previous page, so pages stay stable while new papers arrive.
 */
export async function listPaperIdsAfter(
  db: Db,
  after: PaperCursor | null,
  limit: number,
): Promise<PaperCursor[]> {
  let sel = db.kysely.selectFrom('papers').select(['id', 'published_at']);
  if (after) {
    sel = sel.where((eb) =>
      eb.or([
        eb('published_at', '<', after.publishedAt),
        eb.and([eb('published_at', '=', after.publishedAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await sel.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, publishedAt: r.published_at }));
}

export async function findPaperIdByArxivId(db: Db, arxivId: string): Promise<number | null> {
  const row = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where('arxiv_id', '=', arxivId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Full records for `ids`, in the order given; unknown ids are skipped. */
export async function loadApiPapers(db: Db, ids: number[]): Promise<ApiPaper[]> {
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
    papers.map((p): [number, ApiPaper] => {
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
  return ids.flatMap((id) => {
    const p = byId.get(id);
    return p ? [p] : [];
  });
}

/** Papers in an arXiv category (primary or cross-listed), newest arXiv date first. */
export async function listCategoryPaperIds(db: Db, category: string, limit: number): Promise<number[]> {
  const rows = await db.kysely
    .selectFrom('paper_categories as c')
    .innerJoin('papers as p', 'p.id', 'c.paper_id')
    .select('p.id')
    .where('c.category', '=', category)
    .orderBy('p.published_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** An author (by normalised name) and their papers, newest first; null when unknown. */
export async function listAuthorPaperIds(
  db: Db,
  normalized: string,
  limit: number,
): Promise<{ name: string; ids: number[] } | null> {
  const author = await db.kysely
    .selectFrom('authors')
    .select(['id', 'name'])
    .where('normalized', '=', normalized)
    .executeTakeFirst();
  if (!author) return null;
  const rows = await db.kysely
    .selectFrom('paper_authors as pa')
    .innerJoin('papers as p', 'p.id', 'pa.paper_id')
    .select('p.id')
    .where('pa.author_id', '=', author.id)
    .orderBy('p.published_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
  return { name: author.name, ids: rows.map((r) => r.id) };
}

/** A user by handle: the display name feeds and exports show. */
export async function findUserByHandle(
  db: Db,
  handle: string,
): Promise<{ id: number; handle: string; displayName: string } | null> {
  const row = await db.kysely
    .selectFrom('users')
    .select(['id', 'handle', 'display_name'])
    .where('handle', '=', handle)
    .executeTakeFirst();
  return row ? { id: row.id, handle: row.handle, displayName: row.display_name } : null;
}
