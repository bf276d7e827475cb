/**
 * Trending, defined once: which featured papers it ranks (the window) and how (the
 * formula of feed/ranking.ts with the configured weights). Every surface — the page, the
 * API, feeds, exports, digests — gets trending from here through the list engine.
 *
 * Window: the last TRENDING_WINDOW_DAYS feed days up to today. When those hold no papers
 * (a quiet instance, or a fresh demo install whose newest featured day is months old),
 * the TRENDING_WINDOW_DAYS most recent feed days that have papers, so trending is never
 * empty while anything is featured.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { addDays, todaysFeedDate } from './dates.ts';
import { recentFeedDates, trendingCandidates } from './featured.repo.ts';
import { rankTrending, type TrendingScore, type TrendingWeights } from './ranking.ts';

export type TrendingConfig = Pick<
  Config,
  | 'TRENDING_GRAVITY'
  | 'TRENDING_COMMENT_WEIGHT'
  | 'TRENDING_AGE_OFFSET_HOURS'
  | 'TRENDING_WINDOW_DAYS'
  | 'PAPERBOY_TIMEZONE'
  | 'FEED_ROLLOVER'
>;

export interface TrendingDeps {
  db: Db;
  clock: Clock;
  config: TrendingConfig;
}

export function trendingWeights(config: TrendingConfig): TrendingWeights {
  return {
    gravity: config.TRENDING_GRAVITY,
    commentWeight: config.TRENDING_COMMENT_WEIGHT,
    ageOffsetHours: config.TRENDING_AGE_OFFSET_HOURS,
  };
}

/** The formula in words, with this instance's weights: pages and docs show it. */
export function trendingFormula(config: TrendingConfig): string {
  const w = trendingWeights(config);
  return (
    `score = (upvotes + ${w.commentWeight} × comments) ÷ (hours since featured + ${w.ageOffsetHours})^${w.gravity}, ` +
    `over the last ${config.TRENDING_WINDOW_DAYS} feed days (or the latest ${config.TRENDING_WINDOW_DAYS} with papers)`
  );
}

export interface RankedTrending {
  id: number;
  /** The entry the paper trends from (its latest in the window). */
  entryId: number;
  trending: TrendingScore;
}

/**
 * Featured papers ranked by trending score: those of `range` when given (a day, week or
 * month sorted by trending), else those of the trending window.
 */
export async function rankedTrending(
  deps: TrendingDeps,
  range?: { from: string; to: string },
): Promise<RankedTrending[]> {
  let candidates: Awaited<ReturnType<typeof trendingCandidates>>;
  if (range) candidates = await trendingCandidates(deps.db, range);
  else {
    const today = todaysFeedDate(deps);
    const days = deps.config.TRENDING_WINDOW_DAYS;
    candidates = await trendingCandidates(deps.db, { from: addDays(today, 1 - days), to: today });
    if (candidates.length === 0) {
      const recent = await recentFeedDates(deps.db, today, days);
      if (recent.length > 0)
        candidates = await trendingCandidates(deps.db, { from: recent.at(-1)!, to: recent[0]! });
    }
  }
  const entryOf = new Map(candidates.map((c) => [c.id, c.entryId]));
  return rankTrending(
    candidates.map((c) => ({
      id: c.id,
      upvotes: c.upvotes,
      commentCount: c.comments,
      featuredAt: c.submittedAt,
    })),
    deps.clock.now(),
    trendingWeights(deps.config),
  ).map((r) => ({ id: r.id, entryId: entryOf.get(r.id)!, trending: r.trending }));
}
