/**
 * The papers a member's list is ranked from (the window), as tf-idf vectors packed in
 * compressed rows, with what ranking and reasons need beside them. Built once per window
 * and shared by every member. Pure.
 */
import { normalizeAuthorName } from '../../papers/names.ts';
import { DIM, inverseFrequencies, paperText, type SparseVec, termCounts, tfidf } from './features.ts';

export interface CorpusRow {
  id: number;
  title: string;
  abstract: string;
  authorsText: string;
  categories: string;
  upvotes: number;
  publishedAt: string;
}

export interface Corpus {
  ids: Int32Array;
  /** Row i's entries are idx/val[offsets[i] .. offsets[i+1]). */
  offsets: Int32Array;
  idx: Int32Array;
  val: Float32Array;
  upvotes: Float32Array;
  idf: Float32Array;
  /** Paper id → row. */
  rowOf: Map<number, number>;
  rows: CorpusRow[];
}

export function buildCorpus(rows: CorpusRow[]): Corpus {
  const counts = rows.map((r) => termCounts(paperText(r)));
  const idf = inverseFrequencies(counts);
  const vecs = counts.map((c) => tfidf(c, idf));
  const nnz = vecs.reduce((n, v) => n + v.idx.length, 0);
  const offsets = new Int32Array(rows.length + 1);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  let at = 0;
  vecs.forEach((v, i) => {
    idx.set(v.idx, at);
    val.set(v.val, at);
    at += v.idx.length;
    offsets[i + 1] = at;
  });
  return {
    ids: Int32Array.from(rows, (r) => r.id),
    offsets,
    idx,
    val,
    upvotes: Float32Array.from(rows, (r) => r.upvotes),
    idf,
    rowOf: new Map(rows.map((r, i) => [r.id, i])),
    rows,
  };
}

/** The vector of row i (a view, no copy). */
export function rowVector(c: Corpus, i: number): SparseVec {
  const a = c.offsets[i] as number;
  const b = c.offsets[i + 1] as number;
  return { idx: c.idx.subarray(a, b), val: c.val.subarray(a, b) };
}

/** The vector of any paper, with the corpus's idf (for papers outside the window). */
export function vectorize(c: Corpus, p: { title: string; abstract: string }): SparseVec {
  return tfidf(termCounts(paperText(p)), c.idf);
}

export function authorKeys(authorsText: string): string[] {
  return authorsText.split(/,\s*/).map(normalizeAuthorName).filter(Boolean);
}

/** Scratch space for dense weights, reused (one request at a time per process runs this). */
const dense = new Float32Array(DIM);

/** w·x + b of every row, through one dense scatter of the sparse weights. */
export function scoreRows(c: Corpus, w: { idx: Int32Array; val: Float64Array; bias: number }): Float64Array {
  for (let k = 0; k < w.idx.length; k++) dense[w.idx[k] as number] = w.val[k] as number;
  const out = new Float64Array(c.ids.length);
  const { offsets, idx, val } = c;
  for (let i = 0; i < out.length; i++) {
    let s = w.bias;
    const end = offsets[i + 1] as number;
    for (let k = offsets[i] as number; k < end; k++)
      s += (dense[idx[k] as number] as number) * (val[k] as number);
    out[i] = s;
  }
  for (let k = 0; k < w.idx.length; k++) dense[w.idx[k] as number] = 0;
  return out;
}
