/**
 * For You, the pure part: which examples a member's model is trained on, how the window is
 * ranked, and why each paper is there.
 */
import type { NegativeKind, PositiveKind, Signal } from '../signals.repo.ts';
import { authorKeys, type Corpus, rowVector, scoreRows } from './corpus.ts';
import { DIM, type SparseVec } from './features.ts';
import { DEFAULT_TRAINING, type Example, type LinearModel, train } from './model.ts';

/** How much each kind of signal counts in training. */
export const SIGNAL_WEIGHTS: Record<PositiveKind | NegativeKind | 'unseen', number> = {
  save: 1,
  upvote: 1,
  more_like_this: 0.7,
  author_follow: 0.5,
  hidden: 1,
  never: 2,
  unseen: 0.2,
};
const POSITIVE = new Set<string>(['save', 'upvote', 'more_like_this', 'author_follow']);

export interface RankSettings {
  seed: number;
  /** Papers of the window the member did not act on, taken as mild negatives. */
  unseenNegatives: number;
  /** Weight of log(1 + upvotes) added to the model's score (0 by default: on the HF protocol any popularity weight tried lowered HitRate@10). */
  popularityWeight: number;
  /** λ of the model's L2 penalty. */
  l2: number;
}

export const DEFAULT_RANK: RankSettings = { seed: 1, unseenNegatives: 200, popularityWeight: 0, l2: 1 };

/** A deterministic 32-bit hash of (seed, member, paper): the sampling order. */
function mix(seed: number, a: number, b: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ a;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * The window papers taken as "seen but skipped": the n with the lowest hash. The sample does
 * not depend on the member's signals (papers with a signal are dropped from it afterwards),
 * so one new signal changes one example only.
 */
export function sampleUnseen(ids: Int32Array, userId: number, s: RankSettings): number[] {
  return [...ids]
    .map((id) => [id, mix(s.seed, userId, id)] as const)
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .slice(0, s.unseenNegatives)
    .map(([id]) => id);
}

/** Training examples in a canonical order (training is deterministic in its input order). */
export function buildExamples(
  signals: Signal[],
  unseen: number[],
  vectorOf: (paperId: number) => SparseVec | undefined,
): Example[] {
  const acted = new Set(signals.map((s) => s.paperId));
  const items = [
    ...signals.map((s) => ({ paperId: s.paperId, kind: s.kind as string })),
    ...unseen.filter((id) => !acted.has(id)).map((paperId) => ({ paperId, kind: 'unseen' })),
  ].sort((a, b) => a.paperId - b.paperId || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const out: Example[] = [];
  for (const it of items) {
    const x = vectorOf(it.paperId);
    if (!x) continue;
    out.push({
      x,
      positive: POSITIVE.has(it.kind),
      weight: SIGNAL_WEIGHTS[it.kind as keyof typeof SIGNAL_WEIGHTS],
    });
  }
  return out;
}

export function hasPositives(signals: Signal[]): boolean {
  return signals.some((s) => POSITIVE.has(s.kind));
}

export function trainMember(
  signals: Signal[],
  corpus: Corpus,
  userId: number,
  vectorOf: (paperId: number) => SparseVec | undefined,
  s: RankSettings,
  previous?: LinearModel,
): LinearModel {
  return train(
    buildExamples(signals, sampleUnseen(corpus.ids, userId, s), vectorOf),
    DEFAULT_TRAINING,
    previous,
  );
}

export interface Ranked {
  row: number;
  score: number;
}

/** The top `limit` rows by model score plus popularity, skipping excluded papers; ties by newest id. */
export function rankWindow(
  corpus: Corpus,
  model: LinearModel,
  exclude: Set<number>,
  limit: number,
  s: RankSettings,
): Ranked[] {
  const scores = scoreRows(corpus, model);
  for (let i = 0; i < scores.length; i++)
    scores[i] = (scores[i] as number) + s.popularityWeight * Math.log1p(corpus.upvotes[i] as number);
  return topK(scores, limit, corpus, exclude);
}

/** Cold start: papers in followed categories first, then the rest, each by upvotes. */
export function rankColdStart(
  corpus: Corpus,
  categories: Set<string>,
  exclude: Set<number>,
  limit: number,
): Ranked[] {
  const scores = Float64Array.from(corpus.rows, (r) => {
    const followed = r.categories.split(' ').some((c) => categories.has(c));
    return (followed ? 1e9 : 0) + r.upvotes;
  });
  return topK(scores, limit, corpus, exclude);
}

/**
 * The k best rows (score, then newest id), without sorting the whole window: a small
 * sorted buffer that a row enters only when it beats the worst kept.
 */
function topK(scores: Float64Array, k: number, corpus: Corpus, exclude: Set<number>): Ranked[] {
  const kept: Ranked[] = [];
  const better = (a: Ranked, b: Ranked) =>
    a.score > b.score ||
    (a.score === b.score && (corpus.ids[a.row] as number) > (corpus.ids[b.row] as number));
  for (let i = 0; i < scores.length; i++) {
    const cand = { row: i, score: scores[i] as number };
    const worst = kept[kept.length - 1];
    if (kept.length >= k && worst && !better(cand, worst)) continue;
    if (exclude.has(corpus.ids[i] as number)) continue;
    let at = kept.length;
    while (at > 0 && better(cand, kept[at - 1] as Ranked)) at--;
    kept.splice(at, 0, cand);
    if (kept.length > k) kept.pop();
  }
  return kept;
}

export interface Positive {
  paperId: number;
  title: string;
  kind: PositiveKind;
  x: SparseVec;
}

const VERB: Record<PositiveKind, string> = {
  save: 'you saved',
  upvote: 'you upvoted',
  more_like_this: 'you asked more like',
  author_follow: 'by an author you follow',
};

/** Dense copy of one paper's vector while it is compared with every positive. */
const scratch = new Float32Array(DIM);

/** Minimum cosine for "similar to X": below it the similarity says nothing. */
const SIMILAR = 0.08;

/** Why a paper is in the member's For You, most telling first. */
export function reasonsFor(
  corpus: Corpus,
  row: number,
  ctx: { positives: Positive[]; authors: Map<string, string>; categories: Set<string>; coldStart: boolean },
): string[] {
  const r = corpus.rows[row] as (typeof corpus.rows)[number];
  const reasons: string[] = [];
  const followed = authorKeys(r.authorsText)
    .map((a) => ctx.authors.get(a))
    .filter((a): a is string => a !== undefined);
  if (followed.length > 0) reasons.push(`by an author you follow: ${followed.join(', ')}`);
  let best: Positive | null = null;
  let bestSim = SIMILAR;
  const x = rowVector(corpus, row);
  for (let k = 0; k < x.idx.length; k++) scratch[x.idx[k] as number] = x.val[k] as number;
  for (const p of ctx.positives) {
    if (p.kind === 'author_follow' || p.paperId === r.id) continue;
    let sim = 0;
    for (let k = 0; k < p.x.idx.length; k++)
      sim += (scratch[p.x.idx[k] as number] as number) * (p.x.val[k] as number);
    if (sim > bestSim) {
      bestSim = sim;
      best = p;
    }
  }
  for (let k = 0; k < x.idx.length; k++) scratch[x.idx[k] as number] = 0;
  if (best) reasons.push(`similar to “${best.title}”, ${VERB[best.kind]}`);
  const cats = r.categories.split(' ').filter((c) => ctx.categories.has(c));
  if (cats.length > 0) reasons.push(`in ${cats.join(', ')}, which you follow`);
  if (reasons.length === 0) reasons.push(ctx.coldStart ? 'popular this week' : 'matches what you read');
  return reasons;
}
