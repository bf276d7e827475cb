/**
 * The similar-papers index (pure): every paper as a tf-idf vector over the features of
 * `similar-text.ts` (stemmed words and adjacent word pairs), held in memory as an
 * inverted file, so a query scores by exact cosine every paper sharing a feature with it.
 * Word and pair document frequencies are counted exactly while building (the search
 * index counts no pairs), and each paper's posting weights are already divided by its
 * vector length.
 *
 * Compact: features are 32-bit hashes (sorted, looked up by binary search), postings are
 * paper positions and 16-bit weights in flat typed arrays; features in fewer than
 * `minDf` papers (no other paper shares them) or in more than `MAX_DF_SHARE` of them
 * (they say nothing about a topic) are not indexed. Built in two passes over the papers'
 * texts in id order: count, then fill.
 *
 * At scale, the features in more than `listedUpTo(papers)` papers keep their document
 * frequency but no postings: their lists are the longest (a query's cost and most of the
 * memory) and each posting weighs little. A query having such features scores every
 * paper by its other features, then re-scores the best `RESCORED` by their whole vectors
 * (`rescored`, from their texts): the same cosine, so the same ranking whenever the
 * papers it should find are among those (docs/SEARCH.md measures it).
 */
import { MAX_DF_SHARE, type PaperFeatures, paperFeatures } from './similar-text.ts';

/**
 * A feature must be in this many papers to be indexed: 5, as arxiv-sanity-lite's (rare
 * shared features are more often coincidence than topic: measured in docs/SEARCH.md),
 * but at most one paper in 2,000 and at least 2, so a small instance's words still match.
 */
export const minDf = (papers: number) => Math.min(5, Math.max(2, Math.floor(papers / 2000)));
/** Counting stops being exact beyond this many distinct features: features seen once are dropped. */
const MAX_COUNTED = 12_000_000;
const WEIGHT_SCALE = 65_535;
/** Every feature in up to this many papers has postings (so up to 100,000 papers, all of them). */
const LISTED_MIN = 10_000;
/** Beyond, a feature in more than this share of the papers has none (measured in docs/SEARCH.md). */
const LISTED_SHARE = 0.01;
/** How many papers the features with postings choose, for `rescored` to re-rank. */
export const RESCORED = 100;

/** The most papers a feature with postings is in. */
export const listedUpTo = (papers: number) => Math.max(LISTED_MIN, Math.floor(LISTED_SHARE * papers));

export interface IndexedText {
  id: number;
  title: string;
  abstract: string;
}

export interface SimilarIndex {
  /** Paper ids, ascending; a paper's position here is its number in the postings. */
  ids: Int32Array;
  /** Hashes of the indexed features, ascending. */
  hashes: Uint32Array;
  /** Feature i's postings are `offsets[i] .. offsets[i + 1]`, in paper order. */
  offsets: Uint32Array;
  /** Feature i's document frequency: its number of postings, or none past `listedUpTo`. */
  df: Uint32Array;
  /** Features in more papers than this have no postings. */
  listedUpTo: number;
  docs: Uint32Array;
  /** Each posting's weight in its paper's unit vector, times `WEIGHT_SCALE`. */
  weights: Uint16Array;
  /** Scratch scores, one per paper (queries run one at a time: they are synchronous). */
  scores: Float32Array;
  /** Papers counted for idf. */
  papers: number;
  bytes: number;
}

/** FNV-1a, 32 bits: a feature's identity in the index. */
export function featureHash(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const idfOf = (df: number, n: number) => Math.log((1 + n) / (1 + df)) + 1;

/**
 * Builds the index from `batches()`, called twice (two passes; each yields the papers
 * in ascending id order). `pause` runs between batches, to let a server answer requests.
 */
export async function buildSimilarIndex(
  batches: () => AsyncIterable<IndexedText[]>,
  pause: () => Promise<void> = async () => {},
  listed = listedUpTo,
): Promise<SimilarIndex> {
  // Pass 1: the ids, and the document frequency of every feature.
  const df = new Map<number, number>();
  const idList: number[] = [];
  for await (const batch of batches()) {
    for (const p of batch) {
      idList.push(p.id);
      for (const f of paperFeatures(p.title, p.abstract).counts.keys()) {
        const h = featureHash(f);
        df.set(h, (df.get(h) ?? 0) + 1);
      }
    }
    if (df.size > MAX_COUNTED) for (const [h, c] of df) if (c === 1) df.delete(h);
    await pause();
  }
  const ids = Int32Array.from(idList);
  const n = Math.max(ids.length, 1);
  const maxDf = Math.max(MAX_DF_SHARE * n, 50);
  const kept: number[] = [];
  const least = minDf(n);
  for (const [h, d] of df) if (d >= least && d <= maxDf) kept.push(h);
  const hashes = Uint32Array.from(kept).sort();
  kept.length = 0;
  const upTo = listed(n);
  const offsets = new Uint32Array(hashes.length + 1);
  const dfs = Uint32Array.from(hashes, (h) => df.get(h)!);
  df.clear();
  for (let i = 0; i < hashes.length; i++) offsets[i + 1] = offsets[i]! + (dfs[i]! <= upTo ? dfs[i]! : 0);
  const total = offsets[hashes.length]!;
  const index: SimilarIndex = {
    ids,
    hashes,
    offsets,
    df: dfs,
    listedUpTo: upTo,
    docs: new Uint32Array(total),
    weights: new Uint16Array(total),
    scores: new Float32Array(ids.length),
    papers: n,
    bytes: 0,
  };
  // Pass 2: each paper's unit vector, written into its features' postings. A posting
  // beyond its feature's count (the text changed between the passes, or a feature
  // without postings) is dropped.
  const next = offsets.slice(0, hashes.length);
  for await (const batch of batches()) {
    for (const p of batch) {
      const doc = positionOf(ids, p.id);
      if (doc < 0) continue;
      const { terms, norm } = indexedTerms(index, paperFeatures(p.title, p.abstract));
      for (const [i, w] of terms) {
        if (next[i]! >= offsets[i + 1]!) continue;
        index.docs[next[i]!] = doc;
        index.weights[next[i]!] = Math.max(1, Math.round((w / norm) * WEIGHT_SCALE));
        next[i]!++;
      }
    }
    await pause();
  }
  index.bytes =
    ids.byteLength +
    hashes.byteLength +
    offsets.byteLength +
    index.docs.byteLength +
    index.weights.byteLength +
    dfs.byteLength +
    index.scores.byteLength;
  return index;
}

function positionOf(sorted: Int32Array | Uint32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A text's indexed features (position in `hashes`) with their tf-idf weights, and the vector's length. */
function indexedTerms(index: SimilarIndex, f: PaperFeatures) {
  const terms: [number, number][] = [];
  const names: string[] = [];
  let norm2 = 0;
  for (const [feature, tf] of f.counts) {
    const i = positionOf(index.hashes, featureHash(feature));
    if (i < 0) continue;
    const w = (1 + Math.log(tf)) * idfOf(index.df[i]!, index.papers);
    terms.push([i, w]);
    names.push(feature);
    norm2 += w * w;
  }
  return { terms, names, norm: Math.sqrt(norm2) || 1 };
}

export interface IndexQuery {
  /** Indexed features (positions) with their weights. */
  terms: [number, number][];
  names: string[];
  /** Some of the features have no postings: rank the best `RESCORED` by `rescored`. */
  partial: boolean;
}

/** A paper's query against the index: its indexed features (positions, weights) and their names. */
export function indexQuery(index: SimilarIndex, f: PaperFeatures): IndexQuery {
  const { terms, names } = indexedTerms(index, f);
  return { terms, names, partial: terms.some(([i]) => index.df[i]! > index.listedUpTo) };
}

/**
 * Papers re-scored by their whole vectors (their texts; features without postings
 * included), best `k` first, each with its shared features' parts of the score: the
 * ranking of a `partial` query's best `RESCORED`.
 */
export function rescored(
  index: SimilarIndex,
  query: IndexQuery,
  texts: IndexedText[],
  k: number,
): { id: number; score: number; parts: [feature: string, part: number][] }[] {
  const at = new Map(query.terms.map(([i], t) => [i, t]));
  return texts
    .map((text) => {
      const { terms, norm } = indexedTerms(index, paperFeatures(text.title, text.abstract));
      const parts: [string, number][] = [];
      let score = 0;
      for (const [i, w] of terms) {
        const t = at.get(i);
        if (t === undefined) continue;
        // On the scale of nearestPapers' scores (the query's weights, the paper's unit vector).
        const part = (query.terms[t]![1] * w) / norm;
        score += part;
        parts.push([query.names[t]!, part]);
      }
      return { id: text.id, score, parts };
    })
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, k);
}

/**
 * The features paper `id` shares with a query, each with its part of the score (the
 * query's weight times the paper's): a binary search of each query feature's postings,
 * which are in paper order.
 */
export function sharedWith(
  index: SimilarIndex,
  query: IndexQuery,
  id: number,
): [feature: string, part: number][] {
  const doc = positionOf(index.ids, id);
  const parts: [string, number][] = [];
  if (doc < 0) return parts;
  query.terms.forEach(([i, w], t) => {
    const p = positionOf(index.docs.subarray(index.offsets[i]!, index.offsets[i + 1]!), doc);
    if (p >= 0) parts.push([query.names[t]!, w * index.weights[index.offsets[i]! + p]!]);
  });
  return parts;
}

/**
 * The `k` papers whose vectors are closest to the query's by cosine (every paper sharing
 * an indexed feature is scored), best first; never the paper `exclude`.
 */
export function nearestPapers(
  index: SimilarIndex,
  terms: [number, number][],
  k: number,
  exclude: number,
): { id: number; score: number }[] {
  const { scores, docs, weights, offsets } = index;
  const touched: number[] = [];
  for (const [i, w] of terms) {
    const q = w / WEIGHT_SCALE;
    for (let p = offsets[i]!, end = offsets[i + 1]!; p < end; p++) {
      const d = docs[p]!;
      if (scores[d] === 0) touched.push(d);
      scores[d]! += q * weights[p]!;
    }
  }
  const best: { id: number; score: number }[] = [];
  for (const d of touched) {
    const score = scores[d]!;
    scores[d] = 0;
    const id = index.ids[d]!;
    if (id === exclude || score <= 0) continue;
    if (best.length === k) {
      const last = best[k - 1]!;
      if (score < last.score || (score === last.score && id < last.id)) continue;
      best.pop();
    }
    let j = best.length;
    while (j > 0 && (best[j - 1]!.score < score || (best[j - 1]!.score === score && best[j - 1]!.id < id)))
      j--;
    best.splice(j, 0, { id, score });
  }
  return best;
}
