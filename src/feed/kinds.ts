/**
 * The registry of list kinds: one entry per kind, and nothing else to write. An entry
 * here gets a page, an API (`/api/lists/…`), RSS / Atom / JSON feeds, BibTeX / RIS
 * exports and its OpenAPI description from the generic routes (web/routes/lists.tsx).
 * See docs/ARCHITECTURE.md, "Adding a list kind".
 */
import { z } from 'zod';
import { findUserByPublicHandle } from '../community/users.repo.ts';
import { PERSONAL_KINDS } from '../inbox/personal-kinds.ts';
import { authorPaperIds, categoryPaperIds, findAuthor } from '../papers/lists.repo.ts';
import { normalizeAuthorName } from '../papers/names.ts';
import { findOrganization } from '../papers/organizations.repo.ts';
import { searchPapers } from '../search/search.ts';
import { searchDeps } from '../search/settings.ts';
import { NotFoundError } from '../shared/errors.ts';
import { ARXIV_CATEGORY } from '../shared/ids.ts';
import { isoWeekRange, isValidDate, monthRange } from './dates.ts';
import { countFeatured, type FeaturedQuery, featuredIds } from './featured.repo.ts';
import type { Found, ListDeps, ListKind, Window } from './list-kind.ts';
import { findNewListing, parseCategories } from './new-listing.ts';
import { rankedTrending, trendingFormula, trendingWeights } from './trending.ts';

const text = (name: string, max: number) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`)
    .max(max, `${name} must be at most ${max} characters`);

const date = z
  .string({ error: 'date is required' })
  .refine(isValidDate, 'date must be a calendar date written YYYY-MM-DD, e.g. 2026-08-21');
const week = z
  .string({ error: 'week is required' })
  .refine((w) => isoWeekRange(w) !== null, 'week must be an ISO week written YYYY-Www, e.g. 2026-W34');
const month = z
  .string({ error: 'month is required' })
  .refine((m) => monthRange(m) !== null, 'month must be written YYYY-MM, e.g. 2026-08');
/** How a feed period is ordered: most upvoted (default), newest featured, or by trending score. */
const sort = z
  .enum(['upvotes', 'publishedAt', 'trending'], { error: 'sort must be upvotes, publishedAt or trending' })
  .optional();

/** A feed period (day, week, month) in the order `sort` asks for. */
async function period(
  deps: ListDeps,
  range: { from: string; to: string },
  order: string | undefined,
  w: Window,
): Promise<Pick<Found, 'ids' | 'total' | 'scores'>> {
  const total = await countFeatured(deps.db, range);
  if (order === 'trending') {
    const ranked = (await rankedTrending(deps, range)).slice(w.offset, w.offset + w.limit);
    return {
      ids: ranked.map((r) => ({ paperId: r.id, entryId: r.entryId })),
      total,
      scores: new Map(ranked.map((r) => [r.id, r.trending])),
    };
  }
  const q: FeaturedQuery = { ...range, order: order === 'publishedAt' ? 'submitted' : 'upvotes' };
  return { ids: await featuredIds(deps.db, q, w), total };
}

const orderWords = (sort: string | undefined) =>
  sort === 'publishedAt' ? 'newest first' : sort === 'trending' ? 'trending first' : 'most upvoted first';

/** One or more arXiv categories, comma-separated (`cs.CL,cs.LG`). */
const categories = z
  .string()
  .max(400, 'cat must be at most 400 characters')
  .superRefine((s, ctx) => {
    try {
      parseCategories(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });

export const LIST_KINDS: ListKind[] = [
  {
    name: 'day',
    summary: 'One day of the feed',
    path: 'date/:date',
    page: '/papers/date/:date',
    params: z.object({ date, sort }),
    async find(deps, p, w) {
      return {
        ...(await period(deps, { from: p.date!, to: p.date! }, p.sort, w)),
        title: `Daily papers of ${p.date}`,
        description: `Papers featured on ${p.date}, ${orderWords(p.sort)}.`,
      };
    },
  },
  {
    name: 'week',
    summary: 'One ISO week of the feed',
    path: 'week/:week',
    page: '/papers/week/:week',
    params: z.object({ week, sort }),
    async find(deps, p, w) {
      const r = isoWeekRange(p.week!)!;
      return {
        ...(await period(deps, r, p.sort, w)),
        title: `Papers of week ${p.week}`,
        description: `Papers featured from ${r.from} to ${r.to}, ${orderWords(p.sort)}.`,
      };
    },
  },
  {
    name: 'month',
    summary: 'One month of the feed',
    path: 'month/:month',
    page: '/papers/month/:month',
    params: z.object({ month, sort }),
    async find(deps, p, w) {
      const r = monthRange(p.month!)!;
      return {
        ...(await period(deps, r, p.sort, w)),
        title: `Papers of ${p.month}`,
        description: `Papers featured from ${r.from} to ${r.to}, ${orderWords(p.sort)}.`,
      };
    },
  },
  {
    name: 'latest',
    summary: 'Every featured paper, newest feed day first',
    path: 'latest',
    page: '/papers/latest',
    params: z.object({
      sort: z.enum(['publishedAt'], { error: 'sort must be publishedAt' }).optional(),
    }),
    async find(deps, p, w) {
      const order = p.sort === 'publishedAt' ? 'submitted' : 'date-upvotes';
      return {
        ids: await featuredIds(deps.db, { order }, w),
        title: 'Latest featured papers',
        description:
          order === 'submitted'
            ? 'Papers as they are featured on the daily feed, newest first.'
            : 'Papers featured on the daily feed, newest day first, most upvoted first within a day.',
      };
    },
  },
  {
    name: 'trending',
    summary: 'Trending papers: recent upvotes and comments, decayed by age',
    path: 'trending',
    page: '/papers/trending',
    params: z.object({}),
    async find(deps, _p, w) {
      const ranked = (await rankedTrending(deps)).slice(w.offset, w.offset + w.limit);
      return {
        ids: ranked.map((r) => ({ paperId: r.id, entryId: r.entryId })),
        scores: new Map(ranked.map((r) => [r.id, r.trending])),
        title: 'Trending papers',
        description: 'What the community is upvoting and discussing right now.',
      };
    },
    explain: (config) => ({ text: trendingFormula(config), weights: { ...trendingWeights(config) } }),
  },
  {
    name: 'author',
    summary: "An author's papers, newest first",
    path: 'authors/:name',
    page: '/authors/:name',
    params: z.object({ name: text('name', 200) }),
    async find(deps, p, w) {
      const author = await findAuthor(deps.db, normalizeAuthorName(p.name!));
      if (!author) throw new NotFoundError(`No paper here has an author named "${p.name!.slice(0, 80)}".`);
      const { ids, total } = await authorPaperIds(deps.db, author.id, w);
      return {
        ids,
        total,
        params: { name: author.name },
        title: `Papers by ${author.name}`,
        description: `Papers by ${author.name}, newest first.`,
      };
    },
  },
  {
    name: 'organization',
    summary: 'Featured papers attributed to an organisation (imported from HF), newest feed day first',
    path: 'organizations/:org',
    page: '/organizations/:org',
    params: z.object({ org: text('org', 100) }),
    async find(deps, p, w) {
      const org = await findOrganization(deps.db, p.org!);
      if (!org) throw new NotFoundError(`No organisation "${p.org!.slice(0, 80)}" here.`);
      const q = { organizationId: org.id };
      const [ids, total] = await Promise.all([
        featuredIds(deps.db, { ...q, order: 'date-upvotes' }, w),
        countFeatured(deps.db, q),
      ]);
      return {
        ids,
        total,
        params: { org: org.name },
        title: `Papers of ${org.fullname}`,
        description: `Papers attributed to ${org.fullname}, newest feed day first.`,
      };
    },
  },
  {
    name: 'category',
    summary: 'Papers in an arXiv category, newest first',
    path: 'categories/:category',
    page: '/categories/:category',
    params: z.object({
      category: z
        .string({ error: 'category is required' })
        .regex(ARXIV_CATEGORY, 'not an arXiv category, e.g. cs.CL'),
    }),
    async find(deps, p, w) {
      return {
        ids: await categoryPaperIds(deps.db, p.category!, w),
        title: `New papers in ${p.category}`,
        description: `Papers in ${p.category} indexed here, newest first.`,
      };
    },
  },
  {
    name: 'user',
    summary: "A member's submissions to the feed, newest first",
    path: 'users/:handle',
    page: '/users/:handle',
    params: z.object({ handle: text('handle', 100) }),
    async find(deps, p, w) {
      // A member's handle; else the HF name of an imported user (HF clients ask by that name).
      const user = await findUserByPublicHandle(deps.db, p.handle!);
      if (!user || user.status === 'deleted')
        throw new NotFoundError(`There is no user @${p.handle!.slice(0, 40)}.`);
      return {
        ids: await featuredIds(deps.db, { submitterId: user.id, order: 'submitted' }, w),
        params: { handle: user.handle },
        title: `Papers submitted by ${user.displayName}`,
        description: `Papers @${user.handle} featured on the daily feed, newest first.`,
      };
    },
  },
  {
    name: 'new',
    summary:
      'New on arXiv: the papers of one announcement day (the newest by default), new submissions then cross-lists; cat=cs.CL,cs.LG filters (primary or cross-listed), replacements=1 adds replacements',
    path: 'new',
    page: '/papers/new/:date',
    params: z.object({
      date: date.optional(),
      cat: categories.optional(),
      replacements: z.enum(['0', '1'], { error: 'replacements must be 1 (show) or 0 (hide)' }).optional(),
    }),
    find: (deps, p, w) => findNewListing(deps.db, p, w),
  },
  {
    name: 'search',
    summary: 'A search (the query language of /search), best match first',
    path: 'search',
    page: '/search',
    params: z.object({ q: text('q (the search query)', 250) }),
    async find(deps, p, w) {
      const r = await searchPapers(searchDeps(deps), p.q!, { offset: w.offset, limit: w.limit });
      return {
        ids: r.hits.map((h) => h.card.id),
        title: `Search: ${p.q}`,
        description: `Papers matching “${p.q}”, best match first.`,
      };
    },
  },
  ...PERSONAL_KINDS,
];
