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
  authors: { name: string; affiliation?: string | null }[];
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
  /** Upvotes counted by another service before import (HF). */
  importedUpvotes?: number;
}

/** A featured entry on the daily feed, as imported (HF) or submitted. */
export interface DailyEntryRecord {
  arxivId: string;
  feedDate: string;
  submittedAt: string;
  submitter?: { handle: string; displayName: string; avatarUrl?: string | null } | null;
  note?: string | null;
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
 * papers/cards.repo.ts in three queries whatever the page size.
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
  /** When the row last changed: the basis of Last-Modified. */
  modifiedAt: string;
  /** Its visible entry on the daily feed; null when never featured (or hidden by moderators). */
  featured: {
    feedDate: string;
    submittedAt: string;
    submitter: CardUser | null;
  } | null;
}

export interface CardUser {
  id: number;
  handle: string;
  displayName: string;
  avatarUrl: string | null;
  role: string;
}
