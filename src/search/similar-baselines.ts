/**
 * Baselines for `paperboy eval similar`, measured in the same run as Paperboy's own
 * method (pure: no I/O):
 * - tf-idf cosine over word 1–2-grams;
 * - an exemplar SVM in the manner of arxiv-sanity-lite: a linear SVM trained per query
 *   paper (the one positive) against every other paper (negatives), papers ranked by its
 *   decision value.
 * The features follow arxiv-sanity-lite's published settings: accents stripped,
 * lower-cased, tokens `[a-z_][a-z0-9_]+`, English stop words dropped, 1–2-grams,
 * min df 5, max df 10 %, the 20,000 most frequent features, sublinear tf, smoothed idf,
 * l2-normalised; the SVM is L2-regularised squared hinge with C = 0.1, balanced class
 * weights and a (regularised) bias feature of 1, as liblinear fits it. Unlike
 * arxiv-sanity-lite, author names are not part of the text (the evaluation's relevance
 * comes from authors).
 */
import { STOPWORDS } from './query-parser.ts';

/** A sparse l2-normalised vector: feature indices ascending, with their weights. */
export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

export interface TfidfOptions {
  minDf: number;
  maxDfShare: number;
  maxFeatures: number;
}

export const SANITY_TFIDF: TfidfOptions = { minDf: 5, maxDfShare: 0.1, maxFeatures: 20_000 };

/** Lower-cased, accent-free tokens with stop words dropped, then their bigrams. */
export function grams(text: string): string[] {
  const tokens = (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/\b[a-z_][a-z0-9_]+\b/g) ?? []
  ).filter((t) => !STOPWORDS.has(t));
  const out = tokens.slice();
  for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1]} ${tokens[i]}`);
  return out;
}

/** Fits the vocabulary and idf on `texts` and returns every text's vector. */
export function tfidfVectors(texts: string[], opts: TfidfOptions = SANITY_TFIDF): SparseVec[] {
  const docs = texts.map(grams);
  const df = new Map<string, number>();
  const total = new Map<string, number>();
  for (const g of docs) {
    for (const t of g) total.set(t, (total.get(t) ?? 0) + 1);
    for (const t of new Set(g)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = texts.length;
  const maxDf = opts.maxDfShare * n;
  const kept = [...df.entries()]
    .filter(([, d]) => d >= opts.minDf && d <= maxDf)
    .map(([t]) => t)
    // Most frequent in the corpus first; ties alphabetical, so runs are reproducible.
    .sort((a, b) => total.get(b)! - total.get(a)! || (a < b ? -1 : 1))
    .slice(0, opts.maxFeatures)
    .sort();
  const index = new Map(kept.map((t, i) => [t, i]));
  const idf = kept.map((t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1);
  return docs.map((g) => {
    const tf = new Map<number, number>();
    for (const t of g) {
      const i = index.get(t);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    const idx = Int32Array.from([...tf.keys()].sort((a, b) => a - b));
    const val = Float32Array.from(idx, (i) => (1 + Math.log(tf.get(i)!)) * idf[i]!);
    let norm = 0;
    for (const v of val) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < val.length; j++) val[j]! /= norm;
    return { idx, val };
  });
}

/** The `k` best-scored documents other than `self`, best first. */
export function topK(scores: Float64Array | number[], k: number, self: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (i === self) continue;
    const s = scores[i]!;
    if (best.length === k && s <= scores[best[k - 1]!]!) continue;
    let p = best.length < k ? best.length : k - 1;
    while (p > 0 && scores[best[p - 1]!]! < s) {
      best[p] = best[p - 1]!;
      p--;
    }
    best[p] = i;
  }
  return best;
}

/** tf-idf cosine: the documents whose vectors point the most the same way. */
export function cosineRank(vecs: SparseVec[], q: number, k: number): number[] {
  const query = new Float64Array(dimension(vecs));
  vecs[q]!.idx.forEach((f, j) => {
    query[f] = vecs[q]!.val[j]!;
  });
  return topK(linearScores(vecs, query, 0), k, q);
}

function dimension(vecs: SparseVec[]): number {
  let dim = 0;
  for (const v of vecs) if (v.idx.length) dim = Math.max(dim, v.idx[v.idx.length - 1]! + 1);
  return dim;
}

/** `w·x + bias` for every vector. */
function linearScores(vecs: SparseVec[], w: Float64Array, bias: number): Float64Array {
  const scores = new Float64Array(vecs.length);
  for (let i = 0; i < vecs.length; i++) {
    const x = vecs[i]!;
    let s = bias;
    for (let j = 0; j < x.idx.length; j++) s += w[x.idx[j]!]! * x.val[j]!;
    scores[i] = s;
  }
  return scores;
}

export interface SvmOptions {
  c: number;
  /** Stop when the largest projected-gradient violation is below this. */
  tol: number;
  maxEpochs: number;
}

export const SANITY_SVM: SvmOptions = { c: 0.1, tol: 1e-2, maxEpochs: 1000 };

/**
 * Exemplar SVM: trains `min ½‖w‖² + Σ Cᵢ max(0, 1 − yᵢ w·xᵢ)²` with paper `q` the only
 * positive, by dual coordinate descent with liblinear's shrinking (Hsieh et al. 2008,
 * liblinear's solver for this loss; stops when the projected gradients span less than
 * `tol`), and ranks every other paper by `w·x + b`.
 */
export function exemplarSvmRank(
  vecs: SparseVec[],
  q: number,
  k: number,
  opts: SvmOptions = SANITY_SVM,
): number[] {
  const n = vecs.length;
  const dim = dimension(vecs);
  const w = new Float64Array(dim + 1); // last: the bias feature (value 1)
  const alpha = new Float64Array(n);
  // Balanced class weights: n / (2 · class size).
  const cPos = (opts.c * n) / 2;
  const cNeg = (opts.c * n) / (2 * (n - 1));
  const diag = Float64Array.from({ length: n }, (_, i) => 0.5 / (i === q ? cPos : cNeg));
  const qii = Float64Array.from(vecs, (x, i) => x.val.reduce((a, v) => a + v * v, 1) + diag[i]!);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let active = n;
  let maxOld = Number.POSITIVE_INFINITY;
  let seed = 1;
  for (let epoch = 0; epoch < opts.maxEpochs; epoch++) {
    for (let i = active - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let maxNew = Number.NEGATIVE_INFINITY;
    let minNew = Number.POSITIVE_INFINITY;
    for (let s = 0; s < active; s++) {
      const i = order[s]!;
      const x = vecs[i]!;
      const y = i === q ? 1 : -1;
      let wx = w[dim]!;
      for (let j = 0; j < x.idx.length; j++) wx += w[x.idx[j]!]! * x.val[j]!;
      const g = y * wx - 1 + diag[i]! * alpha[i]!;
      let pg = g;
      if (alpha[i] === 0) {
        if (g > maxOld) {
          // At its bound and likely to stay there: leave it out until the final check.
          active--;
          [order[s], order[active]] = [order[active]!, order[s]!];
          s--;
          continue;
        }
        if (g > 0) pg = 0;
      }
      maxNew = Math.max(maxNew, pg);
      minNew = Math.min(minNew, pg);
      if (Math.abs(pg) < 1e-12) continue;
      const old = alpha[i]!;
      alpha[i] = Math.max(old - g / qii[i]!, 0);
      const step = (alpha[i]! - old) * y;
      for (let j = 0; j < x.idx.length; j++) w[x.idx[j]!]! += step * x.val[j]!;
      w[dim]! += step;
    }
    if (maxNew - minNew <= opts.tol) {
      if (active === n) break;
      active = n; // converged on the active set: check every coordinate once more
      maxOld = Number.POSITIVE_INFINITY;
      continue;
    }
    maxOld = maxNew <= 0 ? Number.POSITIVE_INFINITY : maxNew;
  }
  return topK(linearScores(vecs, w, w[dim]!), k, q);
}
