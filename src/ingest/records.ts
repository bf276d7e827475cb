/**
 * Small pure helpers every ingest parser shares: dates, withdrawn detection, and the
 * code links a record gets from its abstract and comment. No I/O.
 */
import type { PaperRecord } from '../papers/types.ts';
import { extractCodeLinks } from './code-links.ts';

/** ISO-8601 UTC instant of a date string, or null when unreadable. */
export function toIso(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

// arXiv marks withdrawals in the comment ("This paper has been withdrawn by the author…")
// and sometimes in the abstract of the withdrawal version.
const WITHDRAWN =
  /\b(this (paper|article|submission|manuscript|work|version) (has been|is|was) withdrawn|withdrawn by (the )?(author|authors|arxiv|admin)|paper withdrawn|withdrawn due to)\b/i;

export function looksWithdrawn(comment: string | null | undefined, abstract?: string | null): boolean {
  return WITHDRAWN.test(comment ?? '') || WITHDRAWN.test((abstract ?? '').slice(0, 300));
}

/** Adds the GitHub repo, project page and code links found in the abstract and comment. */
export function withCodeLinks(r: PaperRecord): PaperRecord {
  const found = extractCodeLinks(r.abstract, r.comment);
  if (found.codeLinks.length === 0) return r;
  return {
    ...r,
    githubRepo: r.githubRepo ?? found.githubRepo,
    projectPage: r.projectPage ?? found.projectPage,
    codeLinks: [...new Set([...(r.codeLinks ?? []), ...found.codeLinks])],
  };
}

/** "cs.CL cs.LG" or ["cs.CL", …] → primary-first list without duplicates. */
export function splitCategories(v: string | string[] | null | undefined, primary?: string | null): string[] {
  const list = (Array.isArray(v) ? v : (v ?? '').split(/\s+/)).map((s) => s.trim()).filter(Boolean);
  if (primary) list.unshift(primary);
  return [...new Set(list)];
}
