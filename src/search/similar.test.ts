import { describe, expect, it } from 'vitest';
import { cosineRank, exemplarSvmRank, grams, tfidfVectors } from './similar-baselines.ts';
import { authorQueries, type ListingPaper } from './similar-eval.ts';
import { distinctiveTerms } from './similar-terms.ts';

const ALL = { minDf: 1, maxDfShare: 1, maxFeatures: 1000 };
const texts = [
  'graph neural networks predict molecular toxicity',
  'molecular toxicity prediction with graph neural networks',
  'speech recognition for low resource languages',
  'zebrafish embryo segmentation in microscopy',
  'acoustic speech models for languages',
];

describe('baselines', () => {
  it('drops stop words before forming bigrams, as scikit-learn does', () => {
    expect(grams('The cat and the Hat')).toEqual(['cat', 'hat', 'cat hat']);
    expect(grams('Café über')).toEqual(['cafe', 'uber', 'cafe uber']);
  });

  it('ranks the paper sharing the most words first and never the query itself', () => {
    const vecs = tfidfVectors(texts, ALL);
    for (const rank of [cosineRank, exemplarSvmRank]) {
      expect(rank(vecs, 0, 4)[0]).toBe(1);
      expect(rank(vecs, 2, 4)[0]).toBe(4);
      expect(rank(vecs, 0, 4)).not.toContain(0);
    }
  });

  it('keeps features within the document-frequency bounds', () => {
    // "networks" is in 2 of 5 texts: above a 30 % ceiling, so only the other words count.
    const vecs = tfidfVectors(texts, { minDf: 1, maxDfShare: 0.3, maxFeatures: 1000 });
    const plain = tfidfVectors(texts, ALL);
    expect(vecs[0]!.idx.length).toBeLessThan(plain[0]!.idx.length);
  });
});

describe('author queries', () => {
  const paper = (arxivId: string, authors: string[]): ListingPaper => ({
    arxivId,
    title: arxivId,
    abstract: '',
    authors,
  });
  const papers = [
    paper('2601.00003', ['Ana  Núñez', 'Bo Li']),
    paper('2601.00001', ['ana nunez']),
    paper('2601.00002', ['Bo Li', 'Cy Ode']),
    paper('2601.00004', ['Cy Ode']),
  ];

  it('gives one query per author with two or more papers: the first, the rest relevant', () => {
    const qs = authorQueries(papers, 10);
    expect(qs.map((q) => q.author)).toEqual(['ana nunez', 'bo li', 'cy ode']);
    expect(qs[0]).toEqual({ author: 'ana nunez', query: 1, relevant: new Set([0]) });
    expect(qs[1]).toEqual({ author: 'bo li', query: 2, relevant: new Set([0]) });
  });

  it('samples deterministically when there are more authors than asked for', () => {
    const a = authorQueries(papers, 2);
    expect(a).toHaveLength(2);
    expect(authorQueries(papers, 2)).toEqual(a);
  });
});

describe('distinctive terms', () => {
  const count = (term: string, title: number, abstract: number) => ({ term, word: term, title, abstract });

  it('weights rare terms and title words up, and drops terms no other paper has or too many have', () => {
    const df = new Map([
      ['graph', 40],
      ['toxic', 3],
      ['uniqu', 1],
      ['model', 400],
      ['molecul', 3],
    ]);
    const terms = distinctiveTerms(
      [
        count('graph', 0, 1),
        count('toxic', 0, 1),
        count('uniqu', 1, 0),
        count('model', 1, 2),
        count('molecul', 1, 0),
      ],
      df,
      1000,
    );
    expect(terms.map((t) => t.term)).toEqual(['molecul', 'toxic', 'graph']);
  });
});
