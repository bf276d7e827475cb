/** Pure helpers for author names and titles. */

/** Lower-case, accent-free, whitespace-folded: the key that joins "Zoë  Smith" and "zoe smith". */
export function normalizeAuthorName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Collapses arXiv's hard line wraps and runs of spaces. */
export function cleanText(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Undoes arXiv's hard line wraps in an abstract, keeping blank-line paragraph breaks. */
export function unwrapAbstract(s: string): string {
  return s
    .trim()
    .split(/\n\s*\n/)
    .map(cleanText)
    .filter(Boolean)
    .join('\n\n');
}
