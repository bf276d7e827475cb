import { describe, expect, it } from 'vitest';
import {
  buildSimilarIndex,
  featureHash,
  type IndexedText,
  indexQuery,
  listedUpTo,
  minDf,
  nearestPapers,
  RESCORED,
  rescored,
  sharedWith,
} from './similar-index.ts';
import { namedShared, paperFeatures } from './similar-text.ts';

const topics = [
  [
    'Graph neural networks for molecular toxicity',
    'Message passing over molecular graphs predicts toxicity.',
  ],
  [
    'Molecular toxicity with graph neural networks',
    'Graph neural networks read molecules and predict toxicity.',
  ],
  ['Message passing for molecular graphs', 'Molecular graphs and message passing predict solubility.'],
  [
    'Speech recognition for low resource languages',
    'Acoustic models transcribe speech in low resource languages.',
  ],
  ['Low resource speech recognition', 'Speech recognition models for languages with little data.'],
  ['Zebrafish embryo segmentation', 'Microscopy images of zebrafish embryos are segmented.'],
];
// Filler papers share no word with the topics, so the corpus is large enough for idf.
const papers: IndexedText[] = [
  ...topics.map(([title, abstract], i) => ({ id: 10 + i, title: title!, abstract: abstract! })),
  ...Array.from({ length: 40 }, (_, i) => ({
    id: 100 + i,
    title: `Filler ${i}`,
    abstract: `lorem${i} ipsum${i}`,
  })),
];

async function build(list = papers, batch = 7, listed?: (papers: number) => number) {
  return buildSimilarIndex(
    async function* () {
      for (let i = 0; i < list.length; i += batch) yield list.slice(i, i + batch);
    },
    undefined,
    listed,
  );
}

const query = (index: Awaited<ReturnType<typeof build>>, p: IndexedText, k = 3) =>
  nearestPapers(index, indexQuery(index, paperFeatures(p.title, p.abstract)).terms, k, p.id);

describe('similar-papers index', () => {
  it('finds the papers on the same topic, best first, never the paper itself', async () => {
    const index = await build();
    const near = query(index, papers[0]!);
    expect(near.map((n) => n.id)).toEqual([11, 12]);
    expect(near[0]!.score).toBeGreaterThan(near[1]!.score);
    expect(query(index, papers[3]!).map((n) => n.id)).toEqual([14]);
    expect(query(index, papers[5]!)).toEqual([]);
  });

  it('scores by the exact cosine of the papers’ tf-idf vectors', async () => {
    const index = await build();
    const n = papers.length;
    const df = new Map<string, number>();
    const feats = papers.map((p) => paperFeatures(p.title, p.abstract).counts);
    for (const f of feats) for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    const vec = (f: Map<string, number>) => {
      const v = new Map<string, number>();
      for (const [k, tf] of f)
        if (df.get(k)! >= minDf(n)) v.set(k, (1 + Math.log(tf)) * (Math.log((1 + n) / (1 + df.get(k)!)) + 1));
      return v;
    };
    const cosine = (a: Map<string, number>, b: Map<string, number>) => {
      let dot = 0;
      for (const [k, w] of a) dot += w * (b.get(k) ?? 0);
      const len = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
      return dot / (len(a) * len(b));
    };
    const q = vec(feats[0]!);
    const [first] = query(index, papers[0]!);
    const expected = cosine(q, vec(feats[1]!));
    // The index's score is the dot product with the candidate's unit vector (16-bit weights).
    const qLen = Math.sqrt([...q.values()].reduce((s, w) => s + w * w, 0));
    expect(first!.score / qLen).toBeCloseTo(expected, 3);
  });

  it('names the shared features that weigh the most, a word named in a pair not repeated', async () => {
    const index = await build();
    const q = indexQuery(index, paperFeatures(papers[0]!.title, papers[0]!.abstract));
    const named = namedShared(sharedWith(index, q, 11));
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThanOrEqual(3);
    expect(named.join(' ')).toMatch(/toxic|molecular|graph|neural/);
    expect(sharedWith(index, q, 15)).toEqual([]); // zebrafish: nothing in common
  });

  it('gives the same index whatever the batch size, and matches a text that is not indexed', async () => {
    const a = await build(papers, 7);
    const b = await build(papers, 1);
    expect([...b.docs]).toEqual([...a.docs]);
    expect([...b.weights]).toEqual([...a.weights]);
    const fresh = { id: 999, title: 'Speech recognition of languages', abstract: 'low resource speech' };
    expect(query(a, fresh).map((n) => n.id)).toEqual([14, 13]);
  });

  it('indexes no feature of one paper only, nor one in most papers', async () => {
    const index = await build();
    const has = (f: string) => index.hashes.includes(featureHash(f));
    expect(has('zebrafish')).toBe(false); // in one paper
    expect(has('toxic')).toBe(true);
    expect(has('molecular toxic')).toBe(true); // a pair in two papers
    const crowded = await build(
      Array.from({ length: 60 }, (_, i) => ({ id: i + 1, title: `Common words ${i}`, abstract: 'shared' })),
    );
    expect(crowded.hashes.includes(featureHash('share'))).toBe(false);
    expect(crowded.hashes.includes(featureHash('common'))).toBe(false);
  });

  it('without the postings of its commonest features, re-scores the best candidates to the same cosine', async () => {
    const full = await build();
    // Features in more than 2 papers ("molecular", "graph", "neural") keep no postings.
    const split = await build(papers, 7, () => 2);
    expect(split.docs.length).toBeLessThan(full.docs.length);
    expect([...split.df]).toEqual([...full.df]);
    const features = paperFeatures(papers[0]!.title, papers[0]!.abstract);
    const q = indexQuery(split, features);
    expect(q.partial).toBe(true);
    expect(indexQuery(full, features).partial).toBe(false);
    const candidates = nearestPapers(split, q.terms, RESCORED, papers[0]!.id);
    const texts = papers.filter((p) => candidates.some((c) => c.id === p.id));
    const ranked = rescored(split, q, texts, 3);
    const expected = query(full, papers[0]!);
    expect(ranked.map((r) => r.id)).toEqual(expected.map((e) => e.id));
    // Whole vectors in floating point against 16-bit posting weights.
    for (const [i, r] of ranked.entries()) expect(r.score / expected[i]!.score).toBeCloseTo(1, 3);
    expect(namedShared(ranked[0]!.parts).join(' ')).toMatch(/molecular|graph|neural/);
    expect(listedUpTo(22_648)).toBeGreaterThan(0.1 * 22_648); // every indexed feature listed
    expect(listedUpTo(2_700_000)).toBe(27_000);
  });

  it('asks rarer features of larger corpora: 2 papers, up to 5 from 10,000 papers', () => {
    expect(minDf(6)).toBe(2);
    expect(minDf(6_000)).toBe(3);
    expect(minDf(22_648)).toBe(5);
    expect(minDf(1_000_000)).toBe(5);
  });
});
