/**
 * "Similar papers" (paper page and `GET /api/papers/{id}/similar`), chosen by
 * `paperboy eval similar` (docs/SEARCH.md):
 * - by words: the search index finds candidates (papers having any of the paper's most
 *   distinctive terms, best `CANDIDATES` by bm25), re-ranked by tf-idf cosine over
 *   stemmed words and word pairs (`similar-text.ts`) with the index's document frequencies;
 * - by meaning, when the paper has an embedding: its nearest vectors, fused with the
 *   word ranking by reciprocal rank fusion.
 * Never the paper itself, never a paper moderators hid.
 */
import type { Db } from '../db/connect.ts';
import { loadCards } from '../papers/cards.repo.ts';
import type { PaperCard } from '../papers/types.ts';
import { fuse } from './fuse.ts';
import type { ColumnWeights } from './lexical.repo.ts';
import { similarPapers } from './semantic.ts';
import {
  candidatesLike,
  hiddenAmong,
  indexStats,
  type PaperText,
  paperTextByArxivId,
  paperTexts,
} from './similar.repo.ts';
import { paperFeatures, queryVector, scoreText } from './similar-text.ts';

export interface SimilarDeps {
  db: Db;
  columnWeights: ColumnWeights;
  vectorOversample?: number;
}

export type SimilarBy = 'meaning' | 'words' | 'meaning and words';

export interface SimilarPapers {
  cards: PaperCard[];
  by: SimilarBy;
  /** Paper id → the words it shares with the paper that weigh the most (word ranking only). */
  shared: Map<number, string[]>;
}

/** How many of the paper's heaviest words the candidate stage matches. */
export const CANDIDATE_TERMS = 10;
/** How many candidates are re-ranked by cosine. */
export const CANDIDATES = 100;

export interface WordRanking {
  ids: number[];
  shared: Map<number, string[]>;
}

/** Papers sharing the most distinctive words and word pairs with `paper`, best first. */
export async function similarByWords(deps: SimilarDeps, paper: PaperText, k: number): Promise<WordRanking> {
  const features = paperFeatures(paper.title, paper.abstract);
  const stats = await indexStats(deps.db, features.wordOf);
  const q = queryVector(features, stats);
  const terms = [...q.features]
    .filter(([f, v]) => v.weight > 0 && !f.includes(' ') && stats.termOf.has(f))
    .sort((a, b) => b[1].weight - a[1].weight || (a[0] < b[0] ? -1 : 1))
    .slice(0, CANDIDATE_TERMS)
    .map(([f]) => ({ term: stats.termOf.get(f)!, word: features.wordOf.get(f)! }));
  const candidates = await candidatesLike(deps.db, paper.id, terms, CANDIDATES, deps.columnWeights);
  const texts = await paperTexts(
    deps.db,
    candidates.map((c) => c.id),
  );
  const scored = texts
    .map((t) => ({ id: t.id, ...scoreText(q, t.title, t.abstract) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, k);
  const readable = (f: string) =>
    f
      .split(' ')
      .map((s) => features.wordOf.get(s) ?? s)
      .join(' ');
  return { ids: scored.map((s) => s.id), shared: new Map(scored.map((s) => [s.id, s.shared.map(readable)])) };
}

/** Most similar papers first; `k` at most. */
export async function findSimilarPapers(deps: SimilarDeps, paper: PaperText, k = 6): Promise<SimilarPapers> {
  // Hidden papers are dropped afterwards on the vector path: ask for a few more.
  const [near, words] = await Promise.all([
    similarPapers(deps.db, paper.id, k + 5, deps.vectorOversample).catch(() => []),
    similarByWords(deps, paper, k),
  ]);
  if (near.length === 0)
    return { cards: await loadCards(deps.db, words.ids), by: 'words', shared: words.shared };
  const hidden = await hiddenAmong(
    deps.db,
    near.map((c) => c.id),
  );
  const meaning = near.map((c) => c.id).filter((id) => id !== paper.id && !hidden.has(id));
  const fused = fuse(
    [
      { name: 'meaning', weight: 1, ids: meaning },
      { name: 'words', weight: 1, ids: words.ids },
    ],
    { k: 60, recencyWeight: 0, recencyHalfLifeDays: 1, popularityWeight: 0 },
  );
  return {
    cards: await loadCards(
      deps.db,
      fused.slice(0, k).map((f) => f.id),
    ),
    by: words.ids.length ? 'meaning and words' : 'meaning',
    shared: words.shared,
  };
}

/** Similar papers of the paper with this arXiv id; null when it is not in this instance. */
export async function similarToArxivId(
  deps: SimilarDeps,
  arxivId: string,
  k: number,
): Promise<SimilarPapers | null> {
  const paper = await paperTextByArxivId(deps.db, arxivId);
  return paper ? findSimilarPapers(deps, paper, k) : null;
}
