import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cosineRank, exemplarSvmRank, grams, tfidfVectors } from './similar-baselines.ts';
import { authorQueries, type ListingPaper, runSimilarEval } from './similar-eval.ts';
import { paperFeatures, queryVector, scoreText } from './similar-text.ts';

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

  it('evaluates the method with its index and through the search index (--index-max-papers 0)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-similar-eval-'));
    const line = (id: string, title: string, summary: string, authors: string[]) =>
      JSON.stringify({ id, title, summary, authors });
    fs.writeFileSync(
      path.join(dir, '2026-01-05.jsonl'),
      [
        line('2601.00001', 'Graph neural networks for molecular toxicity', texts[0]!, ['Ana Ruiz']),
        line('2601.00002', 'Molecular toxicity with graph networks', texts[1]!, ['Ana Ruiz']),
        line('2601.00003', 'Low resource speech recognition', texts[2]!, ['Bo Li']),
        line('2601.00004', 'Zebrafish embryos', texts[3]!, ['Cy Ode']),
        line('2601.00005', 'Acoustic speech models', texts[4]!, ['Bo Li']),
      ].join('\n'),
    );
    const weights = { title: 5, authors: 2, abstract: 1 };
    for (const indexMaxPapers of [undefined, 0]) {
      const r = await runSimilarEval(dir, {
        columnWeights: weights,
        maxQueries: 10,
        methods: ['paperboy'],
        indexMaxPapers,
      });
      expect(r.queries).toBe(2);
      expect(r.methods.paperboy!['Recall@10']).toBe(1);
    }
    fs.rmSync(dir, { recursive: true });
  });
});

describe('paper features (similar papers by words)', () => {
  it('stems as the SQLite index does, accents folded, so document frequencies are read under the same term', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE w USING fts5(word, tokenize = 'porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE v USING fts5vocab(w, 'instance');`);
    const sample = [
      'Networks',
      'generalization',
      'Fréchet',
      'naïve',
      'Schrödinger',
      'relational',
      'hopeful',
      'agreed',
    ];
    const insert = db.prepare('INSERT INTO w(rowid, word) VALUES (?, ?)');
    for (const [i, w] of sample.entries()) insert.run(i + 1, w);
    const indexed = db.prepare('SELECT term FROM v ORDER BY doc').pluck().all();
    expect([...paperFeatures(sample.join(' '), '').wordOf.keys()]).toEqual(indexed);
    db.close();
  });

  it('counts title words twice and pairs adjacent content words within a field, never across', () => {
    const f = paperFeatures('Graph networks', 'The networks of a graph');
    expect(f.counts.get('graph')).toBe(3);
    expect(f.counts.get('network')).toBe(3);
    expect(f.counts.get('graph network')).toBe(2);
    expect(f.counts.get('network graph')).toBe(1); // "of a" are function words
    expect(f.counts.has('network network')).toBe(false);
    expect(f.wordOf.get('network')).toBe('networks');
  });

  const stats = (df: Record<string, number>) => ({ papers: 1000, df: new Map(Object.entries(df)) });

  it('weights rare words and pairs, leaves out words only this paper has and words too common to say anything', () => {
    const f = paperFeatures('Molecular toxicity', 'graph model unique');
    const q = queryVector(f, stats({ molecular: 3, toxic: 5, graph: 40, model: 400, uniqu: 1 }));
    const weight = (t: string) => q.features.get(t)?.weight;
    expect(weight('uniqu')).toBeUndefined();
    expect(weight('model')).toBe(0);
    expect(weight('molecular')!).toBeGreaterThan(weight('graph')!);
    // A pair is rarer than its rarer word, and so weighs more.
    expect(weight('molecular toxic')!).toBeGreaterThan(weight('molecular')!);
  });

  it('scores a candidate by cosine, naming the shared features that weigh the most', () => {
    const df = { graph: 40, neural: 60, network: 80, molecular: 5, toxic: 5, speech: 30, recognit: 30 };
    const q = queryVector(paperFeatures('Graph neural networks', 'predict molecular toxicity'), stats(df));
    const near = scoreText(q, 'Molecular toxicity', 'graph neural networks read molecules');
    const far = scoreText(q, 'Speech recognition', 'neural networks transcribe speech');
    expect(near.score).toBeGreaterThan(far.score);
    expect(near.score).toBeLessThanOrEqual(1);
    expect(near.shared[0]).toBe('molecular toxic');
    expect(far.shared).toContain('neural network');
    expect(scoreText(q, 'Zebrafish embryos', 'segmented organs').score).toBe(0);
  });
});
