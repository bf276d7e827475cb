/**
 * Text features of the recommender: tf-idf over words and word pairs of the title and
 * abstract, hashed into DIM buckets (no vocabulary to store or keep in step), with
 * sublinear term frequency and unit length. Pure.
 */

/** Hashed feature space: 2^18 buckets keep collisions rare for ~100k distinct terms. */
export const DIM = 1 << 18;

/** Sparse vector: bucket indexes (ascending) and their weights. */
export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

const STOP = new Set(
  `a about above after all also an and any are as at based be been between both but by can could do does each
  for from has have how however in into is it its more most not of on one or our over such than that the their
  them then there these they this those through to towards under up use used using via was we were what when where
  which while who will with within without would paper propose proposed present show results approach method
  methods new novel work`.split(/\s+/),
);

/** Words of a text (lower case, letters and digits), stop words dropped, plus adjacent pairs. */
export function terms(text: string): string[] {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && !STOP.has(w) && !/^\d+$/.test(w));
  const out = words.slice();
  for (let i = 1; i < words.length; i++) out.push(`${words[i - 1]} ${words[i]}`);
  return out;
}

/** FNV-1a, 32 bits, folded into DIM buckets. */
export function bucket(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (DIM - 1);
}

/** The text a paper is represented by: the title counts twice. */
export function paperText(p: { title: string; abstract: string }): string {
  return `${p.title}. ${p.title}. ${p.abstract}`;
}

/** Term counts per bucket of one text. */
export function termCounts(text: string): Map<number, number> {
  const tf = new Map<number, number>();
  for (const t of terms(text)) {
    const b = bucket(t);
    tf.set(b, (tf.get(b) ?? 0) + 1);
  }
  return tf;
}

/** Inverse document frequencies from a corpus's term counts: log((N + 1) / (df + 1)) + 1. */
export function inverseFrequencies(docs: Iterable<Map<number, number>>): Float32Array {
  const df = new Uint32Array(DIM);
  let n = 0;
  for (const d of docs) {
    n++;
    for (const b of d.keys()) df[b] = (df[b] ?? 0) + 1;
  }
  const idf = new Float32Array(DIM);
  for (let b = 0; b < DIM; b++) idf[b] = Math.log((n + 1) / ((df[b] ?? 0) + 1)) + 1;
  return idf;
}

/** The unit-length tf-idf vector of term counts (1 + log tf). */
export function tfidf(tf: Map<number, number>, idf: Float32Array): SparseVec {
  const keys = [...tf.keys()].sort((a, b) => a - b);
  const idx = Int32Array.from(keys);
  const val = new Float32Array(keys.length);
  let norm = 0;
  keys.forEach((b, i) => {
    const w = (1 + Math.log(tf.get(b) ?? 1)) * (idf[b] ?? 1);
    val[i] = w;
    norm += w * w;
  });
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < val.length; i++) val[i] = (val[i] ?? 0) / norm;
  return { idx, val };
}

/** The vector cut to its `n` heaviest terms (for cheap approximate similarities). */
export function heaviest(v: SparseVec, n: number): SparseVec {
  if (v.idx.length <= n) return v;
  const keep = [...v.idx.keys()].sort((a, b) => (v.val[b] as number) - (v.val[a] as number)).slice(0, n);
  keep.sort((a, b) => a - b);
  return {
    idx: Int32Array.from(keep, (k) => v.idx[k] as number),
    val: Float32Array.from(keep, (k) => v.val[k] as number),
  };
}
