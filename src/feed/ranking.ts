/**
 * Trending: a transparent, time-decayed score (the Hacker News "gravity" formula). Pure.
 *
 *   points   = upvotes + COMMENT_WEIGHT × comments           (upvotes include imported ones)
 *   ageHours = hours since the paper was featured (≥ 0)
 *   score    = points / (ageHours + AGE_OFFSET_HOURS) ^ GRAVITY
 *
 * Units: ages in hours; GRAVITY is dimensionless (1.8 by default: a paper's score halves
 * every time its age plus two hours grows by ~47 %, so a paper featured a day ago needs
 * about 19× the points of one featured three hours ago to rank level with it). AGE_OFFSET_HOURS keeps a
 * paper featured a minute ago from dividing by ~0. All three are set in config
 * (TRENDING_GRAVITY, TRENDING_COMMENT_WEIGHT, TRENDING_AGE_OFFSET_HOURS).
 *
 * Ties: higher score, then more recently featured, then paper id — a total order, so the
 * list is stable between requests.
 */

export interface TrendingWeights {
  /** Exponent of the age decay (dimensionless). */
  gravity: number;
  /** Points one comment is worth; an upvote is worth 1. */
  commentWeight: number;
  /** Hours added to every age. */
  ageOffsetHours: number;
}

export const DEFAULT_TRENDING_WEIGHTS: TrendingWeights = {
  gravity: 1.8,
  commentWeight: 0.5,
  ageOffsetHours: 2,
};

const MS_PER_HOUR = 3_600_000;

export interface TrendingInput {
  /** Paper id: the last tie-break. */
  id: number;
  upvotes: number;
  commentCount: number;
  /** ISO instant the paper was featured on the feed. */
  featuredAt: string;
}

/** The score and every component behind it, so the API and the page can show their working. */
export interface TrendingScore {
  points: number;
  ageHours: number;
  /** (ageHours + ageOffsetHours) ^ gravity */
  decay: number;
  score: number;
}

export function trendingScore(
  p: Pick<TrendingInput, 'upvotes' | 'commentCount' | 'featuredAt'>,
  now: Date,
  w: TrendingWeights = DEFAULT_TRENDING_WEIGHTS,
): TrendingScore {
  const points = Math.max(0, p.upvotes) + w.commentWeight * Math.max(0, p.commentCount);
  // A featured time in the future (clock skew) counts as "just now".
  const ageHours = Math.max(0, (now.getTime() - Date.parse(p.featuredAt)) / MS_PER_HOUR);
  const decay = (ageHours + w.ageOffsetHours) ** w.gravity;
  return { points, ageHours, decay, score: points / decay };
}

/** Ranks papers by trending score (see the module comment for the order). */
export function rankTrending<T extends TrendingInput>(
  items: T[],
  now: Date,
  w: TrendingWeights = DEFAULT_TRENDING_WEIGHTS,
): (T & { trending: TrendingScore })[] {
  return items
    .map((it) => ({ ...it, trending: trendingScore(it, now, w) }))
    .sort(
      (a, b) =>
        b.trending.score - a.trending.score || b.featuredAt.localeCompare(a.featuredAt) || a.id - b.id,
    );
}
