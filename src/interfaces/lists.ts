/**
 * Named lists of papers: a day, week or month of the feed, trending, the latest featured,
 * an author, an organisation, a category, a user's submissions. Feeds and list exports (BibTeX, RIS) both
 * render these, so a list means the same papers in every format.
 */
import { isoWeekRange, isValidDate, monthRange } from '../feed/dates.ts';
import { normalizeAuthorName } from '../papers/names.ts';
import { findOrganization, listOrganizationPaperIds } from '../papers/organizations.repo.ts';
import type { ApiPaper } from '../papers/present.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import {
  findUserByHandle,
  listAuthorPaperIds,
  listCategoryPaperIds,
  listFeaturedIds,
  loadApiPapers,
} from './papers-api.repo.ts';
import { type ApiDeps, dailyPapers } from './papers-api.ts';

export type ListSpec =
  | { kind: 'latest' }
  | { kind: 'trending' }
  | { kind: 'date'; date: string }
  | { kind: 'week'; week: string }
  | { kind: 'month'; month: string }
  | { kind: 'author'; name: string }
  | { kind: 'organization'; name: string }
  | { kind: 'category'; category: string }
  | { kind: 'submissions'; handle: string }
  | { kind: 'search'; q: string };

type Params = Record<string, string | undefined>;

/**
 * Every list's path under a prefix (`/feeds/…`, `/exports/…`) and how its parameters
 * (route params and query string) name it. One table, so feeds and exports offer the same lists.
 */
export const LIST_PATHS: [string, (params: Params, query: Params) => ListSpec][] = [
  ['latest', () => ({ kind: 'latest' })],
  ['trending', () => ({ kind: 'trending' })],
  ['date/:date', (p) => ({ kind: 'date', date: p.date ?? '' })],
  ['week/:week', (p) => ({ kind: 'week', week: p.week ?? '' })],
  ['month/:month', (p) => ({ kind: 'month', month: p.month ?? '' })],
  ['authors/:name', (p) => ({ kind: 'author', name: p.name ?? '' })],
  ['organizations/:org', (p) => ({ kind: 'organization', name: p.org ?? '' })],
  ['categories/:category', (p) => ({ kind: 'category', category: p.category ?? '' })],
  ['users/:handle', (p) => ({ kind: 'submissions', handle: p.handle ?? '' })],
  ['search', (_p, q) => ({ kind: 'search', q: q.q ?? '' })],
];

export interface ListDeps extends ApiDeps {
  /** Paper ids matching a search query, best first (the search capability, wired by the web layer). */
  searchIds?: (q: string, limit: number) => Promise<number[]>;
}

export interface PaperList {
  title: string;
  description: string;
  /** The HTML page showing the same list. */
  pagePath: string;
  /** Path of this list's feeds and exports, without extension. */
  feedPath: string;
  /** Query string the list's feed URLs need (searches), with its `?`. */
  query?: string;
  items: ApiPaper[];
}

/** How many items a feed carries: enough for a busy week, small enough to poll often. */
export const FEED_SIZE = 100;

const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

export async function resolveList(deps: ListDeps, spec: ListSpec, limit = FEED_SIZE): Promise<PaperList> {
  const featured = async (q: Parameters<typeof listFeaturedIds>[1]) =>
    loadApiPapers(deps.db, await listFeaturedIds(deps.db, q));
  switch (spec.kind) {
    case 'latest': {
      const page = await dailyPapers(deps, { p: 0, limit, sort: 'publishedAt' });
      return {
        title: 'Latest featured papers',
        description: 'Papers as they are featured on the daily feed, newest first.',
        pagePath: '/',
        feedPath: '/feeds/latest',
        items: page.items,
      };
    }
    case 'trending': {
      const page = await dailyPapers(deps, { p: 0, limit, sort: 'trending' });
      return {
        title: 'Trending papers',
        description: 'Papers of the last week, ranked by upvotes and comments decayed by age.',
        pagePath: '/papers/trending',
        feedPath: '/feeds/trending',
        items: page.items,
      };
    }
    case 'date': {
      if (!isValidDate(spec.date)) throw new ValidationError('date must be written YYYY-MM-DD');
      return {
        title: `Daily papers of ${spec.date}`,
        description: `Papers featured on ${spec.date}, most upvoted first.`,
        pagePath: `/papers/date/${spec.date}`,
        feedPath: `/feeds/date/${spec.date}`,
        items: await featured({ from: spec.date, to: spec.date, order: 'upvotes', offset: 0, limit }),
      };
    }
    case 'week': {
      const r = isoWeekRange(spec.week);
      if (!r) throw new ValidationError('week must be an ISO week written YYYY-Www');
      return {
        title: `Papers of week ${spec.week}`,
        description: `Papers featured from ${r.from} to ${r.to}, most upvoted first.`,
        pagePath: `/papers/week/${spec.week}`,
        feedPath: `/feeds/week/${spec.week}`,
        items: await featured({ ...r, order: 'upvotes', offset: 0, limit }),
      };
    }
    case 'month': {
      const r = monthRange(spec.month);
      if (!r) throw new ValidationError('month must be written YYYY-MM');
      return {
        title: `Papers of ${spec.month}`,
        description: `Papers featured from ${r.from} to ${r.to}, most upvoted first.`,
        pagePath: `/papers/month/${spec.month}`,
        feedPath: `/feeds/month/${spec.month}`,
        items: await featured({ ...r, order: 'upvotes', offset: 0, limit }),
      };
    }
    case 'author': {
      const found = await listAuthorPaperIds(deps.db, normalizeAuthorName(spec.name), limit);
      if (!found) throw new NotFoundError(`No paper here has an author named "${spec.name.slice(0, 80)}".`);
      const path = encodeURIComponent(found.name);
      return {
        title: `Papers by ${found.name}`,
        description: `Papers by ${found.name}, newest first.`,
        pagePath: `/authors/${path}`,
        feedPath: `/feeds/authors/${path}`,
        items: await loadApiPapers(deps.db, found.ids),
      };
    }
    case 'organization': {
      const org = await findOrganization(deps.db, spec.name);
      if (!org) throw new NotFoundError(`No organisation "${spec.name.slice(0, 80)}" here.`);
      const path = encodeURIComponent(org.name);
      return {
        title: `Papers of ${org.fullname}`,
        description: `Papers attributed to ${org.fullname}, newest first.`,
        pagePath: `/organizations/${path}`,
        feedPath: `/feeds/organizations/${path}`,
        items: await loadApiPapers(deps.db, await listOrganizationPaperIds(deps.db, org.id, limit)),
      };
    }
    case 'category': {
      if (!CATEGORY.test(spec.category)) throw new ValidationError('not an arXiv category, e.g. cs.CL');
      return {
        title: `New papers in ${spec.category}`,
        description: `Papers in ${spec.category} indexed here, newest first.`,
        pagePath: `/search?q=${encodeURIComponent(`cat:${spec.category}`)}`,
        feedPath: `/feeds/categories/${spec.category}`,
        items: await loadApiPapers(deps.db, await listCategoryPaperIds(deps.db, spec.category, limit)),
      };
    }
    case 'submissions': {
      const user = await findUserByHandle(deps.db, spec.handle);
      if (!user) throw new NotFoundError(`No user @${spec.handle.slice(0, 80)} here.`);
      const handle = encodeURIComponent(user.handle);
      return {
        title: `Papers submitted by ${user.displayName}`,
        description: `Papers @${user.handle} featured on the daily feed, newest first.`,
        pagePath: `/users/${handle}`,
        feedPath: `/feeds/users/${handle}`,
        items: await featured({ submitter: user.handle, order: 'submitted', offset: 0, limit }),
      };
    }
    case 'search': {
      const q = spec.q.trim();
      if (!q) throw new ValidationError('q (the search query) is required');
      if (q.length > 250) throw new ValidationError('q must be at most 250 characters');
      if (!deps.searchIds) throw new NotFoundError('Search is not available on this instance.');
      const qs = encodeURIComponent(q);
      return {
        title: `Search: ${q}`,
        description: `Papers matching “${q}”, best match first.`,
        pagePath: `/search?q=${qs}`,
        feedPath: '/feeds/search',
        query: `?q=${qs}`,
        items: await loadApiPapers(deps.db, await deps.searchIds(q, limit)),
      };
    }
  }
}

/** Newest change among the list's papers: the feed's `updated` and the Last-Modified basis. */
export function lastChange(items: ApiPaper[], fallback: Date): Date {
  let max = 0;
  for (const p of items) {
    const t = Math.max(Date.parse(p.modifiedAt), Date.parse(p.featured?.submittedAt ?? p.publishedAt));
    if (t > max) max = t;
  }
  return max > 0 ? new Date(max) : fallback;
}
