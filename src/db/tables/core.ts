/**
 * Core tables: papers, their versions, authors and categories, users, daily entries,
 * ingest state and the job queue.
 *
 * Conventions (the same on SQLite and PostgreSQL, so one query layer serves both):
 * - instants are ISO-8601 UTC strings (`2026-11-26T10:18:19.000Z`), dates `YYYY-MM-DD`:
 *   they sort and compare correctly as text on both databases;
 * - booleans are integers 0/1;
 * - JSON is stored as text.
 */
import type { ColumnType, Generated } from 'kysely';

export interface PapersTable {
  id: Generated<number>;
  /** Canonical arXiv id without version: `2504.01234`, `hep-th/9901001`. */
  arxiv_id: string;
  latest_version: number;
  title: string;
  abstract: string;
  /** Display form of the author list, in order, `, `-separated (fast cards without joins). */
  authors_text: string;
  comment: string | null;
  journal_ref: string | null;
  doi: string | null;
  report_no: string | null;
  license: string | null;
  primary_category: string | null;
  /** Space-separated categories, primary first. */
  categories: string;
  /** When v1 was submitted. */
  published_at: string;
  /** When the latest known version was submitted. */
  updated_at: string;
  withdrawn: number;
  github_repo: string | null;
  project_page: string | null;
  /** JSON array of extra code / resource URLs found in the abstract or comment. */
  code_links: string;
  /** HF extras when imported from HF daily papers. */
  ai_summary: string | null;
  ai_keywords: string | null;
  github_stars: number | null;
  thumbnail: string | null;
  /** Upvotes counted elsewhere before import (HF), the baseline to which local votes add. */
  imported_upvotes: number;
  /** imported_upvotes + rows in votes; recomputed, never incremented blindly. */
  upvotes: number;
  /** Rows in comments (visible ones); recomputed. */
  comment_count: number;
  /** Where the record last came from: arxiv-api | oai | rss | kaggle | hf-daily. */
  source: string;
  is_demo: number;
  created_at: string;
  modified_at: string;
}

export interface PaperVersionsTable {
  paper_id: number;
  version: number;
  submitted_at: string;
  size: string | null;
}

export interface AuthorsTable {
  id: Generated<number>;
  name: string;
  /** Lower-case, accent-free, whitespace-folded name: the key of /authors/{name}. */
  normalized: string;
}

export interface PaperAuthorsTable {
  paper_id: number;
  position: number;
  author_id: number;
  affiliation: string | null;
}

export interface PaperCategoriesTable {
  paper_id: number;
  category: string;
}

export interface UsersTable {
  id: Generated<number>;
  /** Null for accounts that cannot sign in (e.g. submitters imported from HF). */
  email: string | null;
  handle: string;
  display_name: string;
  avatar_url: string | null;
  /** user | admin */
  role: string;
  /** active | suspended | deleted */
  status: string;
  is_demo: number;
  created_at: string;
}

export interface DailyEntriesTable {
  id: Generated<number>;
  paper_id: number;
  /** Feed date in the instance time zone, `YYYY-MM-DD`. */
  feed_date: string;
  submitted_by: number | null;
  submitted_at: string;
  note: string | null;
  hidden: number;
  is_demo: number;
}

/** Small key/value store for resumable ingest (OAI-PMH resumption tokens, last harvest dates). */
export interface IngestStateTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface CoreTables {
  papers: PapersTable;
  paper_versions: PaperVersionsTable;
  authors: AuthorsTable;
  paper_authors: PaperAuthorsTable;
  paper_categories: PaperCategoriesTable;
  users: UsersTable;
  daily_entries: DailyEntriesTable;
  ingest_state: IngestStateTable;
}

export type Timestamp = ColumnType<string, string, string>;
