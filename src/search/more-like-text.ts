/**
 * "More like this text": a pasted abstract or paragraph (more than LONG_QUERY_WORDS
 * words) is searched by its most distinctive words instead of being cut. Pure: the
 * document frequencies come from the index (terms.repo.ts).
 */
import { bm25Idf } from './bm25.ts';
import { STOPWORDS } from './query-parser.ts';

/** Distinctive words a pasted text is searched by. */
export const TEXT_TERMS = 24;

/** The words worth looking up: content words of three letters or more, not numbers. */
export function textWords(words: string[]): string[] {
  return words.filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w));
}

/**
 * The `k` words with the highest tf·idf: (1 + ln tf) in the text × BM25's idf in the
 * index of `n` papers. Words no paper has are left out (they cannot match).
 */
export function distinctiveTerms(
  words: string[],
  df: Map<string, number>,
  n: number,
  k = TEXT_TERMS,
): string[] {
  const tf = new Map<string, number>();
  for (const w of textWords(words)) tf.set(w, (tf.get(w) ?? 0) + 1);
  const scored: { w: string; s: number }[] = [];
  for (const [w, f] of tf) {
    const d = df.get(w) ?? 0;
    if (d === 0) continue;
    scored.push({ w, s: (1 + Math.log(f)) * bm25Idf(d, n) });
  }
  return scored
    .sort((a, b) => b.s - a.s || a.w.localeCompare(b.w))
    .slice(0, k)
    .map((x) => x.w);
}
