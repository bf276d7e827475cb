/** Builders for test data: valid records with sensible defaults, overridable field by field. */
import type { PaperRecord } from '../../src/papers/types.ts';

let seq = 0;

/** A distinct, valid new-style arXiv id per call: 2601.00001, 2601.00002, … */
export function nextArxivId(): string {
  seq++;
  return `2601.${String(seq).padStart(5, '0')}`;
}

export function makePaper(over: Partial<PaperRecord> = {}): PaperRecord {
  const arxivId = over.arxivId ?? nextArxivId();
  return {
    arxivId,
    version: 1,
    title: `A study of things number ${arxivId}`,
    abstract: 'We study things. Results are good.',
    authors: [{ name: 'Ada Lovelace' }, { name: 'Alan Turing' }],
    categories: ['cs.CL', 'cs.LG'],
    publishedAt: '2026-01-05T12:00:00.000Z',
    ...over,
  };
}
