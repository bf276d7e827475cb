/**
 * How an incoming PaperRecord meets the stored paper: the one definition of upsert
 * semantics, shared by the Kysely path (both databases) and the SQLite bulk path.
 * Pure: the executors read the stored row, ask `planUpsert` what to write, and write it.
 *
 * - unknown paper → insert it with its authors, categories and versions;
 * - a record for an older version than the stored one → unchanged;
 * - otherwise only the fields the record knows are compared and written; a field a source
 *   does not know never erases what another stored; the earliest v1 date and the latest
 *   update date win; code links accumulate;
 * - nothing differs → unchanged (the row is not touched, `modified_at` included).
 */
import type { PapersTable } from '../db/tables/core.ts';
import { cleanText, normalizeAuthorName, unwrapAbstract } from './names.ts';
import type { PaperRecord } from './types.ts';

export type PaperRow = Omit<PapersTable, 'id'> & { id: number };
export type NewPaperRow = Omit<PapersTable, 'id'>;
export type PaperColumns = Omit<
  PapersTable,
  | 'id'
  | 'upvotes'
  | 'comment_count'
  | 'imported_comments'
  | 'organization_id'
  | 'source'
  | 'is_demo'
  | 'created_at'
  | 'modified_at'
>;

export interface StoredVersion {
  version: number;
  submitted_at: string;
}

export interface MergeOptions {
  source: string;
  now: Date;
  isDemo?: boolean;
}

/** Rows of the child tables for one record; `null` for a table the record says nothing about. */
export interface ChildRows {
  authors:
    | {
        position: number;
        name: string;
        normalized: string;
        affiliation: string | null;
        hf_user: string | null;
        claim_status: string | null;
        claim_status_changed_at: string | null;
        hidden: number;
      }[]
    | null;
  categories: string[] | null;
  versions: { version: number; submitted_at: string; size: string | null }[] | null;
}

export type UpsertPlan =
  | { outcome: 'new'; row: NewPaperRow; children: ChildRows }
  | { outcome: 'unchanged' }
  | { outcome: 'updated'; set: Partial<NewPaperRow>; children: ChildRows | null };

/** True when the executor must load the stored versions before planning. */
export function needsStoredVersions(existing: PaperRow | undefined, r: PaperRecord): boolean {
  return !!existing && !isOlder(existing, r) && (r.versions?.length ?? 0) > 0;
}

export function planUpsert(
  existing: PaperRow | undefined,
  r: PaperRecord,
  opts: MergeOptions,
  storedVersions: StoredVersion[] = [],
): UpsertPlan {
  const now = opts.now.toISOString();
  const incoming = toColumns(r);
  if (!existing) {
    return {
      outcome: 'new',
      row: {
        ...incoming,
        upvotes: incoming.imported_upvotes,
        imported_comments: 0,
        comment_count: 0,
        organization_id: null,
        source: opts.source,
        is_demo: opts.isDemo ? 1 : 0,
        created_at: now,
        modified_at: now,
      },
      children: childRows(r),
    };
  }
  if (isOlder(existing, r)) return { outcome: 'unchanged' };
  const merged = mergeColumns(existing, incoming, r);
  const changed = Object.keys(merged);
  const versionsChanged = r.versions?.length ? versionsDiffer(storedVersions, r.versions) : false;
  if (changed.length === 0 && !versionsChanged) return { outcome: 'unchanged' };

  // No `upvotes` here, though it is the imported baseline plus local votes: when the
  // baseline moves, each writer swaps it under the votes in the UPDATE itself (`upvotes =
  // upvotes - imported_upvotes + new`, see `withRebasedUpvotes`), so a vote committed
  // after `existing` was read is not lost.
  const set: Partial<NewPaperRow> = { ...merged, source: opts.source, modified_at: now };
  const rewrite = changed.includes('authors_text') || changed.includes('categories') || versionsChanged;
  return { outcome: 'updated', set, children: rewrite ? childRows(r) : null };
}

// An older version than the stored one adds nothing.
function isOlder(existing: PaperRow, r: PaperRecord): boolean {
  return r.version !== undefined && r.version < existing.latest_version;
}

export function toColumns(r: PaperRecord): PaperColumns {
  const categories = r.categories ?? [];
  return {
    arxiv_id: r.arxivId,
    latest_version: r.version ?? 1,
    title: cleanText(r.title),
    abstract: r.verbatim ? r.abstract : unwrapAbstract(r.abstract),
    authors_text: r.authors.map((a) => authorName(r, a.name)).join(', '),
    comment: r.comment ?? null,
    journal_ref: r.journalRef ?? null,
    doi: r.doi ?? null,
    report_no: r.reportNo ?? null,
    license: r.license ?? null,
    primary_category: categories[0] ?? null,
    categories: categories.join(' '),
    published_at: r.publishedAt,
    updated_at: r.updatedAt ?? r.publishedAt,
    withdrawn: r.withdrawn ? 1 : 0,
    github_repo: r.githubRepo ?? null,
    project_page: r.projectPage ?? null,
    code_links: JSON.stringify(r.codeLinks ?? []),
    ai_summary: r.aiSummary ?? null,
    ai_keywords: r.aiKeywords ? JSON.stringify(r.aiKeywords) : null,
    github_stars: r.githubStars ?? null,
    thumbnail: r.thumbnail ?? null,
    imported_upvotes: r.importedUpvotes ?? 0,
    hf_published_at: r.hfPublishedAt ?? null,
    ai_summary_model: r.aiSummaryModel ?? null,
    github_repo_added_by: r.githubRepoAddedBy ?? null,
    media_urls: r.mediaUrls?.length ? JSON.stringify(r.mediaUrls) : null,
  };
}

/** A name as stored: verbatim records keep their spelling; others lose stray whitespace. */
function authorName(r: PaperRecord, name: string): string {
  return r.verbatim ? name : cleanText(name);
}

/** The columns that differ and that the record knows; what it leaves out keeps its stored value. */
export function mergeColumns(existing: PaperRow, c: PaperColumns, r: PaperRecord): Partial<PaperColumns> {
  const out: Partial<PaperColumns> = {};
  const set = <K extends keyof PaperColumns>(k: K, known: boolean) => {
    if (known && c[k] !== existing[k]) out[k] = c[k];
  };
  const newer = r.version !== undefined && r.version > existing.latest_version;
  set('latest_version', r.version !== undefined);
  set('title', true);
  set('abstract', r.abstract.trim() !== '');
  set('authors_text', r.authors.length > 0);
  set('comment', r.comment !== undefined && (newer || r.comment !== null));
  set('journal_ref', r.journalRef != null);
  set('doi', r.doi != null);
  set('report_no', r.reportNo != null);
  set('license', r.license != null);
  set('primary_category', (r.categories?.length ?? 0) > 0);
  set('categories', (r.categories?.length ?? 0) > 0);
  // The earliest v1 date wins (a source without versions may only know a later date), but
  // a date-only source (OAI-PMH: midnight) does not replace the exact time of the same day.
  if (
    c.published_at < existing.published_at &&
    c.published_at.slice(0, 10) !== existing.published_at.slice(0, 10)
  ) {
    out.published_at = c.published_at;
  }
  if (r.updatedAt && c.updated_at > existing.updated_at) out.updated_at = c.updated_at;
  set('withdrawn', r.withdrawn !== undefined);
  set('github_repo', r.githubRepo != null);
  set('project_page', r.projectPage != null);
  if (r.codeLinks?.length) {
    const union = [...new Set([...(JSON.parse(existing.code_links) as string[]), ...r.codeLinks])];
    const json = JSON.stringify(union);
    if (json !== existing.code_links) out.code_links = json;
  }
  set('ai_summary', r.aiSummary != null);
  set('ai_keywords', r.aiKeywords != null);
  set('github_stars', r.githubStars != null);
  set('thumbnail', r.thumbnail != null);
  set('imported_upvotes', r.importedUpvotes !== undefined);
  set('hf_published_at', r.hfPublishedAt != null);
  set('ai_summary_model', r.aiSummaryModel != null);
  set('github_repo_added_by', r.githubRepoAddedBy != null);
  set('media_urls', (r.mediaUrls?.length ?? 0) > 0);
  return out;
}

/** True when the record's version list says more than (or differs from) what is stored. */
export function versionsDiffer(
  stored: StoredVersion[],
  versions: NonNullable<PaperRecord['versions']>,
): boolean {
  const have = [...stored].sort((a, b) => a.version - b.version);
  const want = [...versions].sort((a, b) => a.version - b.version);
  if (want.length < have.length) return false;
  return want.some((v, i) => have[i]?.version !== v.version || have[i]?.submitted_at !== v.submittedAt);
}

export function childRows(r: PaperRecord): ChildRows {
  const authors = r.authors.length
    ? r.authors.map((a, position) => {
        const name = authorName(r, a.name);
        return {
          position,
          name,
          normalized: normalizeAuthorName(name),
          affiliation: a.affiliation ?? null,
          hf_user: a.hfUser ? JSON.stringify(a.hfUser) : null,
          claim_status: a.claimStatus ?? null,
          claim_status_changed_at: a.claimStatusChangedAt ?? null,
          hidden: a.hidden ? 1 : 0,
        };
      })
    : null;
  const categories = r.categories?.length ? [...new Set(r.categories)] : null;
  let versions: ChildRows['versions'] = null;
  if (r.versions?.length) {
    const seen = new Set<number>();
    versions = r.versions
      .filter((v) => !seen.has(v.version) && seen.add(v.version))
      .map((v) => ({ version: v.version, submitted_at: v.submittedAt, size: v.size ?? null }));
  }
  return { authors, categories, versions };
}

export type AuthorRow = NonNullable<ChildRows['authors']>[number];

/** The paper_authors row of one author: the one mapping every write path uses. */
export function paperAuthorRow<Id extends number | bigint>(paperId: Id, a: AuthorRow, authorId: Id) {
  return {
    paper_id: paperId,
    position: a.position,
    author_id: authorId,
    name: a.name,
    affiliation: a.affiliation,
    hf_user: a.hf_user,
    claim_status: a.claim_status,
    claim_status_changed_at: a.claim_status_changed_at,
    hidden: a.hidden,
  };
}
