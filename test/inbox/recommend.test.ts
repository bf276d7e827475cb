import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCorpus, type CorpusRow, rowVector } from '../../src/inbox/recommend/corpus.ts';
import { scoreOne, train } from '../../src/inbox/recommend/model.ts';
import { buildExamples, DEFAULT_RANK, sampleUnseen, trainMember } from '../../src/inbox/recommend/rank.ts';
import type { Signal } from '../../src/inbox/signals.repo.ts';

const TOPICS = [
  'speculative decoding for fast language model inference with draft models',
  'diffusion models for image generation and denoising score matching',
  'reinforcement learning from human feedback for reward modelling',
  'graph neural networks for molecule property prediction',
  'retrieval augmented generation with dense passage retrieval',
  'vision transformers for object detection and segmentation',
];

/** A small corpus of papers on distinct topics, with some word noise. */
function corpusRows(n: number, salt = 0): CorpusRow[] {
  return Array.from({ length: n }, (_, i) => {
    const topic = TOPICS[(i * 7 + salt) % TOPICS.length] as string;
    return {
      id: i + 1,
      title: `${topic.split(' ').slice(0, 4).join(' ')} study ${i % 5}`,
      abstract: `We study ${topic}. Variant ${i % 3} of the setting, measured on benchmark ${i % 4}.`,
      authorsText: `Author ${i % 9}, Author ${(i + 3) % 9}`,
      categories: 'cs.CL',
      upvotes: i % 11,
      publishedAt: '2026-08-20T00:00:00.000Z',
    };
  });
}

describe('For You model', () => {
  const corpus = buildCorpus(corpusRows(120));
  const vectorOf = (id: number) => {
    const row = corpus.rowOf.get(id);
    return row === undefined ? undefined : rowVector(corpus, row);
  };
  const signals: Signal[] = [
    { paperId: 1, kind: 'save' },
    { paperId: 7, kind: 'upvote' },
    { paperId: 13, kind: 'more_like_this' },
    { paperId: 4, kind: 'hidden' },
    { paperId: 5, kind: 'never' },
  ];

  it('training is deterministic for a fixed seed, and the seed chooses the sampled negatives', () => {
    const a = trainMember(signals, corpus, 42, vectorOf, DEFAULT_RANK);
    const b = trainMember([...signals].reverse(), corpus, 42, vectorOf, DEFAULT_RANK);
    expect(Array.from(b.val)).toEqual(Array.from(a.val));
    expect(b.bias).toBe(a.bias);
    const other = sampleUnseen(corpus.ids, 42, { ...DEFAULT_RANK, seed: 2, unseenNegatives: 20 });
    expect(other).not.toEqual(sampleUnseen(corpus.ids, 42, { ...DEFAULT_RANK, unseenNegatives: 20 }));
    expect(sampleUnseen(corpus.ids, 42, { ...DEFAULT_RANK, unseenNegatives: 20 })).toHaveLength(20);
  });

  it('ranks papers like the positives above papers like the negatives', () => {
    const m = trainMember(signals, corpus, 42, vectorOf, DEFAULT_RANK);
    const topicOf = (id: number) => ((id - 1) * 7) % TOPICS.length;
    const liked = corpus.rows.filter((r) => topicOf(r.id) === topicOf(1) && r.id !== 1);
    const disliked = corpus.rows.filter((r) => topicOf(r.id) === topicOf(5) && r.id !== 5);
    const mean = (rows: CorpusRow[]) =>
      rows.reduce((s, r) => s + scoreOne(m, vectorOf(r.id) as never), 0) / rows.length;
    expect(mean(liked)).toBeGreaterThan(mean(disliked) + 0.1);
  });

  it('adding a positive signal never lowers that paper’s own score (property)', () => {
    const small = buildCorpus(corpusRows(40));
    const vec = (id: number) => {
      const row = small.rowOf.get(id);
      return row === undefined ? undefined : rowVector(small, row);
    };
    const kinds = ['save', 'upvote', 'more_like_this', 'author_follow', 'hidden', 'never'] as const;
    const signal = fc.record({ paperId: fc.integer({ min: 1, max: 40 }), kind: fc.constantFrom(...kinds) });
    fc.assert(
      fc.property(
        fc.array(signal, { maxLength: 25 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('save', 'upvote', 'more_like_this', 'author_follow'),
        fc.integer({ min: 0, max: 1000 }),
        (before: Signal[], paperId, kind, seed) => {
          const settings = { ...DEFAULT_RANK, seed, unseenNegatives: 15 };
          const x = vec(paperId);
          if (!x) throw new Error('paper outside the corpus');
          const m0 = trainMember(before, small, 7, vec, settings);
          const m1 = trainMember([...before, { paperId, kind }], small, 7, vec, settings);
          // Training stops at a gradient norm of 1e-6 (λ = 1): scores are exact to ~1e-6.
          expect(scoreOne(m1, x)).toBeGreaterThanOrEqual(scoreOne(m0, x) - 1e-5);
        },
      ),
      { numRuns: 60, seed: 20261201 },
    );
  });

  it('examples come in one canonical order, sampled papers with a signal are not negatives', () => {
    const ex = buildExamples([{ paperId: 3, kind: 'save' }], [3, 2], vectorOf);
    expect(ex.map((e) => e.positive)).toEqual([false, true]);
    expect(train([], undefined).idx).toHaveLength(0);
  });
});
