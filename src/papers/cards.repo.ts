/**
 * The one loader of paper cards (papers/types.ts `PaperCard`) and the one arXiv id →
 * paper look-up. Lists find ids (feed/lists.ts); this turns ids into cards, in the order
 * given, in four queries whatever the page size.
 */
import type { Db } from '../db/connect.ts';
import type { CardAuthor, PaperCard } from './types.ts';

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

/** One item of a list: a paper, and the daily entry it is listed for (a day of a paper featured twice). */
export interface PaperRef {
  paperId: number;
  entryId: number | null;
}

/** What a list holds: a bare paper id (its latest feature shows), or a ref to one of its entries. */
export type CardRef = number | PaperRef;

export const refPaperId = (r: CardRef): number => (typeof r === 'number' ? r : r.paperId);

/**
 * Cards for `refs`, in the order given; unknown papers are skipped. A bare paper id shows
 * the paper's latest visible feature; a ref with an entry shows that day's.
 */
export async function loadCards(db: Db, refs: readonly CardRef[]): Promise<PaperCard[]> {
  if (refs.length === 0) return [];
  const ids = [...new Set(refs.map(refPaperId))];
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
      // Entries hidden by moderators are off the feed: the paper shows as not featured.
      .where('e.hidden', '=', 0)
      .orderBy('e.feed_date', 'desc')
      .execute(),
    db.kysely
      .selectFrom('organizations as o')
      .innerJoin('papers as p', 'p.organization_id', 'o.id')
      .select(['p.id as paper_id', 'o.id', 'o.name', 'o.fullname', 'o.avatar_url'])
      .where('p.id', 'in', ids)
      .execute(),
  ]);
  const authorsOf = new Map<number, CardAuthor[]>();
  for (const a of authors) {
    const list = authorsOf.get(a.paper_id) ?? [];
    list.push({
      // Each paper keeps its own spelling; the shared author row only groups them.
      name: a.name ?? a.key_name,
      hidden: a.hidden === 1,
      hfUser: a.hf_user ? (JSON.parse(a.hf_user) as Record<string, unknown>) : null,
      claimStatus: a.claim_status,
      claimStatusChangedAt: a.claim_status_changed_at,
    });
    authorsOf.set(a.paper_id, list);
  }
  const entryById = new Map(entries.map((e) => [e.id, e]));
  // Newest first: the first entry seen of a paper is its latest.
  const latestOf = new Map<number, (typeof entries)[number]>();
  for (const e of entries) if (!latestOf.has(e.paper_id)) latestOf.set(e.paper_id, e);
  const orgOf = new Map(orgs.map((o) => [o.paper_id, o]));
  const paperById = new Map(papers.map((p) => [p.id, p]));
  return refs.flatMap((ref) => {
    const p = paperById.get(refPaperId(ref));
    if (!p) return [];
    const e =
      typeof ref !== 'number' && ref.entryId !== null
        ? (entryById.get(ref.entryId) ?? latestOf.get(p.id))
        : latestOf.get(p.id);
    const o = orgOf.get(p.id);
    const details =
      authorsOf.get(p.id) ?? (p.authors_text ? p.authors_text.split(', ') : []).map(plainAuthor);
    const card: PaperCard = {
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
      codeLinks: JSON.parse(p.code_links) as string[],
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
    return [card];
  });
}

function plainAuthor(name: string): CardAuthor {
  return { name, hidden: false, hfUser: null, claimStatus: null, claimStatusChangedAt: null };
}
