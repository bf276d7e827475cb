/**
 * Hugging Face–compatible JSON shapes of papers, so `huggingface_hub` (with
 * `HF_ENDPOINT` pointed here) and scripts written for huggingface.co/api work unchanged.
 *
 * The shapes follow recorded real `/api/daily_papers` responses: field names, nesting and
 * types are the same; a field is omitted (never null) when we do not know it, as HF does.
 * Pure: no I/O. The search capability reuses `presentHfDailyItem` for its results.
 */
import { publicHandle } from '../community/imported-people.ts';

import type { CardAuthor, CardOrganization, PaperCard } from './types.ts';

export interface PresentOptions {
  /** Absolute URL used when a user has no avatar: HF always sends a string. */
  defaultAvatarUrl: string;
}

export interface HfAuthor {
  _id: string;
  user?: Record<string, unknown>;
  name: string;
  status?: string;
  statusLastChangedAt?: string;
  hidden: boolean;
}

export interface HfOrganization {
  _id: string;
  name: string;
  fullname: string;
  avatar?: string;
}

type HfSubmitterOnDaily = {
  _id: string;
  avatarUrl: string;
  isPro: boolean;
  fullname: string;
  user: string;
  type: 'user';
  name: string;
};

/** `paper` inside a daily item, and the body of `/api/papers/{id}`. */
export interface HfPaper {
  id: string;
  authors: HfAuthor[];
  publishedAt: string;
  submittedOnDailyAt?: string;
  title: string;
  submittedOnDailyBy?: HfSubmitterOnDaily;
  summary: string;
  upvotes: number;
  discussionId: string;
  projectPage?: string;
  githubRepo?: string;
  githubRepoAddedBy?: string;
  ai_summary?: string;
  ai_keywords?: string[];
  ai_summary_model?: string;
  githubStars?: number;
  organization?: HfOrganization;
  mediaUrls?: string[];
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
    followerCount?: number;
    isUserFollowing: boolean;
  };
  organization?: HfOrganization;
  mediaUrls?: string[];
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

function organizationId(id: number): string {
  return `o${id}`;
}

function presentOrganization(o: CardOrganization): HfOrganization {
  return {
    _id: organizationId(o.id),
    name: o.name,
    fullname: o.fullname,
    ...(o.avatarUrl ? { avatar: o.avatarUrl } : {}),
  };
}

function presentAuthor(a: CardAuthor, id: string): HfAuthor {
  return {
    _id: id,
    ...(a.hfUser ? { user: a.hfUser } : {}),
    name: a.name,
    ...(a.claimStatus ? { status: a.claimStatus } : {}),
    ...(a.claimStatusChangedAt ? { statusLastChangedAt: a.claimStatusChangedAt } : {}),
    hidden: a.hidden,
  };
}

const str = (v: unknown, dflt: string) => (typeof v === 'string' ? v : dflt);
const bool = (v: unknown) => v === true;

/**
 * Who featured the paper, in both of HF's spellings. An imported submitter is shown as HF
 * described them that day (their HF `_id`, avatar, Pro and staff flags, followers); a
 * member of this instance by their account here.
 */
function presentSubmitter(p: PaperCard, opts: PresentOptions) {
  const f = p.featured;
  if (!f) return null;
  const sub = f.submitter;
  const hf = f.hfSubmitter;
  if (hf) {
    const handle = str(hf.user ?? hf.name, sub?.handle ?? '');
    const common = {
      _id: str(hf._id, sub ? userId(sub.id) : ''),
      avatarUrl: str(hf.avatarUrl, sub?.avatarUrl ?? opts.defaultAvatarUrl),
      fullname: str(hf.fullname, sub?.displayName ?? handle),
      isPro: bool(hf.isPro),
    };
    return {
      onDaily: { ...common, user: handle, type: 'user' as const, name: handle },
      by: {
        _id: common._id,
        avatarUrl: common.avatarUrl,
        fullname: common.fullname,
        name: handle,
        type: 'user' as const,
        isPro: common.isPro,
        isHf: bool(hf.isHf),
        isHfAdmin: bool(hf.isHfAdmin),
        isMod: bool(hf.isMod),
        ...(typeof hf.followerCount === 'number' ? { followerCount: hf.followerCount } : {}),
        isUserFollowing: false,
      },
    };
  }
  if (!sub) return null;
  const common = {
    _id: userId(sub.id),
    avatarUrl: sub.avatarUrl ?? opts.defaultAvatarUrl,
    fullname: sub.displayName,
    isPro: false,
  };
  return {
    onDaily: {
      ...common,
      user: publicHandle(sub.handle),
      type: 'user' as const,
      name: publicHandle(sub.handle),
    },
    by: {
      _id: common._id,
      avatarUrl: common.avatarUrl,
      fullname: common.fullname,
      name: publicHandle(sub.handle),
      type: 'user' as const,
      isPro: false,
      isHf: false,
      isHfAdmin: false,
      isMod: sub.role === 'admin',
      isUserFollowing: false,
    },
  };
}

/**
 * The paper object. In a daily list, `upvotes` and the submitter are the listed day's
 * (a paper featured on two days has each day's); alone, the paper's total and latest feature.
 */
export function presentHfPaper(p: PaperCard, opts: PresentOptions, inList = false): HfPaper {
  const sub = presentSubmitter(p, opts);
  const out: HfPaper = {
    id: p.arxivId,
    authors: p.authorDetails.map((a, i) => presentAuthor(a, authorId(p.id, i))),
    publishedAt: p.publishedAt,
    ...(p.featured ? { submittedOnDailyAt: p.featured.submittedAt } : {}),
    title: p.title,
    ...(sub ? { submittedOnDailyBy: sub.onDaily } : {}),
    summary: p.abstract,
    upvotes: inList && p.featured ? p.featured.upvotes : p.upvotes,
    // Comments hang off the paper itself, so its arXiv id names the discussion.
    discussionId: p.arxivId,
    numComments: inList && p.featured ? p.featured.commentCount : p.commentCount,
  };
  if (p.projectPage) out.projectPage = p.projectPage;
  if (p.githubRepo) {
    out.githubRepo = p.githubRepo;
    if (p.githubRepoAddedBy) out.githubRepoAddedBy = p.githubRepoAddedBy;
  }
  if (p.aiSummary) out.ai_summary = p.aiSummary;
  if (p.aiKeywords && p.aiKeywords.length > 0) out.ai_keywords = p.aiKeywords;
  if (p.aiSummary && p.aiSummaryModel) out.ai_summary_model = p.aiSummaryModel;
  if (p.githubStars !== null) out.githubStars = p.githubStars;
  if (p.organization) out.organization = presentOrganization(p.organization);
  if (p.mediaUrls?.length) out.mediaUrls = p.mediaUrls;
  return out;
}

export function presentHfDailyItem(p: PaperCard, opts: PresentOptions): HfDailyItem {
  const sub = presentSubmitter(p, opts);
  const paper = presentHfPaper(p, opts, true);
  return {
    paper,
    // HF's outer publishedAt is when the paper was submitted (to arXiv); ours when not imported.
    publishedAt: p.hfPublishedAt ?? p.publishedAt,
    title: p.title,
    summary: p.abstract,
    ...(p.thumbnail ? { thumbnail: p.thumbnail } : {}),
    numComments: paper.numComments,
    ...(sub ? { submittedBy: sub.by } : {}),
    ...(paper.organization ? { organization: paper.organization } : {}),
    ...(paper.mediaUrls ? { mediaUrls: paper.mediaUrls } : {}),
    isAuthorParticipating: p.featured?.authorParticipating ?? false,
  };
}
