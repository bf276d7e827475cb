/**
 * Papers as tf-idf vectors for "similar papers" by words (pure): the features are stemmed
 * words and pairs of adjacent stemmed words of the title and abstract (English function
 * words and numbers dropped), title occurrences counted `TITLE_BOOST` times, weighted by
 * sublinear term frequency times idf, compared by cosine. Stems are Porter's, as the
 * SQLite index's tokenizer makes them (accents folded first), so a word's document
 * frequency is read from the search index under the same term.
 *
 * Only the search index's statistics are used: words have document frequencies there,
 * pairs do not, so a pair's is estimated from its words' (`pairDf`), and a candidate's
 * own features that the query paper lacks count with one typical idf in its length
 * (`OTHER_IDF`): their exact idf would cost an index look-up each and changes nothing
 * but that length (measured in docs/SEARCH.md).
 */
import { stemmer } from 'stemmer';
import { STOPWORDS, words } from './query-parser.ts';

export const TITLE_BOOST = 2;

export interface PaperFeatures {
  /** Feature (a stem, or two stems joined by a space) → weighted count. */
  counts: Map<string, number>;
  /** Stem → a word of the text that reduces to it (for index queries and for readers). */
  wordOf: Map<string, string>;
}

const STEMS_CACHED = 200_000;
const stems = new Map<string, string>();

function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= STEMS_CACHED) stems.clear();
    s = stemmer(word.normalize('NFKD').replace(/\p{M}/gu, ''));
    stems.set(word, s);
  }
  return s;
}

/** A text's content words, in order (function words and numbers dropped). */
function contentWords(text: string): string[] {
  return words(text, Number.POSITIVE_INFINITY).filter((w) => !STOPWORDS.has(w) && !/^\d+$/.test(w));
}

export function paperFeatures(title: string, abstract: string, titleBoost = TITLE_BOOST): PaperFeatures {
  const counts = new Map<string, number>();
  const wordOf = new Map<string, string>();
  const add = (text: string, weight: number) => {
    let prev = '';
    for (const w of contentWords(text)) {
      const s = stem(w);
      if (!wordOf.has(s)) wordOf.set(s, w);
      counts.set(s, (counts.get(s) ?? 0) + weight);
      if (prev) {
        const pair = `${prev} ${s}`;
        counts.set(pair, (counts.get(pair) ?? 0) + weight);
      }
      prev = s;
    }
  };
  add(title, titleBoost);
  add(abstract, 1);
  return { counts, wordOf };
}

export interface TermStats {
  papers: number;
  /** Papers whose indexed text has this stem (the paper itself included). */
  df: Map<string, number>;
}

/** Features in more than this share of papers say nothing about a topic (arxiv-sanity-lite's cut). */
export const MAX_DF_SHARE = 0.1;
/** The idf a candidate's words and pairs outside the query count with in its length. */
export const OTHER_IDF = { word: 6, pair: 6 };

const idfOf = (df: number, n: number) => Math.log((1 + n) / (1 + df)) + 1;

/**
 * A word pair's document frequency, estimated from its words' (the index counts words,
 * not pairs): the geometric mean of "as common as its rarer word" and "its words
 * independent", √(min(dfₐ, df_b) · dfₐ·df_b / N). Chosen by `paperboy eval similar` over
 * each bound alone and a least-squares fit (docs/SEARCH.md).
 */
export function pairDf(a: number, b: number, n: number): number {
  return Math.sqrt(Math.min(a, b) * Math.max(1, (a * b) / n));
}

export interface QueryVector {
  /** Feature → its idf and its weight (sublinear tf × idf). */
  features: Map<string, { idf: number; weight: number }>;
  norm: number;
  /** Every stem of the query paper. */
  stems: Set<string>;
}

export function queryVector(f: PaperFeatures, stats: TermStats): QueryVector {
  const n = Math.max(stats.papers, 1);
  const maxDf = Math.max(MAX_DF_SHARE * n, 50);
  const features = new Map<string, { idf: number; weight: number }>();
  let norm2 = 0;
  for (const [feature, tf] of f.counts) {
    const space = feature.indexOf(' ');
    let df: number;
    if (space < 0) {
      df = stats.df.get(feature) ?? 0;
      if (df < 2) continue;
    } else {
      const a = stats.df.get(feature.slice(0, space)) ?? 0;
      const b = stats.df.get(feature.slice(space + 1)) ?? 0;
      if (a < 2 || b < 2) continue;
      df = pairDf(a, b, n);
    }
    if (df > maxDf) {
      // Known to be common: left out of both vectors, not counted in a candidate's length.
      features.set(feature, { idf: 0, weight: 0 });
      continue;
    }
    const idf = idfOf(df, n);
    const weight = (1 + Math.log(tf)) * idf;
    features.set(feature, { idf, weight });
    norm2 += weight * weight;
  }
  return { features, norm: Math.sqrt(norm2), stems: new Set(f.wordOf.keys()) };
}

export interface Scored {
  score: number;
  /** The shared features that weigh the most in the score, heaviest first. */
  shared: string[];
}

/**
 * Cosine between the query vector and a candidate's text (its features outside the query
 * weighted with `OTHER_IDF`), read in one pass: pairs are only spelled out when both
 * words are the query's, as only those can be shared.
 */
export function scoreText(q: QueryVector, title: string, abstract: string, sharedMax = 3): Scored {
  const shared = new Map<string, number>();
  const other = new Map<string | number, number>();
  const ids = new Map<string, number>();
  const idOf = (s: string) => {
    let i = ids.get(s);
    if (i === undefined) {
      i = ids.size;
      ids.set(s, i);
    }
    return i;
  };
  const count = (m: Map<string, number> | Map<string | number, number>, key: string | number, by: number) =>
    (m as Map<string | number, number>).set(key, ((m as Map<string | number, number>).get(key) ?? 0) + by);
  const add = (text: string, weight: number) => {
    let prev = '';
    for (const w of contentWords(text)) {
      const s = stem(w);
      count(q.features.has(s) ? shared : other, s, weight);
      if (prev) {
        const pair = q.stems.has(prev) && q.stems.has(s) ? `${prev} ${s}` : '';
        if (pair && q.features.has(pair)) count(shared, pair, weight);
        else count(other, idOf(prev) * 1e6 + idOf(s), weight);
      }
      prev = s;
    }
  };
  add(title, TITLE_BOOST);
  add(abstract, 1);
  let dot = 0;
  let norm2 = 0;
  const parts: [string, number][] = [];
  for (const [feature, tf] of shared) {
    const { idf, weight } = q.features.get(feature)!;
    if (weight === 0) continue;
    const dw = (1 + Math.log(tf)) * idf;
    norm2 += dw * dw;
    dot += weight * dw;
    parts.push([feature, weight * dw]);
  }
  if (dot === 0) return { score: 0, shared: [] };
  for (const [feature, tf] of other)
    norm2 += ((1 + Math.log(tf)) * (typeof feature === 'number' ? OTHER_IDF.pair : OTHER_IDF.word)) ** 2;
  return { score: dot / (q.norm * Math.sqrt(norm2)), shared: namedShared(parts, sharedMax) };
}

/**
 * The shared features to name for a reader, from each one's part of the score: the
 * heaviest first, at most `max`, skipping a feature whose words are all named already
 * ("graph" after "graph neural").
 */
export function namedShared(parts: [feature: string, part: number][], max = 3): string[] {
  const named = new Set<string>();
  const why: string[] = [];
  for (const [feature] of parts.slice().sort((x, y) => y[1] - x[1])) {
    if (why.length === max) break;
    const ws = feature.split(' ');
    if (ws.every((w) => named.has(w))) continue;
    for (const w of ws) named.add(w);
    why.push(feature);
  }
  return why;
}
