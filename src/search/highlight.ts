/**
 * Snippets with the query's words marked. Returns plain text segments, never HTML: the
 * view renders each segment as text (escaped by the renderer) and wraps hits in <mark>,
 * so a title or abstract can never inject markup.
 */

export interface Segment {
  text: string;
  hit: boolean;
}

/** Folds case and diacritics so "Gödel" matches "godel". */
function fold(s: string): string {
  // Most words are plain ASCII: nothing to decompose (a snippet folds hundreds of words).
  if (/^[a-z0-9]*$/i.test(s)) return s.toLowerCase();
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** A word matches a query word when it starts with the query word's likely stem. */
function stems(queryWords: string[]): string[] {
  return queryWords
    .map((w) => fold(w))
    .map((w) => (w.length > 5 ? w.replace(/(ations?|ions?|ings?|ers?|es|ed|s|e|y)$/, '') : w))
    .filter((w) => w.length >= 2);
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const ASCII = /^\p{ASCII}*$/u;

/** How a query's words are found in a text: its stems, and for ASCII texts one regular expression. */
interface Matcher {
  stems: string[];
  /**
   * In ASCII text a word is a run of ASCII letters and digits, and folding is lower-casing,
   * so one search for "a word starting with a stem" finds the hits without looking at every
   * word (most abstracts are ASCII). Stems other than [a-z0-9]+ can never start one. Null: none can.
   */
  ascii: RegExp | null;
}

// The route highlights every result of a page with the same query words: made once for them.
let lastMatcher: { words: string[]; matcher: Matcher } | undefined;
function matcherOf(queryWords: string[]): Matcher {
  if (lastMatcher?.words === queryWords) return lastMatcher.matcher;
  const stemList = stems(queryWords);
  const plain = stemList.filter((s) => /^[a-z0-9]+$/.test(s));
  const matcher = {
    stems: stemList,
    ascii: plain.length ? new RegExp(`(?<![A-Za-z0-9])(?:${plain.join('|')})[A-Za-z0-9]*`, 'gi') : null,
  };
  lastMatcher = { words: queryWords, matcher };
  return matcher;
}

/** The query's hits in `text`: each word that starts with a stem, as [index, word]. */
function hitsIn(text: string, m: Matcher): [number, string][] {
  if (ASCII.test(text)) return m.ascii ? [...text.matchAll(m.ascii)].map((h) => [h.index, h[0]]) : [];
  // Each word is judged once, however often it occurs.
  const judged = new Map<string, boolean>();
  const out: [number, string][] = [];
  for (const t of text.matchAll(WORD)) {
    let hit = judged.get(t[0]);
    if (hit === undefined) {
      const f = fold(t[0]);
      hit = m.stems.some((s) => f.startsWith(s));
      judged.set(t[0], hit);
    }
    if (hit) out.push([t.index, t[0]]);
  }
  return out;
}

/**
 * The part of `text` (at most `max` characters) with the most query words, cut at word
 * boundaries, split into segments with the matches marked.
 */
export function highlightSnippet(text: string, queryWords: string[], max = 320): Segment[] {
  const matcher = matcherOf(queryWords);
  const hits = hitsIn(text, matcher).map((h) => h[0]);
  let start = 0;
  if (text.length > max && hits.length > 0) {
    // The window with the most hits, starting a little before its first one.
    let best = { count: 0, at: 0 };
    for (let i = 0; i < hits.length; i++) {
      let j = i;
      while (j < hits.length && hits[j]! - hits[i]! < max - 40) j++;
      if (j - i > best.count) best = { count: j - i, at: hits[i]! };
    }
    start = Math.max(0, best.at - 60);
    const space = text.lastIndexOf(' ', start);
    start = start === 0 ? 0 : space >= 0 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + max);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  const body = text.slice(start, end);
  const out: Segment[] = [];
  if (start > 0) out.push({ text: '…', hit: false });
  let last = 0;
  for (const [index, word] of hitsIn(body, matcher)) {
    if (index > last) out.push({ text: body.slice(last, index), hit: false });
    out.push({ text: word, hit: true });
    last = index + word.length;
  }
  if (last < body.length) out.push({ text: body.slice(last), hit: false });
  if (end < text.length) out.push({ text: '…', hit: false });
  return out;
}
