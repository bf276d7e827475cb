/**
 * Hugging Face–compatible JSON shapes of papers, so `huggingface_hub` (with
 * `HF_ENDPOINT` pointed here) and scripts written for huggingface.co/api work unchanged.
 *
 * The shapes follow recorded real `/api/daily_papers` responses: field names, nesting and
 * types are the same; a field is omitted (never null) when we do not know it, as HF does.
 * Pure: no I/O. The search capability reuses `presentHfDailyItem` for its results.
 */
import { publicHandle } from '../community/imported-people.ts';

import type { PaperCard } from './types.ts';

export interface PresentOptions {
  /** Absolute URL used when a user has no avatar: HF always sends a string. */
  defaultAvatarUrl: string;
}

export interface HfAuthor {
  _id: string;
  name: string;
  hidden: boolean;
}

/** `paper` inside a daily item, and the body of `/api/papers/{id}`. */
export interface HfPaper {
  id: string;
  authors: HfAuthor[];
  publishedAt: string;
  submittedOnDailyAt?: string;
  title: string;
  submittedOnDailyBy?: {
    _id: string;
    avatarUrl: string;
    isPro: boolean;
    fullname: string;
    user: string;
    type: 'user';
    name: string;
  };
  summary: string;
  upvotes: number;
  discussionId: string;
  projectPage?: string;
  githubRepo?: string;
  ai_summary?: string;
  ai_keywords?: string[];
  githubStars?: number;
  /** Not in HF's payload: how many comments the paper has here. */
  numComments: number;
}

/** One element of the `/api/daily_papers` array. */
export interface HfDailyItem {
  paper: HfPaper;
  publishedAt: string;
  title: string;
  summary: string;
  thumbnail?: string;
  numComments: number;
  submittedBy?: {
    _id: string;
    avatarUrl: string;
    fullname: string;
    name: string;
    type: 'user';
    isPro: boolean;
    isHf: boolean;
    isHfAdmin: boolean;
    isMod: boolean;
  };
  isAuthorParticipating: boolean;
}

/**
 * HF's ids are opaque strings; ours are derived from row ids so they stay stable across
 * requests and never reveal anything but the position.
 */
function userId(id: number): string {
  return `u${id}`;
}

function authorId(paperId: number, position: number): string {
  return `a${paperId}-${position}`;
}

export function presentHfPaper(p: PaperCard, opts: PresentOptions): HfPaper {
  const sub = p.featured?.submitter ?? null;
  const out: HfPaper = {
    id: p.arxivId,
    authors: p.authors.map((name, i) => ({ _id: authorId(p.id, i), name, hidden: false })),
    publishedAt: p.publishedAt,
    ...(p.featured ? { submittedOnDailyAt: p.featured.submittedAt } : {}),
    title: p.title,
    ...(sub
      ? {
          submittedOnDailyBy: {
            _id: userId(sub.id),
            avatarUrl: sub.avatarUrl ?? opts.defaultAvatarUrl,
            isPro: false,
            fullname: sub.displayName,
            user: publicHandle(sub.handle),
            type: 'user' as const,
            name: publicHandle(sub.handle),
          },
        }
      : {}),
    summary: p.abstract,
    upvotes: p.upvotes,
    // Comments hang off the paper itself, so its arXiv id names the discussion.
    discussionId: p.arxivId,
    numComments: p.commentCount,
  };
  if (p.projectPage) out.projectPage = p.projectPage;
  if (p.githubRepo) out.githubRepo = p.githubRepo;
  if (p.aiSummary) out.ai_summary = p.aiSummary;
  if (p.aiKeywords && p.aiKeywords.length > 0) out.ai_keywords = p.aiKeywords;
  if (p.githubStars !== null) out.githubStars = p.githubStars;
  return out;
}

export function presentHfDailyItem(p: PaperCard, opts: PresentOptions): HfDailyItem {
  const sub = p.featured?.submitter ?? null;
  const item: HfDailyItem = {
    paper: presentHfPaper(p, opts),
    publishedAt: p.featured?.submittedAt ?? p.publishedAt,
    title: p.title,
    summary: p.abstract,
    ...(p.thumbnail ? { thumbnail: p.thumbnail } : {}),
    numComments: p.commentCount,
    ...(sub
      ? {
          submittedBy: {
            _id: userId(sub.id),
            avatarUrl: sub.avatarUrl ?? opts.defaultAvatarUrl,
            fullname: sub.displayName,
            name: publicHandle(sub.handle),
            type: 'user' as const,
            isPro: false,
            isHf: false,
            isHfAdmin: false,
            isMod: sub.role === 'admin',
          },
        }
      : {}),
    isAuthorParticipating: false,
  };
  return item;
}
