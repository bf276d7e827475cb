/**
 * arXiv's announcement schedule, and the announcements of a paper: the day each version
 * appeared in arXiv's "new" listings and as what (new, cross-list, replacement). Pure.
 *
 * arXiv announces Sunday to Thursday at 20:00 US Eastern time, and dates each listing the
 * weekday after (its RSS `pubDate`, the heading of /list/…/new): listing days are Monday to
 * Friday. A version submitted on a weekday before the 14:00 Eastern cutoff is in that
 * evening's announcement; one submitted later, or at a weekend, in the next weekday's. So a
 * Monday-morning submission is listed on Tuesday, a Friday-morning one on Monday, and a
 * Friday-afternoon or weekend one on Tuesday. arXiv's holiday closures are not modelled: a
 * day derived here may be one arXiv skipped; the RSS listing records the true day.
 *
 * A date without a time (OAI-PMH, HF) is stored as midnight UTC, which is the evening
 * before in New York, after the cutoff: the next weekday's window, which is the right one
 * for a submission made any time before 14:00 of that (weekday) date.
 */
import { addDays, localDateTime } from '../feed/dates.ts';
import type { PaperRecord } from './types.ts';

export const ARXIV_TIME_ZONE = 'America/New_York';
/** Submissions before this local time (minutes after midnight, Eastern) make that evening's announcement. */
const CUTOFF_MINUTES = 14 * 60;

/** new: first announced in its primary category; cross: a cross-list; replace: a later version. */
export type AnnouncementType = NonNullable<PaperRecord['announcement']>['type'];
export const ANNOUNCEMENT_TYPES: readonly AnnouncementType[] = ['new', 'cross', 'replace'];

export interface Announcement {
  version: number;
  /** Listing day, `YYYY-MM-DD` (Monday to Friday when derived). */
  day: string;
  type: AnnouncementType;
  /** Read from arXiv's own listing (RSS): it replaces a day derived from version dates. */
  listed: boolean;
}

/** Monday to Friday. */
export function isWeekday(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d >= 1 && d <= 5;
}

/** The first weekday strictly after `date`. */
export function nextWeekday(date: string): string {
  let d = addDays(date, 1);
  while (!isWeekday(d)) d = addDays(d, 1);
  return d;
}

/** The listing day of a version submitted at `instant` (ISO string or Date). */
export function announcementDay(instant: string | Date): string {
  const { date, minutes } = localDateTime(new Date(instant), ARXIV_TIME_ZONE);
  const window = isWeekday(date) && minutes < CUTOFF_MINUTES ? date : nextWeekday(date);
  return nextWeekday(window);
}

/** The listing day of an RSS feed's `pubDate` (midnight Eastern of the listing day). */
export function listingDayOf(instant: string | Date): string {
  return localDateTime(new Date(instant), ARXIV_TIME_ZONE).date;
}

/**
 * Announcements a record tells of: the one arXiv's listing gave (RSS), else those derived
 * from its version dates — v1 is new, each later version a replacement, except a version
 * that lands on a day already announced (arXiv lists the paper once that day).
 */
export function announcementsOf(
  r: Pick<PaperRecord, 'publishedAt' | 'updatedAt' | 'version' | 'versions' | 'announcement'>,
): Announcement[] {
  if (r.announcement) return [{ version: r.version ?? 1, ...r.announcement, listed: true }];
  const dated = r.versions?.length
    ? [...r.versions].sort((a, b) => a.version - b.version).map((v) => [v.version, v.submittedAt] as const)
    : [
        [1, r.publishedAt] as const,
        ...((r.version ?? 1) > 1 && r.updatedAt ? [[r.version!, r.updatedAt] as const] : []),
      ];
  const out: Announcement[] = [];
  const days = new Set<string>();
  for (const [version, at] of dated) {
    if (Number.isNaN(Date.parse(at))) continue;
    const day = announcementDay(at);
    if (days.has(day) || (out.length > 0 && day < out.at(-1)!.day)) continue;
    days.add(day);
    out.push({ version, day, type: out.length === 0 && version === 1 ? 'new' : 'replace', listed: false });
  }
  return out;
}

export interface ListedPaper {
  paperId: number;
  arxivId: string;
  primaryCategory: string | null;
  type: AnnouncementType;
}

/**
 * A day's listing in arXiv's order: new submissions, then cross-lists, then replacements,
 * each by arXiv id. With a category filter, a paper whose primary category is outside it
 * is a cross-list there (as on arXiv's per-category pages).
 */
export function listingOrder(rows: ListedPaper[], categories: string[]): ListedPaper[] {
  const rank = { new: 0, cross: 1, replace: 2 } as const;
  return rows
    .map((r) =>
      r.type === 'new' && categories.length > 0 && !categories.includes(r.primaryCategory ?? '')
        ? { ...r, type: 'cross' as const }
        : r,
    )
    .sort(
      (a, b) => rank[a.type] - rank[b.type] || (a.arxivId < b.arxivId ? -1 : a.arxivId > b.arxivId ? 1 : 0),
    );
}
