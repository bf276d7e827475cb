/**
 * Offline evaluation of For You against simple baselines, on two protocols with one held-out
 * paper per reader (the reader's last), ranked among that period's papers:
 *
 * - "hf-submitters": Hugging Face daily-papers submitters with ≥ 5 submissions; trained on
 *   all but their last submission, ranking the papers featured in the ISO week of the last.
 * - "authors": arXiv authors with ≥ 3 papers in the daily listings; trained on their earlier
 *   papers (text only: no co-authorship features, which would leak), ranking the day's
 *   listing that contains their next one.
 *
 * Every method ranks the same candidates (papers the reader trained on are left out):
 * For You (the member model with its sampled negatives and popularity prior), most upvoted,
 * newest (highest arXiv id), and tf-idf cosine to the centroid of the reader's positives.
 * Metrics: HitRate@10, MRR@10, nDCG@10 of the held-out paper.
 */
import { addDays, isoWeekOf } from '../../feed/dates.ts';
import { normalizeAuthorName } from '../../papers/names.ts';
import { buildCorpus, type Corpus, rowVector } from './corpus.ts';
import type { EvalPaper } from './eval-data.ts';
import { scoreOne } from './model.ts';
import { DEFAULT_RANK, type RankSettings, trainMember } from './rank.ts';

export interface EvalCase {
  reader: string;
  train: number[];
  heldOut: number;
  candidates: number[];
  /** Papers the reader could have seen before (the unseen negatives are sampled from them). */
  history: number[];
}

export const METHODS = ['for_you', 'most_upvoted', 'newest', 'tfidf_cosine'] as const;
export type Method = (typeof METHODS)[number];

export interface Metrics {
  hit_rate_at_10: number;
  mrr_at_10: number;
  ndcg_at_10: number;
}

/** Cases of the HF protocol; papers are indexed by position in `papers`. */
export function hfSubmitterCases(papers: EvalPaper[], minSubmissions = 5): EvalCase[] {
  const bySubmitter = new Map<string, number[]>();
  papers.forEach((p, i) => {
    if (p.submitter) push(bySubmitter, p.submitter, i);
  });
  const byWeek = groupBy(papers, (p) => isoWeekOf(p.day));
  const cases: EvalCase[] = [];
  for (const [reader, ids] of [...bySubmitter].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (ids.length < minSubmissions) continue;
    const sorted = ids.sort((a, b) => byDayThenId(papers, a, b));
    const heldOut = sorted[sorted.length - 1] as number;
    const held = papers[heldOut] as EvalPaper;
    const train = sorted.slice(0, -1);
    const seen = new Set(train);
    cases.push({
      reader,
      train,
      heldOut,
      candidates: (byWeek.get(isoWeekOf(held.day)) ?? []).filter((i) => !seen.has(i)),
      history: before(papers, held.day, 28).filter((i) => !seen.has(i)),
    });
  }
  return cases;
}

/** Cases of the authors protocol: at most `maxReaders` authors, a deterministic sample. */
export function authorCases(papers: EvalPaper[], maxReaders: number, minPapers = 3): EvalCase[] {
  const byAuthor = new Map<string, number[]>();
  papers.forEach((p, i) => {
    for (const a of new Set(p.authors.map(normalizeAuthorName))) if (a) push(byAuthor, a, i);
  });
  const byDay = groupBy(papers, (p) => p.day);
  const cases: EvalCase[] = [];
  for (const [reader, ids] of byAuthor) {
    if (ids.length < minPapers) continue;
    const sorted = ids.sort((a, b) => byDayThenId(papers, a, b));
    const heldOut = sorted[sorted.length - 1] as number;
    const held = papers[heldOut] as EvalPaper;
    // Only papers from strictly earlier days: the reader had read them before that listing.
    const train = sorted.filter((i) => (papers[i] as EvalPaper).day < held.day);
    if (train.length < minPapers - 1) continue;
    const seen = new Set(train);
    cases.push({
      reader,
      train,
      heldOut,
      candidates: (byDay.get(held.day) ?? []).filter((i) => !seen.has(i)),
      history: before(papers, held.day, 7).filter((i) => !seen.has(i)),
    });
  }
  return cases
    .sort((a, b) => hash(a.reader) - hash(b.reader) || (a.reader < b.reader ? -1 : 1))
    .slice(0, maxReaders);
}

/** Ranks every case with every method and averages the metrics. */
export function evaluate(
  papers: EvalPaper[],
  cases: EvalCase[],
  settings: RankSettings = DEFAULT_RANK,
  onProgress?: (done: number, total: number) => void,
): { readers: number; mean_candidates: number; methods: Record<Method, Metrics> } {
  const corpus = buildCorpus(
    papers.map((p, i) => ({
      id: i,
      title: p.title,
      abstract: p.abstract,
      authorsText: '',
      categories: '',
      upvotes: p.upvotes,
      publishedAt: p.day,
    })),
  );
  const vec = (i: number) => rowVector(corpus, corpus.rowOf.get(i) as number);
  const sums = Object.fromEntries(METHODS.map((m) => [m, { hit: 0, mrr: 0, ndcg: 0 }])) as Record<
    Method,
    { hit: number; mrr: number; ndcg: number }
  >;
  let candidates = 0;
  cases.forEach((c, k) => {
    candidates += c.candidates.length;
    for (const m of METHODS) {
      const scores = scoreCase(m, c, papers, corpus, vec, settings);
      const rank = rankOf(c, scores);
      if (rank <= 10) {
        sums[m].hit += 1;
        sums[m].mrr += 1 / rank;
        sums[m].ndcg += 1 / Math.log2(rank + 1);
      }
    }
    onProgress?.(k + 1, cases.length);
  });
  const n = Math.max(1, cases.length);
  const r4 = (x: number) => Math.round((x / n) * 10_000) / 10_000;
  return {
    readers: cases.length,
    mean_candidates: Math.round(candidates / n),
    methods: Object.fromEntries(
      METHODS.map((m) => [
        m,
        { hit_rate_at_10: r4(sums[m].hit), mrr_at_10: r4(sums[m].mrr), ndcg_at_10: r4(sums[m].ndcg) },
      ]),
    ) as Record<Method, Metrics>,
  };
}

function scoreCase(
  m: Method,
  c: EvalCase,
  papers: EvalPaper[],
  corpus: Corpus,
  vec: (i: number) => ReturnType<typeof rowVector>,
  settings: RankSettings,
): Map<number, number> {
  const out = new Map<number, number>();
  if (m === 'for_you') {
    const signals = c.train.map((paperId) => ({ paperId, kind: 'save' as const }));
    const window = Int32Array.from(c.history);
    const model = trainMember(signals, { ...corpus, ids: window }, hash(c.reader), vec, settings);
    for (const i of c.candidates)
      out.set(
        i,
        scoreOne(model, vec(i)) + settings.popularityWeight * Math.log1p((papers[i] as EvalPaper).upvotes),
      );
  } else if (m === 'most_upvoted') for (const i of c.candidates) out.set(i, (papers[i] as EvalPaper).upvotes);
  else if (m === 'newest') {
    const order = [...c.candidates].sort((a, b) => newer(papers, a, b));
    order.forEach((i, k) => {
      out.set(i, -k);
    });
  } else {
    const centroid = new Map<number, number>();
    for (const t of c.train) {
      const v = vec(t);
      v.idx.forEach((b, k) => {
        centroid.set(b, (centroid.get(b) ?? 0) + (v.val[k] as number));
      });
    }
    for (const i of c.candidates) {
      const v = vec(i);
      let s = 0;
      v.idx.forEach((b, k) => {
        s += (centroid.get(b) ?? 0) * (v.val[k] as number);
      });
      out.set(i, s);
    }
  }
  return out;
}

/** 1-based rank of the held-out paper; ties count against it (a method cannot win by ties). */
function rankOf(c: EvalCase, scores: Map<number, number>): number {
  const mine = scores.get(c.heldOut) ?? Number.NEGATIVE_INFINITY;
  let rank = 1;
  for (const [i, s] of scores) if (i !== c.heldOut && s >= mine) rank++;
  return rank;
}

function newer(papers: EvalPaper[], a: number, b: number): number {
  const x = papers[a] as EvalPaper;
  const y = papers[b] as EvalPaper;
  return x.id < y.id ? 1 : x.id > y.id ? -1 : 0;
}

function byDayThenId(papers: EvalPaper[], a: number, b: number): number {
  const x = papers[a] as EvalPaper;
  const y = papers[b] as EvalPaper;
  return x.day < y.day ? -1 : x.day > y.day ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

function groupBy(papers: EvalPaper[], key: (p: EvalPaper) => string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  papers.forEach((p, i) => {
    push(out, key(p), i);
  });
  return out;
}

function push(m: Map<string, number[]>, k: string, i: number): void {
  const list = m.get(k);
  if (list) list.push(i);
  else m.set(k, [i]);
}

/** Papers of the `days` days before `day`. */
function before(papers: EvalPaper[], day: string, days: number): number[] {
  const from = addDays(day, -days);
  return papers.flatMap((p, i) => (p.day >= from && p.day < day ? [i] : []));
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
