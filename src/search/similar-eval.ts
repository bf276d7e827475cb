/**
 * `paperboy eval similar`: how well "similar papers" finds an author's other work from
 * text alone. On arXiv daily listings (JSON lines, one file per announcement day: `id`,
 * `title`, `summary`, `authors`), each author with two or more papers gives one query:
 * their first paper (lowest arXiv id); relevant = their other papers. Author names only
 * define relevance: no method sees them (the scratch database stores no authors).
 * Recall@10 and MRR@10 for Paperboy's method (the production code over a scratch
 * database) and, in the same run, tf-idf cosine and arxiv-sanity-lite's exemplar SVM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../shared/clock.ts';
import type { ColumnWeights } from './bm25.ts';
import { loadEvalCorpus } from './eval.repo.ts';
import { mrrAt, readJsonl, recallAt } from './eval.ts';
import { findSimilarPapers, warmSimilarIndex } from './similar.ts';
import { cosineRank, exemplarSvmRank, tfidfVectors } from './similar-baselines.ts';

export interface ListingPaper {
  arxivId: string;
  title: string;
  abstract: string;
  authors: string[];
}

/** Every paper of the listing files in `dir` (`*.jsonl[.gz]`), once each, in file order. */
export async function readListings(dir: string): Promise<ListingPaper[]> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new Error(`${dir} is not a directory of daily listing files (*.jsonl or *.jsonl.gz)`);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.jsonl(\.gz)?$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`${dir} has no *.jsonl or *.jsonl.gz files`);
  const byId = new Map<string, ListingPaper>();
  for (const f of files)
    for await (const r of readJsonl(path.join(dir, f))) {
      const id = String(r.id ?? '');
      if (!id || byId.has(id) || typeof r.title !== 'string') continue;
      byId.set(id, {
        arxivId: id,
        title: r.title.replace(/\s+/g, ' ').trim(),
        abstract: String(r.summary ?? r.abstract ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
        authors: Array.isArray(r.authors) ? r.authors.map(String) : [],
      });
    }
  return [...byId.values()];
}

export interface SimilarQuery {
  author: string;
  query: number;
  relevant: Set<number>;
}

const authorKey = (name: string) =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * One query per author with ≥ 2 papers (names folded for case, accents and spacing),
 * sorted by name; at most `max`, a seeded sample when there are more.
 */
export function authorQueries(papers: ListingPaper[], max: number, seed = 18): SimilarQuery[] {
  const byAuthor = new Map<string, number[]>();
  papers.forEach((p, i) => {
    for (const a of new Set(p.authors.map(authorKey)))
      if (a) byAuthor.set(a, [...(byAuthor.get(a) ?? []), i]);
  });
  const all = [...byAuthor.entries()]
    .filter(([, ps]) => ps.length >= 2)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([author, ps]) => {
      const sorted = ps.slice().sort((a, b) => (papers[a]!.arxivId < papers[b]!.arxivId ? -1 : 1));
      return { author, query: sorted[0]!, relevant: new Set(sorted.slice(1)) };
    });
  if (all.length <= max) return all;
  let s = seed >>> 0;
  for (let i = all.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, max).sort((a, b) => (a.author < b.author ? -1 : 1));
}

export type Ranker = (query: number, k: number) => Promise<number[]> | number[];

export interface MethodResult {
  'Recall@10': number;
  'MRR@10': number;
  /** Median time of one query, milliseconds (this evaluation's in-memory setting). */
  p50Ms: number;
}

export interface SimilarEvalResult {
  papers: number;
  authorsWithTwoOrMore: number;
  queries: number;
  methods: Record<string, MethodResult>;
}

export async function scoreMethod(
  queries: SimilarQuery[],
  rank: Ranker,
  onProgress?: (done: number) => void,
): Promise<MethodResult> {
  let recall = 0;
  let mrr = 0;
  const times: number[] = [];
  for (const [i, q] of queries.entries()) {
    const t = performance.now();
    const ranked = (await rank(q.query, 10)).filter((d) => d !== q.query).map(String);
    times.push(performance.now() - t);
    const rel = new Map([...q.relevant].map((d) => [String(d), 1]));
    recall += recallAt(ranked, rel, 10);
    mrr += mrrAt(ranked, rel, 10);
    onProgress?.(i + 1);
  }
  const n = queries.length || 1;
  times.sort((a, b) => a - b);
  return {
    'Recall@10': round(recall / n),
    'MRR@10': round(mrr / n),
    p50Ms: round(times[Math.floor(times.length / 2)] ?? 0),
  };
}

export async function runSimilarEval(
  dir: string,
  opts: {
    columnWeights: ColumnWeights;
    maxQueries: number;
    methods?: string[];
    /** As SIMILAR_INDEX_MAX_PAPERS: 0 measures the search index's candidates instead of the index. */
    indexMaxPapers?: number;
    onProgress?: (method: string, done: number, total: number) => void;
  },
): Promise<SimilarEvalResult> {
  const papers = await readListings(dir);
  const queries = authorQueries(papers, Number.POSITIVE_INFINITY);
  const sample = authorQueries(papers, opts.maxQueries);
  const { db, docIdOf } = await loadEvalCorpus(
    papers.map((p, i) => ({ id: String(i), title: p.title, text: p.abstract })),
    fixedClock('2000-01-01T00:00:00Z').now(),
  );
  const rowOf = new Map([...docIdOf.entries()].map(([row, i]) => [Number(i), row]));
  try {
    await warmSimilarIndex(db, opts.indexMaxPapers);
    const vecs = tfidfVectors(papers.map((p) => `${p.title} ${p.abstract}`));
    const methods: Record<string, Ranker> = {
      paperboy: async (q, k) => {
        const p = papers[q]!;
        const r = await findSimilarPapers(
          { db, columnWeights: opts.columnWeights, indexMaxPapers: opts.indexMaxPapers },
          { id: rowOf.get(q)!, title: p.title, abstract: p.abstract },
          k,
        );
        return r.cards.map((c) => Number(docIdOf.get(c.id)));
      },
      'tfidf-cosine': (q, k) => cosineRank(vecs, q, k),
      'exemplar-svm': (q, k) => exemplarSvmRank(vecs, q, k),
    };
    const unknown = (opts.methods ?? []).filter((m) => !(m in methods));
    if (unknown.length)
      throw new Error(`unknown method ${unknown.join(', ')}: expected ${Object.keys(methods).join(', ')}`);
    const result: SimilarEvalResult = {
      papers: papers.length,
      authorsWithTwoOrMore: queries.length,
      queries: sample.length,
      methods: {},
    };
    for (const [name, rank] of Object.entries(methods)) {
      if (opts.methods && !opts.methods.includes(name)) continue;
      result.methods[name] = await scoreMethod(sample, rank, (d) =>
        opts.onProgress?.(name, d, sample.length),
      );
    }
    return result;
  } finally {
    await db.close();
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
