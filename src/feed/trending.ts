/** Trending papers: recent featured papers ranked by feed/ranking.ts with the configured weights. */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { PaperListItem } from '../papers/types.ts';
import type { Clock } from '../shared/clock.ts';
import { rankTrending, type TrendingScore, type TrendingWeights } from './ranking.ts';
import { listRecentlyFeatured } from './trending.repo.ts';

/** How many of the most recently featured papers are ranked. */
export const TRENDING_CANDIDATES = 500;

export function trendingWeights(
  config: Pick<Config, 'TRENDING_GRAVITY' | 'TRENDING_COMMENT_WEIGHT' | 'TRENDING_AGE_OFFSET_HOURS'>,
): TrendingWeights {
  return {
    gravity: config.TRENDING_GRAVITY,
    commentWeight: config.TRENDING_COMMENT_WEIGHT,
    ageOffsetHours: config.TRENDING_AGE_OFFSET_HOURS,
  };
}

export type TrendingPaper = PaperListItem & { trending: TrendingScore };

export async function trendingPapers(
  deps: { db: Db; clock: Clock; config: Config },
  limit = 50,
): Promise<TrendingPaper[]> {
  const candidates = await listRecentlyFeatured(deps.db, TRENDING_CANDIDATES);
  const ranked = rankTrending(
    candidates.map((c) => ({ ...c, featuredAt: c.submittedAt ?? c.publishedAt })),
    deps.clock.now(),
    trendingWeights(deps.config),
  );
  return ranked.slice(0, limit);
}
