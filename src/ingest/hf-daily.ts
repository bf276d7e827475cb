/**
 * Hugging Face `/api/daily_papers` JSON: one response (a JSON array) per feed day.
 * Parsing is pure; reading files lives in ingest.ts.
 */
import { z } from 'zod';
import { validHfName } from '../community/imported-people.ts';
import type { DailyEntryRecord, PaperRecord } from '../papers/types.ts';
import { IngestError } from '../shared/errors.ts';
import { tryParseArxivId } from '../shared/ids.ts';

const hfUser = z.looseObject({
  user: z.string().optional(),
  name: z.string().optional(),
  fullname: z.string().optional(),
  avatarUrl: z.string().optional(),
});

const hfOrganization = z.looseObject({
  name: z.string().min(1),
  fullname: z.string().optional(),
  avatar: z.string().optional(),
});

const hfAuthor = z.looseObject({
  name: z.string(),
  hidden: z.boolean().optional(),
  user: z.looseObject({}).optional(),
  status: z.string().optional(),
  statusLastChangedAt: z.string().optional(),
});

const hfItem = z.looseObject({
  paper: z.looseObject({
    id: z.string(),
    authors: z.array(hfAuthor),
    publishedAt: z.string(),
    submittedOnDailyAt: z.string().optional(),
    title: z.string(),
    summary: z.string(),
    upvotes: z.number().int().nonnegative().optional(),
    githubRepo: z.string().nullish(),
    githubRepoAddedBy: z.string().nullish(),
    githubStars: z.number().int().nullish(),
    projectPage: z.string().nullish(),
    ai_summary: z.string().nullish(),
    ai_summary_model: z.string().nullish(),
    ai_keywords: z.array(z.string()).nullish(),
    submittedOnDailyBy: hfUser.optional(),
    organization: hfOrganization.nullish(),
    mediaUrls: z.array(z.string()).nullish(),
  }),
  publishedAt: z.string().optional(),
  submittedBy: hfUser.optional(),
  thumbnail: z.string().nullish(),
  mediaUrl: z.string().nullish(),
  mediaUrls: z.array(z.string()).nullish(),
  organization: hfOrganization.nullish(),
  numComments: z.number().int().nonnegative().optional(),
  isAuthorParticipating: z.boolean().optional(),
});

export interface HfDailyParsed {
  papers: PaperRecord[];
  entries: DailyEntryRecord[];
  /** Items that could not be used, with the reason. */
  rejected: { index: number; reason: string }[];
}

/**
 * Parses one daily_papers response. `feedDate` is the day it was requested for; when
 * unknown, each item's `submittedOnDailyAt` (UTC date) is used.
 * Throws IngestError when the body is not a JSON array; rejects single bad items.
 */
export function parseHfDaily(text: string, source: string, feedDate?: string): HfDailyParsed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new IngestError(`not valid JSON: ${(e as Error).message}`, source);
  }
  if (!Array.isArray(data)) throw new IngestError('expected a JSON array of daily papers', source);

  const out: HfDailyParsed = { papers: [], entries: [], rejected: [] };
  data.forEach((raw, index) => {
    const parsed = hfItem.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      out.rejected.push({ index, reason: `${first?.path.join('.')}: ${first?.message}` });
      return;
    }
    const { paper, submittedBy, thumbnail, mediaUrl } = parsed.data;
    const id = tryParseArxivId(paper.id);
    if (!id) {
      out.rejected.push({ index, reason: `paper.id "${paper.id.slice(0, 40)}" is not an arXiv id` });
      return;
    }
    const published = toIso(paper.publishedAt);
    if (!published) {
      out.rejected.push({
        index,
        reason: `paper.publishedAt "${paper.publishedAt.slice(0, 40)}" is not a date`,
      });
      return;
    }
    const org = paper.organization ?? parsed.data.organization;
    out.papers.push({
      arxivId: id.id,
      title: paper.title,
      abstract: paper.summary,
      // HF's summaries and names are clean already: their line breaks and spellings are the content.
      verbatim: true,
      authors: paper.authors.map((a) => ({
        name: a.name,
        hfUser: a.user ? withAbsoluteAvatar(a.user) : null,
        claimStatus: a.status ?? null,
        claimStatusChangedAt: a.statusLastChangedAt ?? null,
        hidden: a.hidden ?? false,
      })),
      publishedAt: published,
      githubRepo: httpUrl(paper.githubRepo),
      githubRepoAddedBy: paper.githubRepo ? (paper.githubRepoAddedBy ?? null) : null,
      githubStars: paper.githubStars ?? null,
      projectPage: httpUrl(paper.projectPage),
      aiSummary: paper.ai_summary ?? null,
      aiSummaryModel: paper.ai_summary_model ?? null,
      aiKeywords: paper.ai_keywords ?? null,
      thumbnail: httpUrl(thumbnail ?? mediaUrl),
      hfPublishedAt: toIso(parsed.data.publishedAt ?? ''),
      mediaUrls: (paper.mediaUrls ?? parsed.data.mediaUrls ?? []).filter((u) => httpUrl(u)),
      organization: org
        ? { name: org.name, fullname: org.fullname ?? org.name, avatarUrl: absoluteAvatar(org.avatar) }
        : null,
    });
    // The outer `submittedBy` names the handle `name`; `paper.submittedOnDailyBy` calls it `user`.
    const submitter = submittedBy ?? paper.submittedOnDailyBy;
    const handle = validHfName(submitter?.user ?? submitter?.name);
    const submittedAt = toIso(paper.submittedOnDailyAt ?? parsed.data.publishedAt ?? '') ?? published;
    out.entries.push({
      arxivId: id.id,
      feedDate: feedDate ?? submittedAt.slice(0, 10),
      submittedAt,
      submitter: handle
        ? {
            handle,
            displayName: submitter?.fullname || handle,
            avatarUrl: absoluteAvatar(submitter?.avatarUrl),
          }
        : null,
      // The day owns what HF counted for it; the same paper on another day has its own counts.
      importedUpvotes: paper.upvotes ?? 0,
      importedComments: parsed.data.numComments ?? 0,
      authorParticipating: parsed.data.isAuthorParticipating ?? false,
      position: index,
      hfSubmitter: submitter ? withAbsoluteAvatar({ ...paper.submittedOnDailyBy, ...submittedBy }) : null,
    });
  });
  return out;
}

function toIso(s: string): string | null {
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function httpUrl(s: string | null | undefined): string | null {
  return s && /^https?:\/\/[^\s]+$/i.test(s) ? s : null;
}

/** HF sends default avatars as paths on its own host; elsewhere they need the host. */
function withAbsoluteAvatar(u: Record<string, unknown>): Record<string, unknown> {
  return typeof u.avatarUrl === 'string' ? { ...u, avatarUrl: absoluteAvatar(u.avatarUrl) } : u;
}

function absoluteAvatar(s: string | undefined): string | null {
  if (!s) return null;
  if (s.startsWith('/')) return `https://huggingface.co${s}`;
  return httpUrl(s);
}
