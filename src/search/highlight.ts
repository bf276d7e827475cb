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

/**
 * The part of `text` (at most `max` characters) with the most query words, cut at word
 * boundaries, split into segments with the matches marked.
 */
export function highlightSnippet(text: string, queryWords: string[], max = 320): Segment[] {
  const stemList = stems(queryWords);
  const tokens = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  // Each word is judged once, however often it occurs.
  const judged = new Map<string, boolean>();
  const isHit = (w: string) => {
    let hit = judged.get(w);
    if (hit === undefined) {
      const f = fold(w);
      hit = stemList.some((s) => f.startsWith(s));
      judged.set(w, hit);
    }
    return hit;
  };
  const hits = tokens.filter((t) => isHit(t[0])).map((t) => t.index!);
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
  for (const m of body.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    if (!isHit(m[0])) continue;
    if (m.index! > last) out.push({ text: body.slice(last, m.index), hit: false });
    out.push({ text: m[0], hit: true });
    last = m.index! + m[0].length;
  }
  if (last < body.length) out.push({ text: body.slice(last), hit: false });
  if (end < text.length) out.push({ text: '…', hit: false });
  return out;
}
