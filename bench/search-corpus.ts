/**
 * Corpora and queries for bench/search.ts, all deterministic:
 * - the real CS papers of ../shared/data/arxiv-metadata/daily-arxiv-ai-enhanced (22k), or
 *   the bundled demo when that folder is absent;
 * - a synthetic corpus of any size made from those real records: each synthetic paper
 *   takes a real title, a second real title's words spliced in, abstract sentences from
 *   three real papers and a real author list, so term statistics stay realistic;
 * - 500 realistic queries: title fragments, topic phrases, author names, common terms.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';

export interface BenchPaper {
  arxivId: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  publishedAt: string;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shared data folder beside the checkout (../shared/data), or BENCH_DATA_DIR. */
const SUB = 'arxiv-metadata/daily-arxiv-ai-enhanced';
export const REAL_DIR =
  [process.env.BENCH_DATA_DIR, '../../shared/data', '../../../shared/data']
    .filter((d): d is string => !!d)
    .map((d) => path.resolve(import.meta.dirname, d, SUB))
    .find((d) => fs.existsSync(d)) ?? path.resolve(import.meta.dirname, '../../shared/data', SUB);

export async function loadRealPapers(): Promise<BenchPaper[]> {
  const byId = new Map<string, BenchPaper>();
  if (!fs.existsSync(REAL_DIR)) throw new Error(`${REAL_DIR} is missing: the real corpus is needed`);
  for (const f of fs
    .readdirSync(REAL_DIR)
    .filter((n) => n.endsWith('.jsonl.gz'))
    .sort()) {
    const day = f.slice(0, 10);
    const input = fs.createReadStream(path.join(REAL_DIR, f)).pipe(zlib.createGunzip());
    for await (const line of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as {
        id: string;
        title: string;
        summary: string;
        authors: string[];
        categories: string[];
      };
      if (!byId.has(r.id))
        byId.set(r.id, {
          arxivId: r.id,
          title: r.title.replace(/\s+/g, ' ').trim(),
          abstract: r.summary.replace(/\s+/g, ' ').trim(),
          authors: r.authors,
          categories: r.categories,
          publishedAt: `${day}T00:00:00.000Z`,
        });
    }
  }
  return [...byId.values()];
}

/** `n` papers built from real ones (ids 1501.00001 onwards: valid, never real ones here). */
export function* syntheticPapers(real: BenchPaper[], n: number, seed = 7): Generator<BenchPaper> {
  const r = rng(seed);
  const sentences = real.map((p) => p.abstract.split(/(?<=\.)\s+/));
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  for (let i = 0; i < n; i++) {
    const base = real[i % real.length]!;
    const other = pick(real);
    const tw = base.title.split(' ');
    const ow = other.title.split(' ');
    const cut = Math.max(1, Math.floor(tw.length * (0.4 + 0.4 * r())));
    const title = [...tw.slice(0, cut), ...ow.slice(Math.floor(ow.length / 2))].join(' ');
    const abstract = [pick(sentences), pick(sentences), pick(sentences)]
      .map((s) => s.slice(0, 3).join(' '))
      .join(' ');
    const month = Math.floor(i / 99_999);
    const yy = 15 + Math.floor(month / 12);
    const mm = (month % 12) + 1;
    const arxivId = `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String((i % 99_999) + 1).padStart(5, '0')}`;
    yield {
      arxivId,
      title,
      abstract,
      authors: base.authors,
      categories: base.categories,
      publishedAt: `20${yy}-${String(mm).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00.000Z`,
    };
  }
}

export const COMMON = [
  'learning',
  'model',
  'language',
  'neural',
  'transformer',
  'diffusion',
  'agents',
  'reasoning',
  'graph',
  'image',
  'reinforcement learning',
  'large language models',
  'benchmark',
  'segmentation',
  'robot',
  'attention',
  'retrieval',
  'video',
  'optimization',
  'dataset',
];

/** 500 queries a lab would type: 40% title fragments, 25% topic phrases, 15% authors, 20% common terms. */
export function benchQueries(real: BenchPaper[], n = 500, seed = 11): string[] {
  const r = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r();
    const p = pick(real);
    const words = p.title.split(' ').filter((w) => /[A-Za-z]/.test(w));
    if (kind < 0.4 && words.length >= 3) {
      const len = 2 + Math.floor(r() * 3);
      const at = Math.floor(r() * Math.max(1, words.length - len));
      out.push(words.slice(at, at + len).join(' '));
    } else if (kind < 0.65 && words.length >= 2) {
      const at = Math.floor(r() * (words.length - 1));
      out.push(`"${words.slice(at, at + 2).join(' ')}"`);
    } else if (kind < 0.8 && p.authors.length > 0) {
      const name = pick(p.authors).split(' ');
      out.push(`author:${name[name.length - 1]}`);
    } else {
      out.push(pick(COMMON));
    }
  }
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), max: round(s[s.length - 1] ?? 0) };
}

export function round(x: number, d = 2): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/**
 * Pseudo-embeddings with real topical neighbourhoods, since no embedding model can be
 * fetched here: the random projection of a text's TF-IDF vector (IDF from the real
 * papers; each word a fixed Gaussian vector seeded by the word), plus one shared
 * direction so that unrelated texts sit at cosine ~0.4, as with bge-small, whose vectors
 * share a large common component. The shared direction makes the sign bits of binary
 * quantisation less informative, so the prefilter is tested on the hard side.
 */
/** Euclidean length (a loop: `Math.hypot(...v)` spreads 384 arguments, ~100 µs a call). */
function length(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

export function pseudoEmbedder(real: BenchPaper[], dims: number) {
  const tokens = (text: string) => text.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? [];
  const df = new Map<string, number>();
  for (const p of real)
    for (const t of new Set(tokens(`${p.title} ${p.abstract}`))) df.set(t, (df.get(t) ?? 0) + 1);
  const wordVectors = new Map<string, Float32Array>();
  const gaussian = (r: () => number) => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const wordVector = (t: string) => {
    let v = wordVectors.get(t);
    if (!v) {
      let h = 2166136261;
      for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619);
      const r = rng(h);
      v = Float32Array.from({ length: dims }, () => gaussian(r));
      wordVectors.set(t, v);
    }
    return v;
  };
  const shared = wordVector('\u0000shared');
  const sharedNorm = Math.hypot(...shared);
  return (text: string): Float32Array => {
    const tf = new Map<string, number>();
    for (const t of tokens(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Float32Array(dims);
    for (const [t, n] of tf) {
      const w = (1 + Math.log(n)) * Math.log((real.length + 1) / ((df.get(t) ?? 0) + 1));
      const wv = wordVector(t);
      for (let d = 0; d < dims; d++) v[d]! += w * wv[d]!;
    }
    const norm = length(v) || 1;
    // Unit topical part plus 0.82 × a unit shared direction: cos(unrelated) ≈ 0.82² / (1 + 0.82²) ≈ 0.4.
    for (let d = 0; d < dims; d++) v[d] = v[d]! / norm + (0.82 * shared[d]!) / sharedNorm;
    const n2 = length(v);
    for (let d = 0; d < dims; d++) v[d]! /= n2;
    return v;
  };
}
