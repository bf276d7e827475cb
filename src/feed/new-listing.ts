/**
 * "New on arXiv": every paper arXiv announced on one listing day (papers/announcements.ts),
 * the list members feature papers from. A list kind (feed/kinds.ts `new`), so its page,
 * API, feeds and exports all come from the list engine; this module finds its papers and
 * the days around it.
 */

import type { Db } from '../db/connect.ts';
import { announcedOn, neighbourDays, newestAnnouncementDay } from '../papers/announcements.repo.ts';
import type { AnnouncementType } from '../papers/announcements.ts';
import { listingOrder } from '../papers/announcements.ts';
import { ValidationError } from '../shared/errors.ts';
import { ARXIV_CATEGORY } from '../shared/ids.ts';
import type { Found, Window } from './list-kind.ts';

/** Most categories one listing filters by. */
export const MAX_LISTING_CATEGORIES = 20;

/** `cs.CL,cs.LG` (commas, spaces or `+`, as in arXiv's RSS URLs) → distinct categories, in order. */
export function parseCategories(raw: string | undefined): string[] {
  if (!raw) return [];
  const cats = [...new Set(raw.split(/[,+\s]+/).filter(Boolean))];
  const bad = cats.filter((c) => !ARXIV_CATEGORY.test(c));
  if (bad.length > 0)
    throw new ValidationError(
      `cat: not an arXiv category: ${bad[0]!.slice(0, 40)} (expected e.g. cs.CL,cs.LG)`,
    );
  if (cats.length > MAX_LISTING_CATEGORIES)
    throw new ValidationError(`cat: at most ${MAX_LISTING_CATEGORIES} categories`);
  return cats;
}

/** The listing day asked for, else the newest one; null when nothing was announced yet. */
export async function listingDay(db: Db, date: string | undefined): Promise<string | null> {
  return date ?? (await newestAnnouncementDay(db));
}

/** The listing days before and after `day` that have announcements (weekends have none). */
export function adjacentListingDays(db: Db, day: string) {
  return neighbourDays(db, day);
}

/** One window of a day's listing: new, cross-lists, then (when asked) replacements. */
export async function findNewListing(
  db: Db,
  p: { date?: string; cat?: string; replacements?: string },
  w: Window,
): Promise<Found & { announced: Map<number, AnnouncementType> }> {
  const categories = parseCategories(p.cat);
  const day = await listingDay(db, p.date);
  const where = categories.length ? ` in ${categories.join(', ')}` : '';
  const replacements = p.replacements === '1';
  const rows = day ? listingOrder(await announcedOn(db, day, { categories, replacements }), categories) : [];
  const window = rows.slice(w.offset, w.offset + w.limit);
  return {
    ids: window.map((r) => r.paperId),
    total: rows.length,
    announced: new Map(window.map((r) => [r.paperId, r.type])),
    ...(categories.length ? { params: { cat: categories.join(',') } } : {}),
    title: day ? `New on arXiv${where}, ${day}` : `New on arXiv${where}`,
    description: day
      ? `Papers arXiv announced${where} on ${day}: new submissions, then cross-lists${replacements ? ', then replacements' : ''}.`
      : 'Papers as arXiv announces them; nothing was announced here yet.',
  };
}
