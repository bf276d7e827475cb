/**
 * Reads behind the JSON API, feeds and exports: lists of featured papers (a date range,
 * a submitter, newest or most upvoted first), every indexed paper by cursor, and the
 * full `ApiPaper` records those lists point at, loaded in three queries whatever the
 * page size.
 */
import type { Db } from '../db/connect.ts';
import { DAY_ORDER } from '../papers/list-items.repo.ts';
import type { ApiAuthor, ApiPaper } from '../papers/present.ts';

export interface FeaturedQuery {
  /** Inclusive feed-date range; both absent means every date. */
  from?: string;
  to?: string;
  /** Only entries submitted by this handle. */
  submitter?: string;
  /** Only papers in this arXiv category. */
  category?: string;
  /** Only papers attributed to this organisation (its handle). */
  organization?: string;
  /** `upvotes`: most upvoted first (the daily view); `submitted`: newest featured first. */
  order: 'upvotes' | 'submitted' | 'date-upvotes';
  offset: number;
  limit: number;
}

/** One item of a list: a paper, and the daily entry it is listed for (a day of a paper featured twice). */
export interface PaperRef {
  paperId: number;
  entryId: number | null;
}

/** Visible featured entries matching `q`, in order. */
export async function listFeaturedIds(db: Db, q: FeaturedQuery): Promise<PaperRef[]> {
  let sel = db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .select(['p.id', 'e.id as entry_id'])
    .where('e.hidden', '=', 0);
  if (q.from) sel = sel.where('e.feed_date', '>=', q.from);
  if (q.to) sel = sel.where('e.feed_date', '<=', q.to);
  if (q.submitter) {
    const handle = q.submitter;
    sel = sel.where('e.submitted_by', 'in', (s) =>
      s.selectFrom('users').select('id').where('handle', '=', handle),
    );
  }
  if (q.category) {
    const category = q.category;
    sel = sel.where('p.id', 'in', (s) =>
      s.selectFrom('paper_categories').select('paper_id').where('category', '=', category),
    );
  }
  if (q.organization) {
    const name = q.organization;
    sel = sel.where('p.organization_id', 'in', (s) =>
      s.selectFrom('organizations').select('id').where('name', '=', name),
    );
  }
  if (q.order === 'submitted') sel = sel.orderBy('e.submitted_at', 'desc').orderBy('p.id', 'asc');
  else {
    if (q.order === 'date-upvotes') sel = sel.orderBy('e.feed_date', 'desc');
    for (const [expr, dir] of DAY_ORDER) sel = sel.orderBy(expr, dir);
  }
  const rows = await sel.offset(q.offset).limit(q.limit).execute();
  return rows.map((r) => ({ paperId: r.id, entryId: r.entry_id }));
}

/**
 * Candidates for trending: papers with a visible entry featured on or after `since`, each
 * once (a paper featured twice counts from its latest day), with what the score needs.
 */
export async function listTrendingCandidates(
  db: Db,
  since: string,
): Promise<{ id: number; entryId: number; upvotes: number; comments: number; submittedAt: string }[]> {
  const rows = await db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .select(['p.id', 'e.id as entry_id', 'p.upvotes', 'p.comment_count', 'e.submitted_at'])
    .where('e.hidden', '=', 0)
    .where('e.feed_date', '>=', since)
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

/**
 * Full records for `refs`, in the order given; unknown papers are skipped. A bare paper id
 * shows the paper's latest visible feature; a ref with an entry shows that day's.
 */
export async function loadApiPapers(db: Db, refs: readonly (number | PaperRef)[]): Promise<ApiPaper[]> {
  if (refs.length === 0) return [];
  const ids = [...new Set(refs.map((r) => (typeof r === 'number' ? r : r.paperId)))];
  const [papers, authors, entries, orgs] = await Promise.all([
    db.kysely.selectFrom('papers').selectAll().where('id', 'in', ids).execute(),
    db.kysely
      .selectFrom('paper_authors as pa')
      .innerJoin('authors as a', 'a.id', 'pa.author_id')
      .select([
        'pa.paper_id',
        'pa.position',
        'pa.name',
        'a.name as key_name',
        'pa.hidden',
        'pa.hf_user',
        'pa.claim_status',
        'pa.claim_status_changed_at',
      ])
      .where('pa.paper_id', 'in', ids)
      .orderBy('pa.paper_id')
      .orderBy('pa.position')
      .execute(),
    db.kysely
      .selectFrom('daily_entries as e')
      .leftJoin('users as u', 'u.id', 'e.submitted_by')
      .select([
        'e.id',
        'e.paper_id',
        'e.feed_date',
        'e.submitted_at',
        'e.hidden',
        'e.imported_upvotes',
        'e.imported_comments',
        'e.author_participating',
        'e.hf_submitter',
        'u.id as user_id',
        'u.handle',
        'u.display_name',
        'u.avatar_url',
        'u.role',
      ])
      .where('e.paper_id', 'in', ids)
      .orderBy('e.feed_date', 'desc')
      .execute(),
    db.kysely
      .selectFrom('organizations as o')
      .innerJoin('papers as p', 'p.organization_id', 'o.id')
      .select(['p.id as paper_id', 'o.id', 'o.name', 'o.fullname', 'o.avatar_url'])
      .where('p.id', 'in', ids)
      .execute(),
  ]);
  const authorsOf = new Map<number, ApiAuthor[]>();
  for (const a of authors) {
    const list = authorsOf.get(a.paper_id) ?? [];
    list.push({
      name: a.name ?? a.key_name,
      hidden: a.hidden === 1,
      hfUser: a.hf_user ? (JSON.parse(a.hf_user) as Record<string, unknown>) : null,
      claimStatus: a.claim_status,
      claimStatusChangedAt: a.claim_status_changed_at,
    });
    authorsOf.set(a.paper_id, list);
  }
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const latestOf = new Map<number, (typeof entries)[number]>();
  // Newest first: the latest visible entry wins, else (all moderated away) the latest.
  for (const e of entries) {
    const had = latestOf.get(e.paper_id);
    if (!had || (had.hidden !== 0 && e.hidden === 0)) latestOf.set(e.paper_id, e);
  }
  const orgOf = new Map(orgs.map((o) => [o.paper_id, o]));
  const paperById = new Map(papers.map((p) => [p.id, p]));
  return refs.flatMap((ref) => {
    const p = paperById.get(typeof ref === 'number' ? ref : ref.paperId);
    if (!p) return [];
    const e =
      typeof ref !== 'number' && ref.entryId !== null ? entryById.get(ref.entryId) : latestOf.get(p.id);
    const o = orgOf.get(p.id);
    const details =
      authorsOf.get(p.id) ?? (p.authors_text ? p.authors_text.split(', ') : []).map(plainAuthor);
    const paper: ApiPaper = {
      id: p.id,
      arxivId: p.arxiv_id,
      title: p.title,
      abstract: p.abstract,
      authors: details.map((a) => a.name),
      authorDetails: details,
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
      hfPublishedAt: p.hf_published_at,
      aiSummaryModel: p.ai_summary_model,
      githubRepoAddedBy: p.github_repo_added_by,
      mediaUrls: p.media_urls ? (JSON.parse(p.media_urls) as string[]) : null,
      organization: o ? { id: o.id, name: o.name, fullname: o.fullname, avatarUrl: o.avatar_url } : null,
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
            hfSubmitter: e.hf_submitter ? (JSON.parse(e.hf_submitter) as Record<string, unknown>) : null,
            // The day's imported counts plus everything counted here.
            upvotes: p.upvotes - p.imported_upvotes + e.imported_upvotes,
            commentCount: p.comment_count - p.imported_comments + e.imported_comments,
            authorParticipating: e.author_participating === 1,
          }
        : null,
    };
    return [paper];
  });
}

function plainAuthor(name: string): ApiAuthor {
  return { name, hidden: false, hfUser: null, claimStatus: null, claimStatusChangedAt: null };
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
