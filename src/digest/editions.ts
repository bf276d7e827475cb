/**
 * What an edition is: which feed period it covers, its key (the idempotency key of a
 * send), its heading, and which of its papers each subscriber gets.
 */
import type { Db } from '../db/connect.ts';
import { addDays, isoWeekOf, isoWeekRange } from '../feed/dates.ts';
import { latestFeedDate } from '../feed/feed.repo.ts';
import type { EditionPaper } from './editions.repo.ts';
import { papersByArxivIds, rankedFeaturedPapers } from './editions.repo.ts';

export type EditionKind = 'daily' | 'weekly';

export interface EditionSpec {
  kind: EditionKind;
  /** Unique per edition: `daily:2026-08-21`, `weekly:2026-W34`. */
  key: string;
  /** The feed date (daily) or ISO week (weekly) covered. */
  period: string;
  from: string;
  to: string;
  heading: string;
  /** Path of the browser preview. */
  previewPath: string;
}

export function longDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

function shortDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

export function dailySpec(feedDate: string): EditionSpec {
  return {
    kind: 'daily',
    key: `daily:${feedDate}`,
    period: feedDate,
    from: feedDate,
    to: feedDate,
    heading: `Top papers of ${longDate(feedDate)}`,
    previewPath: `/digest/preview/daily/${feedDate}`,
  };
}

export function weeklySpec(week: string): EditionSpec | null {
  const range = isoWeekRange(week);
  if (!range) return null;
  return {
    kind: 'weekly',
    key: `weekly:${week}`,
    period: week,
    ...range,
    heading: `Top papers of the week ${shortDate(range.from)} – ${shortDate(range.to)}, ${range.to.slice(0, 4)}`,
    previewPath: `/digest/preview/weekly/${week}`,
  };
}

/**
 * The edition for a date: daily → the latest feed day on or before `date` that has papers
 * (null when there is none); weekly → the ISO week containing `date`.
 */
export async function resolveEdition(db: Db, kind: EditionKind, date: string): Promise<EditionSpec | null> {
  if (kind === 'weekly') return weeklySpec(isoWeekOf(date));
  const day = await latestFeedDate(db, date);
  return day ? dailySpec(day) : null;
}

/** The date the schedule mails: daily → yesterday's feed day (a complete day); weekly → last week. */
export function scheduledDate(kind: EditionKind, todaysFeedDate: string): string {
  return kind === 'daily' ? addDays(todaysFeedDate, -1) : addDays(todaysFeedDate, -7);
}

/**
 * The ranked papers of an edition as everyone gets them when it is not narrowed by
 * filters: the public shape other capabilities (webhooks, feeds) share with the emails.
 */
export async function editionPapers(
  db: Db,
  spec: Pick<EditionSpec, 'from' | 'to'>,
  opts: { limit?: number } = {},
): Promise<EditionPaper[]> {
  return rankedFeaturedPapers(db, spec, opts.limit);
}

/** The frozen list of an existing edition. */
export async function frozenEditionPapers(db: Db, paperIdsJson: string): Promise<EditionPaper[]> {
  return papersByArxivIds(db, JSON.parse(paperIdsJson) as string[]);
}

export interface SubscriberFilter {
  /** arXiv categories (any matches); empty: all. */
  categories: string[];
  /** Words or phrases matched case-insensitively in title or abstract (any matches); empty: all. */
  keywords: string[];
}

export function parseFilter(row: { categories: string; keywords: string }): SubscriberFilter {
  return {
    categories: row.categories.split(/\s+/).filter(Boolean),
    keywords: row.keywords
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  };
}

/** A subscriber's papers: the edition's ranked list narrowed by their filter, top `limit`. Pure. */
export function selectForSubscriber(
  papers: EditionPaper[],
  f: SubscriberFilter,
  limit: number,
): EditionPaper[] {
  const cats = new Set(f.categories.map((c) => c.toLowerCase()));
  const words = f.keywords.map((k) => k.toLowerCase());
  const out: EditionPaper[] = [];
  for (const p of papers) {
    if (cats.size > 0 && !p.categories.some((c) => cats.has(c.toLowerCase()))) continue;
    if (words.length > 0) {
      const hay = `${p.title}\n${p.abstract}`.toLowerCase();
      if (!words.some((w) => hay.includes(w))) continue;
    }
    out.push(p);
    if (out.length >= limit) break;
  }
  return out;
}

/** "the daily digest (cs.CL, cs.LG; keywords: diffusion)": why a reader gets a message. */
export function describeSubscription(sub: {
  kind: string;
  query: string;
  categories: string;
  keywords: string;
}): string {
  if (sub.kind === 'alert') return `alerts of new papers matching “${sub.query}”`;
  const f = parseFilter(sub);
  const name = sub.kind === 'weekly' ? 'the weekly digest' : 'the daily digest';
  const parts = [
    ...(f.categories.length ? [f.categories.join(', ')] : []),
    ...(f.keywords.length ? [`keywords: ${f.keywords.join(', ')}`] : []),
  ];
  return parts.length ? `${name} (${parts.join('; ')})` : name;
}
