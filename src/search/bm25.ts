/**
 * BM25's parts that both engines' rankings share (pure): a word's idf, and column weights
 * saturated as BM25 saturates a term's frequency.
 */

/** Weights of a match in each field of a paper (SEARCH_WEIGHT_TITLE / _AUTHORS / _ABSTRACT). */
export interface ColumnWeights {
  title: number;
  authors: number;
  abstract: number;
}

/** BM25's idf of a word (or phrase) in `df` of `n` papers: never negative, whatever the count. */
export function bm25Idf(df: number, n: number): number {
  const d = Math.max(df, 0);
  return Math.log(1 + (Math.max(n, d) - d + 0.5) / (d + 0.5));
}

/**
 * PostgreSQL ts_rank's weight array {D, C, B, A} (abstract C, authors B, title A; D is
 * unused) from the column weights, each saturated as BM25 saturates a term's frequency
 * (x / (x + 1.2)) and scaled so the largest is 1: the title's 5 against the abstract's 1
 * then counts 1.8×, not 5× (SciFact nDCG@10: 0.6883 saturated, 0.6055 raw).
 */
export function tsRankWeights({ title, authors, abstract }: ColumnWeights): number[] {
  const sat = (x: number) => x / (x + 1.2);
  const max = Math.max(sat(title), sat(authors), sat(abstract), 1e-9);
  return [0, sat(abstract) / max, sat(authors) / max, sat(title) / max].map((x) => Math.round(x * 1e4) / 1e4);
}
