/**
 * Which words of a paper say what it is about (pure): each indexed term (stem) of its
 * title and abstract weighted by tf-idf — sublinear term frequency, title occurrences
 * counted `titleBoost` times, times log(N / df) from the search index's own document
 * frequencies — keeping terms that occur in at least one other paper and in at most
 * `maxDfShare` of them (arxiv-sanity-lite's features stop at 10 %: words that common
 * narrow nothing and make the index walk long).
 */

export interface TermCount {
  /** The term as the index stores it (stemmed). */
  term: string;
  /** A word of the text that the index reduces to this term (what a query can use). */
  word: string;
  title: number;
  abstract: number;
}

export interface TermChoice {
  maxTerms: number;
  maxDfShare: number;
  titleBoost: number;
}

export const SIMILAR_TERMS: TermChoice = { maxTerms: 25, maxDfShare: 0.1, titleBoost: 2 };

/** In a small instance every shared word is "common" by share: up to this many papers it is not. */
const MIN_DF_CAP = 50;

export interface WeightedTerm extends TermCount {
  weight: number;
}

export function distinctiveTerms(
  counts: TermCount[],
  df: Map<string, number>,
  papers: number,
  choice: TermChoice = SIMILAR_TERMS,
): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  for (const c of counts) {
    const d = df.get(c.term) ?? 0;
    // df counts the paper itself: a term no other paper has cannot find anything.
    if (d < 2 || d > Math.max(choice.maxDfShare * papers, MIN_DF_CAP) || /^\d+$/.test(c.term)) continue;
    const tf = choice.titleBoost * c.title + c.abstract;
    out.push({ ...c, weight: (1 + Math.log(tf)) * Math.log(papers / d) });
  }
  return out.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1)).slice(0, choice.maxTerms);
}
