/**
 * Result fusion. Pure: no I/O.
 *
 * Weighted reciprocal rank fusion (Cormack et al., 2009): a paper at 1-based rank r in
 * list i earns w_i / (k + r); its fused score is the sum over lists. RRF needs no score
 * calibration between bm25 and cosine similarity, which is why it is used here.
 *
 * Two mild priors then multiply the fused score, so they reorder near-ties and never
 * lift an irrelevant paper over a relevant one:
 *   recency    = 0.5 ^ (age in days / half-life)             in [0, 1]
 *   popularity = min(1, ln(1 + upvotes) / ln(1 + 100))        in [0, 1]
 *   final      = rrf × (1 + recencyWeight × recency + popularityWeight × popularity)
 * Adjacent ranks near the top of an RRF list differ by only ~1.6% (k = 60), so the
 * default weights are small (0.02 each): a new, much-upvoted paper moves up about one
 * place among near-equals, never from the second page to the first.
 */

export interface RankedList {
  /** Which retriever produced it (lexical, semantic): returned in the score parts. */
  name: string;
  weight: number;
  /** Paper ids, best first. */
  ids: number[];
}

export interface FusionSettings {
  /** RRF constant k: larger flattens the difference between ranks. */
  k: number;
  recencyWeight: number;
  recencyHalfLifeDays: number;
  popularityWeight: number;
}

export interface PriorFacts {
  publishedAt: string;
  upvotes: number;
}

export interface Fused {
  id: number;
  score: number;
  /** Each list's contribution and each prior's value, for explaining a ranking. */
  parts: Record<string, number>;
}

const DAY_MS = 86_400_000;

export function fuse(
  lists: RankedList[],
  settings: FusionSettings,
  facts?: Map<number, PriorFacts>,
  now?: Date,
): Fused[] {
  const out = new Map<number, Fused>();
  for (const list of lists) {
    list.ids.forEach((id, i) => {
      let f = out.get(id);
      if (!f) {
        f = { id, score: 0, parts: {} };
        out.set(id, f);
      }
      const c = list.weight / (settings.k + i + 1);
      f.parts[list.name] = (f.parts[list.name] ?? 0) + c;
      f.score += c;
    });
  }
  if (facts && now) {
    for (const f of out.values()) {
      const fact = facts.get(f.id);
      if (!fact) continue;
      const recency = recencyPrior(fact.publishedAt, now, settings.recencyHalfLifeDays);
      const popularity = popularityPrior(fact.upvotes);
      f.parts.recency = recency;
      f.parts.popularity = popularity;
      f.score *= 1 + settings.recencyWeight * recency + settings.popularityWeight * popularity;
    }
  }
  // Ties keep the first list's order (a stable, explainable result).
  const firstRank = new Map<number, number>();
  lists.forEach((l) => {
    l.ids.forEach((id, i) => {
      if (!firstRank.has(id)) firstRank.set(id, i);
    });
  });
  return [...out.values()].sort((a, b) => b.score - a.score || firstRank.get(a.id)! - firstRank.get(b.id)!);
}

export function recencyPrior(publishedAt: string, now: Date, halfLifeDays: number): number {
  const t = Date.parse(publishedAt);
  if (!Number.isFinite(t) || halfLifeDays <= 0) return 0;
  const ageDays = Math.max(0, (now.getTime() - t) / DAY_MS);
  return 0.5 ** (ageDays / halfLifeDays);
}

export function popularityPrior(upvotes: number): number {
  if (!(upvotes > 0)) return 0;
  return Math.min(1, Math.log1p(upvotes) / Math.log1p(100));
}
