/**
 * What an edition is: which feed period it covers, its key (the idempotency key of a
 * send), its heading, and which of its papers each subscriber gets.
 */
import type { Db } from '../db/connect.ts';
import { addDays, isoWeekOf, isoWeekRange } from '../feed/dates.ts';
import { type ListDeps, parseListSpec, resolveList } from '../feed/lists.ts';
import { latestDayWithPapers } from '../feed/periods.ts';
import { findPaperIds, loadCards } from '../papers/cards.repo.ts';
import type { PaperCard } from '../papers/types.ts';

/** A paper as an email (and a chat webhook) shows it: a presentation of the list engine's card. */
export interface EditionPaper {
  arxivId: string;
  title: string;
  authorsText: string;
  abstract: string;
  upvotes: number;
  commentCount: number;
  categories: string[];
  /** The paper's code repository or, failing that, its project page. */
  codeUrl: string | null;
  feedDate: string;
}

export function toEditionPaper(c: PaperCard): EditionPaper {
  return {
    arxivId: c.arxivId,
    title: c.title,
    authorsText: c.authors.join(', '),
    abstract: c.abstract,
    upvotes: c.upvotes,
    commentCount: c.commentCount,
    categories: c.categories,
    codeUrl: c.githubRepo ?? c.projectPage ?? c.codeLinks[0] ?? null,
    feedDate: c.featured?.feedDate ?? '',
  };
}

/** Most papers an edition keeps; subscribers' filters then pick their top N from these. */
export const EDITION_CANDIDATES = 300;

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
export async function resolveEdition(
  deps: Pick<ListDeps, 'db'>,
  kind: EditionKind,
  date: string,
): Promise<EditionSpec | null> {
  if (kind === 'weekly') return weeklySpec(isoWeekOf(date));
  const day = await latestDayWithPapers(deps, date);
  return day ? dailySpec(day) : null;
}

/** The date the schedule mails: daily → yesterday's feed day (a complete day); weekly → last week. */
export function scheduledDate(kind: EditionKind, todaysFeedDate: string): string {
  return kind === 'daily' ? addDays(todaysFeedDate, -1) : addDays(todaysFeedDate, -7);
}

/**
 * The ranked papers of an edition as everyone gets them when it is not narrowed by
 * filters: the day or week list of the list engine, as pages and feeds show it.
 */
export async function editionPapers(
  deps: ListDeps,
  spec: Pick<EditionSpec, 'kind' | 'period'>,
  opts: { limit?: number } = {},
): Promise<EditionPaper[]> {
  const list =
    spec.kind === 'daily'
      ? parseListSpec('day', { date: spec.period })
      : parseListSpec('week', { week: spec.period });
  const { items } = await resolveList(deps, list, opts.limit ?? EDITION_CANDIDATES);
  // A paper featured on two days of a week is one paper of the edition (its first, best-ranked).
  const seen = new Set<number>();
  return items.filter((c) => !seen.has(c.id) && seen.add(c.id)).map(toEditionPaper);
}

/** The frozen list of an existing edition (papers deleted since are left out). */
export async function frozenEditionPapers(db: Db, paperIdsJson: string): Promise<EditionPaper[]> {
  const cards = await loadCards(db, await findPaperIds(db, JSON.parse(paperIdsJson) as string[]));
  return cards.map(toEditionPaper);
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
