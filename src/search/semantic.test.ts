/**
 * The semantic path end to end with a real (tiny, random) BERT-style ONNX model run by
 * transformers.js: load offline, tokenise, pool, normalise, store in SQLite (in-memory binary index) or
 * pgvector (PGlite), search, fuse, fall back on timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/db.ts';
import { makePaper } from '../../test/support/factories.ts';
import { createPgliteDb } from '../../test/support/pglite.ts';
import type { Db } from '../db/connect.ts';
import { upsertPapers } from '../papers/papers.repo.ts';
import { fixedClock } from '../shared/clock.ts';
import { type Embedder, TransformersEmbedder } from './embedder.ts';
import { type SearchSettings, searchPapers } from './search.ts';
import { createSemanticRetriever, embedMissing, similarPapers } from './semantic.ts';
import { embeddingCounts, nearestPapers, storeEmbeddings } from './vectors.repo.ts';

const MODEL_DIR = new URL('../../test/fixtures/models/', import.meta.url).pathname;
const now = new Date('2026-02-01T00:00:00Z');
const clock = fixedClock(now);
const settings: SearchSettings = {
  columnWeights: { title: 5, authors: 2, abstract: 1 },
  candidates: 1000,
  lexicalWeight: 1,
  semanticWeight: 1,
  fusion: { k: 60, recencyWeight: 0, recencyHalfLifeDays: 365, popularityWeight: 0 },
};

function tinyModel(): TransformersEmbedder {
  return new TransformersEmbedder({
    model: 'paperboy/tiny-bert',
    modelDir: MODEL_DIR,
    allowDownload: false,
    cacheDir: '/nonexistent',
    pooling: 'mean',
    queryPrefix: '',
  });
}

const corpus = [
  makePaper({
    title: 'Graph neural network reasoning',
    abstract: 'graph neural network for reasoning on graphs',
  }),
  makePaper({ title: 'Speech translation', abstract: 'speech audio translation model' }),
  makePaper({ title: 'Protein molecule physics', abstract: 'protein molecule physics quantum' }),
  makePaper({ title: 'Video diffusion generation', abstract: 'video diffusion generation of images' }),
  makePaper({ title: 'Robot reinforcement learning agents', abstract: 'robot agent reinforcement learning' }),
];

describe('TransformersEmbedder (tiny committed model, offline)', () => {
  const e = tinyModel();
  it('loads, tokenises, pools and normalises', async () => {
    const [a, b, a2] = await e.embed(
      ['graph neural network', 'speech audio', 'Graph Neural Network'],
      'document',
    );
    expect(a).toHaveLength(32);
    const norm = Math.hypot(...a!);
    expect(norm).toBeCloseTo(1, 5);
    expect(Array.from(a!)).toEqual(Array.from(a2!)); // lower-casing normaliser
    expect(Array.from(a!)).not.toEqual(Array.from(b!));
  });
  it('gives the same vector alone or in a padded batch', async () => {
    const [alone] = await e.embed(['protein'], 'query');
    const [, inBatch] = await e.embed(
      ['a much longer text about graph neural networks and robots', 'protein'],
      'query',
    );
    for (let i = 0; i < 32; i++) expect(inBatch![i]).toBeCloseTo(alone![i]!, 5);
  });
  it('fails clearly when the model is missing and downloads are off', async () => {
    const missing = new TransformersEmbedder({
      model: 'paperboy/no-such-model',
      modelDir: MODEL_DIR,
      allowDownload: false,
      cacheDir: '/nonexistent',
      pooling: 'mean',
      queryPrefix: '',
    });
    await expect(missing.embed(['x'], 'query')).rejects.toThrow();
  });
});

const backends: [string, () => Promise<Db>][] = [
  ['sqlite (binary index + float rerank)', () => createTestDb('sqlite')],
  ['postgres (PGlite + pgvector)', createPgliteDb],
];

for (const [name, open] of backends) {
  describe(`semantic search [${name}]`, () => {
    let db: Db;
    const embedder = tinyModel();
    beforeAll(async () => {
      db = await open();
      await upsertPapers(db, corpus, { source: 'test', now });
    }, 180_000); // PGlite compiles PostgreSQL and runs every migration in WebAssembly
    afterAll(async () => {
      await db?.close();
    });

    it('embeds in resumable batches', async () => {
      const first = await embedMissing({ db, embedder, clock }, { batchSize: 2, max: 3 });
      expect(first.embedded).toBe(3);
      expect(await embeddingCounts(db, embedder.model)).toEqual({ embedded: 3, papers: 5 });
      const rest = await embedMissing({ db, embedder, clock }, { batchSize: 2 });
      expect(rest.embedded).toBe(2);
      expect((await embedMissing({ db, embedder, clock })).embedded).toBe(0);
    });

    it('embeds a paper again when a new version changes its text', async () => {
      const later = new Date(now.getTime() + 86_400_000);
      const revised = {
        ...corpus[1]!,
        version: 2,
        abstract: 'speech recognition and audio translation model',
      };
      await upsertPapers(db, [revised], { source: 'test', now: later });
      expect(await embeddingCounts(db, embedder.model)).toEqual({ embedded: 4, papers: 5 });
      const again = await embedMissing({ db, embedder, clock: fixedClock(later) });
      expect(again.embedded).toBe(1);
      expect(await embeddingCounts(db, embedder.model)).toEqual({ embedded: 5, papers: 5 });
    });

    it('finds a paper by the meaning of its text and lists similar papers without itself', async () => {
      const semantic = createSemanticRetriever({ db, embedder, timeoutMs: 60_000 });
      const hits = await semantic.search('graph neural network reasoning on graphs', 3);
      const top = await db.kysely
        .selectFrom('papers')
        .select('arxiv_id')
        .where('id', '=', hits[0]!.id)
        .executeTakeFirst();
      expect(top?.arxiv_id).toBe(corpus[0]!.arxivId);
      const sim = await similarPapers(db, hits[0]!.id, 10);
      expect(sim.map((s) => s.id)).not.toContain(hits[0]!.id);
      expect(sim).toHaveLength(4);
    });

    it('fuses semantic results in hybrid search and says so', async () => {
      const semantic = createSemanticRetriever({ db, embedder, timeoutMs: 60_000 });
      const r = await searchPapers({ db, clock, settings, semantic }, 'protein molecule');
      expect(r.semantic).toBe('on');
      expect(r.hits[0]?.card.arxivId).toBe(corpus[2]!.arxivId);
      // Semantic-only retrieval also returns papers sharing no word with the query.
      const s = await searchPapers({ db, clock, settings, semantic }, 'protein molecule', {
        mode: 'semantic',
      });
      expect(s.hits.length).toBeGreaterThan(1);
    });

    it('applies filters and exclusions to semantic results too', async () => {
      const semantic = createSemanticRetriever({ db, embedder, timeoutMs: 60_000 });
      const deps = { db, clock, settings, semantic };
      expect((await searchPapers(deps, 'protein molecule year:2020')).hits).toEqual([]);
      const r = await searchPapers(deps, 'protein molecule -physics', { mode: 'semantic' });
      expect(r.hits.length).toBeGreaterThan(0);
      expect(r.hits.map((h) => h.card.arxivId)).not.toContain(corpus[2]!.arxivId);
      // Typing never waits for an embedding.
      expect((await searchPapers(deps, 'protein mol', { prefix: true })).semantic).toBe('unused');
    });

    it('falls back to keywords when the query embedding is too slow', async () => {
      const stuck: Embedder = { model: embedder.model, embed: () => new Promise(() => {}) };
      const semantic = createSemanticRetriever({ db, embedder: stuck, timeoutMs: 20 });
      const r = await searchPapers({ db, clock, settings, semantic }, 'speech translation');
      expect(r.semantic).toBe('fallback');
      expect(r.hits[0]?.card.arxivId).toBe(corpus[1]!.arxivId);
    });
  });
}

for (const [name, open] of backends) {
  describe(`approximate k-NN against exact search [${name}]`, () => {
    let db: Db;
    let vectors: { paperId: number; vector: Float32Array }[];
    let seed = 42;
    const dims = 64;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const unit = () => {
      const v = Float32Array.from({ length: dims }, rand);
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const exact = (query: Float32Array, k: number) =>
      vectors
        .map((v) => ({ id: v.paperId, s: v.vector.reduce((a, x, i) => a + x * query[i]!, 0) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, k)
        .map((x) => x.id);
    beforeAll(async () => {
      db = await open();
      await upsertPapers(
        db,
        Array.from({ length: 300 }, () => makePaper()),
        { source: 'test', now },
      );
      const ids = (await db.kysely.selectFrom('papers').select('id').orderBy('id').execute()).map(
        (r) => r.id,
      );
      vectors = ids.map((id) => ({ paperId: id, vector: unit() }));
      await storeEmbeddings(db, vectors, 'random', now);
    }, 180_000); // PGlite: PostgreSQL, migrations and the HNSW index built in WebAssembly
    afterAll(async () => {
      await db?.close();
    });

    it('keeps recall@10', async () => {
      let found = 0;
      for (let q = 0; q < 20; q++) {
        const query = unit();
        const want = exact(query, 10);
        const approx = (await nearestPapers(db, query, { k: 10, oversample: 10 })).map((c) => c.id);
        found += approx.filter((id) => want.includes(id)).length;
      }
      expect(found / 200).toBeGreaterThanOrEqual(0.9);
    });

    it("answers as many candidates as asked, deeper than pgvector's default search list (40)", async () => {
      const query = unit();
      const got = (await nearestPapers(db, query, { k: 100, oversample: 2 })).map((c) => c.id);
      expect(got).toHaveLength(100);
      const want = exact(query, 100);
      expect(got.filter((id) => want.includes(id)).length).toBeGreaterThanOrEqual(90);
    });
  });
}
