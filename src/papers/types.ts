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
 * What a paper card shows, wherever a list of papers appears (feed days, author pages,
 * search results). `feedDate` / `submittedAt` are null for papers never featured.
 */
export interface PaperListItem {
  arxivId: string;
  title: string;
  authorsText: string;
  abstract: string;
  aiSummary: string | null;
  upvotes: number;
  commentCount: number;
  publishedAt: string;
  feedDate: string | null;
  submittedAt: string | null;
  githubRepo: string | null;
  projectPage: string | null;
  thumbnail: string | null;
  submitterHandle: string | null;
  submitterName: string | null;
}
