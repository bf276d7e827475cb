import { describe, expect, it } from 'vitest';
import { DEFAULT_TRENDING_WEIGHTS, rankTrending, trendingScore } from './ranking.ts';

const NOW = new Date('2026-08-21T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

describe('trendingScore', () => {
  it.each([
    // upvotes, comments, age (h), points, score
    [0, 0, 0, 0, 0],
    [10, 0, 0, 10, 10 / 2 ** 1.8],
    [10, 4, 0, 12, 12 / 2 ** 1.8],
    [10, 0, 22, 10, 10 / 24 ** 1.8],
    [100, 10, 46, 105, 105 / 48 ** 1.8],
  ])('%i upvotes, %i comments, %i h old → %f points', (upvotes, comments, age, points, score) => {
    const s = trendingScore({ upvotes, commentCount: comments, featuredAt: hoursAgo(age) }, NOW);
    expect(s.points).toBe(points);
    expect(s.ageHours).toBeCloseTo(age, 9);
    expect(s.score).toBeCloseTo(score, 12);
    expect(s.decay).toBeCloseTo((age + 2) ** 1.8, 9);
  });

  it('treats a featured time in the future as now', () => {
    const s = trendingScore({ upvotes: 3, commentCount: 0, featuredAt: hoursAgo(-5) }, NOW);
    expect(s.ageHours).toBe(0);
  });

  it('uses the configured weights', () => {
    const w = { gravity: 1, commentWeight: 2, ageOffsetHours: 1 };
    expect(trendingScore({ upvotes: 1, commentCount: 1, featuredAt: hoursAgo(2) }, NOW, w).score).toBeCloseTo(
      1,
      12,
    );
  });
});

describe('rankTrending', () => {
  it('lets a fresh paper with fewer votes beat an old one with many', () => {
    const ranked = rankTrending(
      [
        { id: 1, upvotes: 50, commentCount: 0, featuredAt: hoursAgo(48) },
        { id: 2, upvotes: 10, commentCount: 0, featuredAt: hoursAgo(3) },
        { id: 3, upvotes: 20, commentCount: 4, featuredAt: hoursAgo(12) },
      ],
      NOW,
      DEFAULT_TRENDING_WEIGHTS,
    );
    expect(ranked.map((r) => r.id)).toEqual([2, 3, 1]);
    expect(ranked[0]!.trending.score).toBeGreaterThan(ranked[1]!.trending.score);
  });

  it('breaks ties by featured time, then id, so the order is total', () => {
    const t = hoursAgo(5);
    const ranked = rankTrending(
      [
        { id: 2, upvotes: 0, commentCount: 0, featuredAt: t },
        { id: 1, upvotes: 0, commentCount: 0, featuredAt: t },
        { id: 3, upvotes: 0, commentCount: 0, featuredAt: hoursAgo(1) },
      ],
      NOW,
    );
    expect(ranked.map((r) => r.id)).toEqual([3, 1, 2]);
  });
});
