/**
 * The shape every ingest source produces, whatever it parsed (Atom, OAI-PMH, RSS,
 * Kaggle JSON lines, HF daily papers). Optional fields a source does not know are left
 * undefined, and never overwrite what another source already stored.
 */
export interface PaperRecord {
  /** Canonical arXiv id without version. */
  arxivId: string;
  /** Latest version this source knows of; undefined when the source does not say. */
  version?: number;
  title: string;
  abstract: string;
  authors: AuthorRecord[];
  /**
   * Store title-free text exactly as given: the abstract keeps its line breaks and each
   * author name its spelling (HF summaries and names are already clean; arXiv's are not).
   */
  verbatim?: boolean;
  comment?: string | null;
  journalRef?: string | null;
  doi?: string | null;
  reportNo?: string | null;
  license?: string | null;
  /** Primary category first. */
  categories?: string[];
  /** ISO instant of v1. */
  publishedAt: string;
  /** ISO instant of the latest version (defaults to publishedAt). */
  updatedAt?: string;
  versions?: { version: number; submittedAt: string; size?: string | null }[];
  withdrawn?: boolean;
  githubRepo?: string | null;
  projectPage?: string | null;
  codeLinks?: string[];
  aiSummary?: string | null;
  aiKeywords?: string[] | null;
  githubStars?: number | null;
  thumbnail?: string | null;
  /** Upvotes counted by another service before import. */
  importedUpvotes?: number;
  /** HF's outer `publishedAt`, verbatim. */
  hfPublishedAt?: string | null;
  aiSummaryModel?: string | null;
  githubRepoAddedBy?: string | null;
  mediaUrls?: string[] | null;
  organization?: OrganizationRecord | null;
  /**
   * arXiv's listing of this version (RSS): its day and type. Other sources leave it out;
   * their announcements are derived from version dates (papers/announcements.ts).
   */
  announcement?: { day: string; type: 'new' | 'cross' | 'replace' };
}

export interface AuthorRecord {
  name: string;
  affiliation?: string | null;
  /** HF: the linked Hugging Face user object, as sent (an imported identity, not an account). */
  hfUser?: Record<string, unknown> | null;
  claimStatus?: string | null;
  claimStatusChangedAt?: string | null;
  hidden?: boolean;
}

export interface OrganizationRecord {
  name: string;
  fullname: string;
  avatarUrl: string | null;
}

/** A featured entry on the daily feed, as imported (HF) or submitted. */
export interface DailyEntryRecord {
  arxivId: string;
  feedDate: string;
  submittedAt: string;
  submitter?: { handle: string; displayName: string; avatarUrl?: string | null } | null;
  note?: string | null;
  /** HF: that day's upvotes and comment count, which the entry owns. */
  importedUpvotes?: number;
  importedComments?: number;
  authorParticipating?: boolean;
  /** HF: position in that day's response (HF's order among equal counts). */
  position?: number;
  /** HF: the submitter object as sent that day. */
  hfSubmitter?: Record<string, unknown> | null;
}

export type UpsertOutcome = 'new' | 'updated' | 'unchanged';

export interface UpsertCounts {
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export function emptyCounts(): UpsertCounts {
  return { new: 0, updated: 0, unchanged: 0, rejected: 0 };
}

/**
 * A paper as every list shows it: the one card shape behind pages, the HF-compatible API,
 * feeds, exports, digests and webhooks (each presents it its own way). Loaded by
 * papers/cards.repo.ts in four queries whatever the page size.
 */
export interface PaperCard {
  /** Database id, used to derive stable per-author ids. */
  id: number;
  arxivId: string;
  title: string;
  abstract: string;
  authors: string[];
  /** Primary first. */
  categories: string[];
  publishedAt: string;
  updatedAt: string;
  latestVersion: number;
  doi: string | null;
  journalRef: string | null;
  comment: string | null;
  upvotes: number;
  commentCount: number;
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  codeLinks: string[];
  aiSummary: string | null;
  aiKeywords: string[] | null;
  thumbnail: string | null;
  /** HF's outer publishedAt (its submission time), when imported. */
  hfPublishedAt: string | null;
  aiSummaryModel: string | null;
  githubRepoAddedBy: string | null;
  mediaUrls: string[] | null;
  /** The organisation the paper is attributed to (HF), linking to its list. */
  organization: CardOrganization | null;
  /** The same authors as `authors`, with what HF adds (linked user, claim status, hidden). */
  authorDetails: CardAuthor[];
  /** When the row last changed: the basis of Last-Modified. */
  modifiedAt: string;
  /**
   * The visible entry this list shows (a day of a paper featured twice), else the latest;
   * null when never featured (or hidden by moderators).
   */
  featured: {
    feedDate: string;
    submittedAt: string;
    submitter: CardUser | null;
    /** The submitter as HF described them that day, when imported. */
    hfSubmitter: Record<string, unknown> | null;
    /** That day's counts: HF's for the day plus the local votes and comments. */
    upvotes: number;
    commentCount: number;
    authorParticipating: boolean;
  } | null;
}

export interface CardUser {
  id: number;
  handle: string;
  displayName: string;
  avatarUrl: string | null;
  role: string;
}

export interface CardAuthor {
  /** As this paper spells it. */
  name: string;
  hidden: boolean;
  /** The linked Hugging Face user, as imported. */
  hfUser: Record<string, unknown> | null;
  claimStatus: string | null;
  claimStatusChangedAt: string | null;
}

export interface CardOrganization {
  id: number;
  name: string;
  fullname: string;
  avatarUrl: string | null;
}
