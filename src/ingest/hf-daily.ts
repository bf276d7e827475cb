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

const hfItem = z.looseObject({
  paper: z.looseObject({
    id: z.string(),
    authors: z.array(z.looseObject({ name: z.string() })),
    publishedAt: z.string(),
    submittedOnDailyAt: z.string().optional(),
    title: z.string(),
    summary: z.string(),
    upvotes: z.number().int().nonnegative().optional(),
    githubRepo: z.string().nullish(),
    githubStars: z.number().int().nullish(),
    projectPage: z.string().nullish(),
    ai_summary: z.string().nullish(),
    ai_keywords: z.array(z.string()).nullish(),
    submittedOnDailyBy: hfUser.optional(),
  }),
  publishedAt: z.string().optional(),
  submittedBy: hfUser.optional(),
  thumbnail: z.string().nullish(),
  mediaUrl: z.string().nullish(),
  numComments: z.number().optional(),
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
    out.papers.push({
      arxivId: id.id,
      title: paper.title,
      abstract: paper.summary,
      authors: paper.authors.map((a) => ({ name: a.name })),
      publishedAt: published,
      githubRepo: httpUrl(paper.githubRepo),
      githubStars: paper.githubStars ?? null,
      projectPage: httpUrl(paper.projectPage),
      aiSummary: paper.ai_summary ?? null,
      aiKeywords: paper.ai_keywords ?? null,
      thumbnail: httpUrl(thumbnail ?? mediaUrl),
      importedUpvotes: paper.upvotes ?? 0,
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

function absoluteAvatar(s: string | undefined): string | null {
  if (!s) return null;
  if (s.startsWith('/')) return `https://huggingface.co${s}`;
  return httpUrl(s);
}
