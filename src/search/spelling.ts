/** Pure helpers of typo tolerance: stem variants of a typed word and a bounded edit distance. */

const SUFFIXES = [
  'ations',
  'ation',
  'ively',
  'ive',
  'ions',
  'ion',
  'ings',
  'ing',
  'ally',
  'al',
  'ity',
  'ness',
  'ments',
  'ment',
  'ers',
  'er',
  'es',
  'ed',
  'ly',
  's',
  'e',
  'y',
];

/** The word and the word with common English suffixes cut: the vocabulary holds stems. */
export function stemVariants(w: string): string[] {
  const out = new Set([w]);
  for (const s of SUFFIXES) {
    if (w.length - s.length >= 3 && w.endsWith(s)) out.add(w.slice(0, -s.length));
  }
  return [...out];
}

/** Damerau–Levenshtein (optimal string alignment) distance, giving up beyond `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/** Edits allowed between a typed word and its correction: 1, or 2 from 8 letters. */
export function maxEdits(word: string): number {
  return word.length >= 8 ? 2 : 1;
}

/**
 * The real word closest to `typed` among `seen` (words of indexed titles, repeats
 * counting): fewest edits, then the most frequent; null when none is within reach.
 */
export function bestCorrection(typed: string, seen: string[]): string | null {
  const max = maxEdits(typed);
  const count = new Map<string, number>();
  for (const w of seen) if (w !== typed && !/^\d+$/.test(w)) count.set(w, (count.get(w) ?? 0) + 1);
  let best: { word: string; dist: number; n: number } | null = null;
  for (const [word, n] of count) {
    const dist = editDistance(typed, word, max);
    if (dist > max) continue;
    if (!best || dist < best.dist || (dist === best.dist && n > best.n)) best = { word, dist, n };
  }
  return best?.word ?? null;
}

/** The typed text with corrected words replaced, the rest as typed (for "Showing results for …"). */
export function correctedText(text: string, corrections: Map<string, string>): string {
  return text.replace(/[\p{L}\p{N}\p{M}]+/gu, (w) => corrections.get(w.normalize('NFKC').toLowerCase()) ?? w);
}
