/**
 * Use cases behind the JSON API, feeds and exports: which papers a request means.
 * Routes validate the parameters; these functions resolve them to `ApiPaper` lists.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { addDays, isoWeekRange, monthRange } from '../feed/dates.ts';
import { trendingScore } from '../feed/ranking.ts';
import { trendingWeights } from '../feed/trending.ts';
import type { ApiPaper } from '../papers/present.ts';
import type { Clock } from '../shared/clock.ts';
import { ValidationError } from '../shared/errors.ts';
import {
  findPaperIdByArxivId,
  listFeaturedIds,
  listPaperIdsAfter,
  listTrendingCandidates,
  loadApiPapers,
  type PaperCursor,
  type PaperRef,
} from './papers-api.repo.ts';

export interface ApiDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'TRENDING_GRAVITY' | 'TRENDING_COMMENT_WEIGHT' | 'TRENDING_AGE_OFFSET_HOURS'>;
}

export interface DailyPapersParams {
  /** Page index, from 0. */
  p: number;
  limit: number;
  date?: string;
  week?: string;
  month?: string;
  submitter?: string;
  category?: string;
  organization?: string;
  sort?: 'publishedAt' | 'trending';
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/** Inclusive feed-date range of a date / week / month parameter; undefined when none is given. */
export function rangeOf(params: { date?: string; week?: string; month?: string }): {
  from: string;
  to: string;
} | null {
  const given = [params.date, params.week, params.month].filter((v) => v !== undefined);
  if (given.length > 1) throw new ValidationError('Give at most one of date, week and month.');
  if (params.date) return { from: params.date, to: params.date };
  if (params.week) {
    const r = isoWeekRange(params.week);
    if (!r) throw new ValidationError(`"${params.week}" is not an ISO week; expected YYYY-Www.`);
    return r;
  }
  if (params.month) {
    const r = monthRange(params.month);
    if (!r) throw new ValidationError(`"${params.month}" is not a month; expected YYYY-MM.`);
    return r;
  }
  return null;
}

/**
 * Trending, as the API offers it: papers featured in the last `TRENDING_WINDOW_DAYS` (or
 * in the requested date / week / month), ranked by the same formula and configured
 * weights as /papers/trending (feed/ranking.ts).
 */
const TRENDING_WINDOW_DAYS = 7;

async function trendingIds(deps: ApiDeps, params: DailyPapersParams, offset: number, limit: number) {
  const now = deps.clock.now();
  const since = addDays(now.toISOString().slice(0, 10), -TRENDING_WINDOW_DAYS);
  const range = rangeOf(params);
  const candidates = (await listTrendingCandidates(deps.db, range?.from ?? since)).filter(
    (c) => !range || c.submittedAt.slice(0, 10) <= range.to,
  );
  return candidates
    .map((c) => ({
      id: c.id,
      entryId: c.entryId,
      score: trendingScore(
        { upvotes: c.upvotes, commentCount: c.comments, featuredAt: c.submittedAt },
        now,
        trendingWeights(deps.config),
      ).score,
    }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(offset, offset + limit)
    .map((c) => ({ paperId: c.id, entryId: c.entryId }));
}

/** `/api/daily_papers`: featured papers of a date, week, month or all time, paged. */
export async function dailyPapers(deps: ApiDeps, params: DailyPapersParams): Promise<Page<ApiPaper>> {
  const offset = params.p * params.limit;
  // One extra row tells whether a next page exists without counting.
  const want = params.limit + 1;
  let ids: PaperRef[];
  if (params.sort === 'trending' && !params.submitter && !params.category && !params.organization) {
    ids = await trendingIds(deps, params, offset, want);
  } else {
    const range = rangeOf(params);
    ids = await listFeaturedIds(deps.db, {
      ...(range ?? {}),
      submitter: params.submitter,
      category: params.category,
      organization: params.organization,
      order: params.sort === 'publishedAt' ? 'submitted' : range ? 'upvotes' : 'date-upvotes',
      offset,
      limit: want,
    });
  }
  const items = await loadApiPapers(deps.db, ids.slice(0, params.limit));
  return { items, hasMore: ids.length > params.limit };
}

export async function paperByArxivId(deps: ApiDeps, arxivId: string): Promise<ApiPaper | null> {
  const id = await findPaperIdByArxivId(deps.db, arxivId);
  if (id === null) return null;
  return (await loadApiPapers(deps.db, [id]))[0] ?? null;
}

/** Opaque cursors: base64url of the last row's sort key. */
export function encodeCursor(c: PaperCursor): string {
  return Buffer.from(JSON.stringify([c.publishedAt, c.id])).toString('base64url');
}

export function decodeCursor(s: string): PaperCursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isInteger(v[1])) {
      return { publishedAt: v[0], id: v[1] as number };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('cursor is not one this server issued; start again without it.');
}

/** `/api/papers`: every indexed paper, newest first, by cursor. */
export async function allPapers(
  deps: ApiDeps,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: ApiPaper[]; next: string | null }> {
  const rows = await listPaperIdsAfter(deps.db, cursor ? decodeCursor(cursor) : null, limit + 1);
  const page = rows.slice(0, limit);
  const items = await loadApiPapers(
    deps.db,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
}
