/**
 * "Similar papers" (paper page and `GET /api/papers/{id}/similar`), chosen by
 * `paperboy eval similar` (docs/SEARCH.md):
 * - by words: tf-idf cosine over stemmed words and word pairs (`similar-text.ts`) against
 *   every paper, through the in-memory similar-papers index (`similar-index.ts`, exact
 *   word and pair frequencies). Until a large instance's first index is built, the search
 *   index finds candidates instead (papers having any of the paper's most distinctive
 *   words, best `CANDIDATES` by bm25), re-ranked by the same cosine with the search
 *   index's word frequencies;
 * - by meaning, when the paper has an embedding: its nearest vectors, fused with the
 *   word ranking by reciprocal rank fusion.
 * Never the paper itself, never a paper moderators hid.
 */
import type { Db } from '../db/connect.ts';
import { loadCards } from '../papers/cards.repo.ts';
import type { PaperCard } from '../papers/types.ts';
import type { ColumnWeights } from './bm25.ts';
import { fuse } from './fuse.ts';
import { similarPapers } from './semantic.ts';
import {
  candidatesLike,
  hiddenAmong,
  indexStats,
  newestPaperId,
  type PaperText,
  paperCount,
  paperTextByArxivId,
  paperTexts,
} from './similar.repo.ts';
import { type BuiltIn, buildIndex } from './similar-build.ts';
import {
  indexQuery,
  nearestPapers,
  RESCORED,
  rescored,
  type SimilarIndex,
  sharedWith,
} from './similar-index.ts';
import { namedShared, type PaperFeatures, paperFeatures, queryVector, scoreText } from './similar-text.ts';

export interface SimilarDeps {
  db: Db;
  columnWeights: ColumnWeights;
  vectorOversample?: number;
  /** Past this many papers no similar-papers index is built (its memory); unbounded when absent. */
  indexMaxPapers?: number;
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
  const index = await similarIndex(deps.db, { maxPapers: deps.indexMaxPapers });
  return index ? similarInIndex(deps.db, index, paper, k) : similarByCandidates(deps, paper, k);
}

/**
 * Every paper sharing an indexed feature with `paper`, scored by exact cosine; hidden
 * papers dropped. When some of the paper's features have no postings (in more than
 * `listedUpTo` papers: large instances), the best `RESCORED` by the others are re-scored
 * by their whole vectors, read from their texts.
 */
async function similarInIndex(
  db: Db,
  index: SimilarIndex,
  paper: PaperText,
  k: number,
): Promise<WordRanking> {
  const features = paperFeatures(paper.title, paper.abstract);
  const query = indexQuery(index, features);
  // Hidden papers are dropped afterwards: ask for a few more.
  const want = 2 * k + 10;
  let near: { id: number; score: number; parts?: [string, number][] }[] = nearestPapers(
    index,
    query.terms,
    query.partial ? Math.max(RESCORED, want) : want,
    paper.id,
  );
  if (query.partial)
    near = rescored(
      index,
      query,
      await paperTexts(
        db,
        near.map((n) => n.id),
      ),
      want,
    );
  const hidden = await hiddenAmong(
    db,
    near.map((n) => n.id),
  );
  const ids = near
    .map((n) => n.id)
    .filter((id) => !hidden.has(id))
    .slice(0, k);
  return {
    ids,
    shared: new Map(
      ids.map((id) => {
        const parts = near.find((n) => n.id === id)?.parts ?? sharedWith(index, query, id);
        return [id, readable(features, namedShared(parts))];
      }),
    ),
  };
}

/**
 * Without the index: candidates from the search index (the `CANDIDATE_TERMS` heaviest
 * words, best `CANDIDATES` by bm25 | ts_rank), re-ranked by cosine with the search
 * index's word frequencies (pairs' estimated from their words').
 */
export async function similarByCandidates(
  deps: SimilarDeps,
  paper: PaperText,
  k: number,
): Promise<WordRanking> {
  const features = paperFeatures(paper.title, paper.abstract);
  const stats = await indexStats(deps.db, features.wordOf);
  const q = queryVector(features, stats);
  const terms = [...q.features]
    .filter(([f, v]) => v.weight > 0 && !f.includes(' ') && stats.termOf.has(f))
    .sort((a, b) => b[1].weight - a[1].weight || (a[0] < b[0] ? -1 : 1))
    .slice(0, CANDIDATE_TERMS)
    .map(([f]) => ({ term: stats.termOf.get(f)!, word: features.wordOf.get(f)!, df: stats.df.get(f)! }));
  const candidates = await candidatesLike(deps.db, paper.id, terms, CANDIDATES, deps.columnWeights);
  const texts = await paperTexts(
    deps.db,
    candidates.map((c) => c.id),
  );
  const scored = texts
    .map((t) => ({ id: t.id, ...scoreText(q, t.title, t.abstract) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, k);
  return {
    ids: scored.map((s) => s.id),
    shared: new Map(scored.map((s) => [s.id, readable(features, s.shared)])),
  };
}

/** Shared features as a reader knows them: each stem as a word of the paper. */
const readable = (features: PaperFeatures, shared: string[]) =>
  shared.map((f) =>
    f
      .split(' ')
      .map((s) => features.wordOf.get(s) ?? s)
      .join(' '),
  );

// ---- the index's life -------------------------------------------------------------------

/**
 * Up to this many papers, a request waits for the index to be built or rebuilt (well
 * under a second): small instances and tests always see every paper.
 */
const SMALL_INSTANCE = 2_000;
/** After new papers, a rebuild waits this many times the last build's duration: ≤ 10 % of a core. */
const REBUILD_SPACING = 10;
/**
 * Past this many papers the index is built in a worker thread (`similar-build.ts`), so a
 * large build never holds up requests; a small one takes less than starting a worker.
 */
const WORKER_ABOVE = SMALL_INSTANCE;

export interface IndexOptions {
  /** Past this many papers, no index (SIMILAR_INDEX_MAX_PAPERS); unbounded when absent. */
  maxPapers?: number;
  /** Past this many papers, built in a worker thread; `WORKER_ABOVE` when absent. */
  workerAbove?: number;
}

interface IndexState {
  index?: SimilarIndex;
  newestId: number;
  builtAt: number;
  buildMs: number;
  building?: Promise<void>;
  /** Requests wait for a build under way (small instances). */
  wait: boolean;
  /** Past it, no index: the search index finds candidates (SIMILAR_INDEX_MAX_PAPERS). */
  maxPapers: number;
  workerAbove: number;
  builtIn?: BuiltIn;
  tooLarge?: boolean;
}

const states = new WeakMap<Db, IndexState>();

/**
 * The similar-papers index of `db`, built on first use. Freshness: each query reads the
 * newest paper id; when papers were added since the build, the index is rebuilt: at
 * once, in the request, for an index of up to 2,000 papers; otherwise in the
 * background (the old index answering meanwhile) once 10 times the last build's
 * duration has passed since it. Until a first index exists, a larger instance gets null
 * (and the search index answers); `paperboy serve` starts that build at start-up. A
 * build of more than `workerAbove` papers runs in a worker thread. An instance of more
 * than `maxPapers` papers gets no index (and frees one it had): its memory grows with
 * the corpus (~1 KB a paper), the search index's candidates do not. The options apply
 * from the first call for `db`.
 */
async function similarIndex(db: Db, opts: IndexOptions = {}): Promise<SimilarIndex | null> {
  let s = states.get(db);
  if (!s) {
    s = {
      newestId: 0,
      builtAt: 0,
      buildMs: 0,
      wait: false,
      maxPapers: opts.maxPapers ?? Number.POSITIVE_INFINITY,
      workerAbove: opts.workerAbove ?? WORKER_ABOVE,
    };
    states.set(db, s);
    // One count for both: whether requests wait, and whether the first build is too large.
    const papers = paperCount(db);
    s.building = rebuild(db, s, papers);
    s.wait = (await papers) <= SMALL_INSTANCE;
  }
  if (s.tooLarge) return null;
  if (s.building) {
    if (s.index ? s.index.papers <= SMALL_INSTANCE : s.wait) await s.building;
    return s.index ?? null;
  }
  const newest = await newestPaperId(db);
  if (newest === s.newestId) return s.index ?? null;
  if (s.index && s.index.papers <= SMALL_INSTANCE) {
    s.building = rebuild(db, s);
    await s.building;
  } else if (Date.now() - s.builtAt >= REBUILD_SPACING * s.buildMs) s.building = rebuild(db, s);
  return s.index ?? null;
}

/**
 * Builds `db`'s index now (servers, benchmarks and evaluations call it before timing
 * queries); null when the instance has more than `maxPapers` papers.
 */
export async function warmSimilarIndex(
  db: Db,
  maxPapers?: number,
  opts: Omit<IndexOptions, 'maxPapers'> = {},
): Promise<SimilarIndex | null> {
  if (!states.has(db)) await similarIndex(db, { ...opts, maxPapers });
  const s = states.get(db)!;
  if (s.building) await s.building;
  if (!s.index && !s.tooLarge) {
    s.building = rebuild(db, s);
    await s.building;
  }
  return s.index ?? null;
}

/** How `db`'s current index was built; null before it has one. */
export function similarIndexBuild(db: Db): { papers: number; buildMs: number; builtIn: BuiltIn } | null {
  const s = states.get(db);
  return s?.index && s.builtIn ? { papers: s.index.papers, buildMs: s.buildMs, builtIn: s.builtIn } : null;
}

async function rebuild(db: Db, s: IndexState, papers = paperCount(db)): Promise<void> {
  const started = Date.now();
  try {
    const count = await papers;
    if (count > s.maxPapers) {
      Object.assign(s, { index: undefined, tooLarge: true });
      return;
    }
    const newestId = await newestPaperId(db);
    const { index, builtIn } = await buildIndex(db, { inWorker: count > s.workerAbove });
    Object.assign(s, { index, builtIn, newestId, builtAt: Date.now(), buildMs: Date.now() - started });
  } catch {
    // The database went away or failed mid-build: the old index (or none) stays; the next query retries.
    s.builtAt = Date.now();
  } finally {
    s.building = undefined;
  }
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
