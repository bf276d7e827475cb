/** Everything a paper page shows, in one place. */
import type { Db } from '../db/connect.ts';

export interface PaperDetails {
  id: number;
  arxivId: string;
  latestVersion: number;
  title: string;
  abstract: string;
  authors: { name: string; normalized: string; affiliation: string | null }[];
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
  license: string | null;
  primaryCategory: string | null;
  categories: string[];
  publishedAt: string;
  updatedAt: string;
  withdrawn: boolean;
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  codeLinks: string[];
  aiSummary: string | null;
  aiKeywords: string[];
  /** The model that wrote `aiSummary` (imported from HF, or SUMMARIZER_MODEL here). */
  aiSummaryModel: string | null;
  thumbnail: string | null;
  /** The organisation the paper is attributed to (imported from HF). */
  organization: { name: string; fullname: string; avatarUrl: string | null } | null;
  upvotes: number;
  commentCount: number;
  versions: { version: number; submittedAt: string; size: string | null }[];
  featured: {
    feedDate: string;
    submittedAt: string;
    note: string | null;
    hidden: boolean;
    submitterHandle: string | null;
    submitterName: string | null;
  } | null;
}

export async function getPaperDetails(db: Db, arxivId: string): Promise<PaperDetails | null> {
  const p = await db.kysely
    .selectFrom('papers')
    .selectAll()
    .where('arxiv_id', '=', arxivId)
    .executeTakeFirst();
  if (!p) return null;
  const [authors, versions, entry, org] = await Promise.all([
    db.kysely
      .selectFrom('paper_authors as pa')
      .innerJoin('authors as a', 'a.id', 'pa.author_id')
      .select(['pa.name', 'a.name as key_name', 'a.normalized', 'pa.affiliation'])
      .where('pa.paper_id', '=', p.id)
      .orderBy('pa.position')
      .execute(),
    db.kysely
      .selectFrom('paper_versions')
      .select(['version', 'submitted_at', 'size'])
      .where('paper_id', '=', p.id)
      .orderBy('version')
      .execute(),
    db.kysely
      .selectFrom('daily_entries as e')
      .leftJoin('users as u', 'u.id', 'e.submitted_by')
      .select(['e.feed_date', 'e.submitted_at', 'e.note', 'e.hidden', 'u.handle', 'u.display_name'])
      .where('e.paper_id', '=', p.id)
      // The latest feature (visible first) when HF featured the paper on several days.
      .orderBy('e.hidden', 'asc')
      .orderBy('e.feed_date', 'desc')
      .executeTakeFirst(),
    p.organization_id === null
      ? undefined
      : db.kysely
          .selectFrom('organizations')
          .select(['name', 'fullname', 'avatar_url'])
          .where('id', '=', p.organization_id)
          .executeTakeFirst(),
  ]);
  return {
    id: p.id,
    arxivId: p.arxiv_id,
    latestVersion: p.latest_version,
    title: p.title,
    abstract: p.abstract,
    // Each paper keeps its own spelling; the normalised key groups the author's papers.
    authors: authors.map((a) => ({
      name: a.name ?? a.key_name,
      normalized: a.normalized,
      affiliation: a.affiliation,
    })),
    comment: p.comment,
    journalRef: p.journal_ref,
    doi: p.doi,
    license: p.license,
    primaryCategory: p.primary_category,
    categories: p.categories ? p.categories.split(' ') : [],
    publishedAt: p.published_at,
    updatedAt: p.updated_at,
    withdrawn: p.withdrawn === 1,
    githubRepo: p.github_repo,
    githubStars: p.github_stars,
    projectPage: p.project_page,
    codeLinks: JSON.parse(p.code_links) as string[],
    aiSummary: p.ai_summary,
    aiKeywords: p.ai_keywords ? (JSON.parse(p.ai_keywords) as string[]) : [],
    aiSummaryModel: p.ai_summary_model,
    thumbnail: p.thumbnail,
    organization: org ? { name: org.name, fullname: org.fullname, avatarUrl: org.avatar_url } : null,
    upvotes: p.upvotes,
    commentCount: p.comment_count,
    versions: versions.map((v) => ({ version: v.version, submittedAt: v.submitted_at, size: v.size })),
    featured: entry
      ? {
          feedDate: entry.feed_date,
          submittedAt: entry.submitted_at,
          note: entry.note,
          hidden: entry.hidden === 1,
          submitterHandle: entry.handle,
          submitterName: entry.display_name,
        }
      : null,
  };
}
