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
  /**
   * Upvotes counted elsewhere before import (HF): those of the paper's latest imported daily
   * entry, the baseline to which local votes add.
   */
  imported_upvotes: number;
  /** imported_upvotes + rows in votes; recomputed, never incremented blindly. */
  upvotes: number;
  /** Comments counted elsewhere (HF's numComments of the latest imported entry). */
  imported_comments: number;
  /** imported_comments + visible rows in comments; recomputed. */
  comment_count: number;
  /** HF's outer `publishedAt` (its submission time), kept verbatim; null when not imported. */
  hf_published_at: string | null;
  ai_summary_model: string | null;
  /** HF's `githubRepoAddedBy` (`user`, `author`, …). */
  github_repo_added_by: string | null;
  /** JSON array of HF `mediaUrls`. */
  media_urls: string | null;
  organization_id: number | null;
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
  /** The grouping key (author pages); its name is one spelling among the papers'. */
  author_id: number;
  /** This paper's own spelling of the name, exactly as its source gave it. */
  name: string | null;
  affiliation: string | null;
  /** HF: the author's linked Hugging Face user, as HF sent it (JSON); not a local account. */
  hf_user: string | null;
  /** HF: `claimed_verified`, `admin_assigned`, … */
  claim_status: string | null;
  claim_status_changed_at: string | null;
  hidden: Generated<number>;
}

/** Organisations papers are attributed to (imported from HF's `organization`). */
export interface OrganizationsTable {
  id: Generated<number>;
  /** HF handle, the key of /organizations/{name}. */
  name: string;
  fullname: string;
  avatar_url: string | null;
  is_demo: number;
  created_at: string;
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
  /** Upvotes HF reported for this day's feature; the day's count adds the paper's local votes. */
  imported_upvotes: Generated<number>;
  /** HF's numComments for this day's feature. */
  imported_comments: Generated<number>;
  /** HF's isAuthorParticipating for this day's feature (0/1). */
  author_participating: Generated<number>;
  /** Position in the imported HF day: HF's own order among equal counts. */
  hf_position: number | null;
  /** The submitter as HF described them that day (JSON), an imported identity, not an account. */
  hf_submitter: string | null;
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
  organizations: OrganizationsTable;
  daily_entries: DailyEntriesTable;
  ingest_state: IngestStateTable;
}

export type Timestamp = ColumnType<string, string, string>;
