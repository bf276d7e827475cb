/**
 * The in-memory vector index: centred sign codes, the Hamming shortlist, the int8
 * re-score against a reference implementation, a deep shortlist finding what a shallow
 * one misses, replacement of re-embedded papers, and a vector written by another process
 * reaching a running server's index.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/db.ts';
import { makePaper } from '../../test/support/factories.ts';
import { connect } from '../db/connect.ts';
import { upsertPapers } from '../papers/papers.repo.ts';
import { BinaryIndex } from './binary-index.ts';
import { nearestPapers, storeEmbeddings } from './vectors.repo.ts';

const now = new Date('2026-02-01T00:00:00Z');

// Small integers keep every sum exact, so the reference and the index agree on ties.
const DIMS = 40; // not a multiple of 32: the last code word is partly used
const intVector = fc
  .array(fc.integer({ min: -8, max: 8 }), { minLength: DIMS, maxLength: DIMS })
  .map((a) => Float32Array.from(a));

function bits(v: Float32Array, centre: Float32Array): boolean[] {
  return Array.from(v, (x, d) => x > centre[d]!);
}

describe('BinaryIndex', () => {
  it('codes each dimension as above or below the centre', () => {
    fc.assert(
      fc.property(intVector, intVector, (v, centre) => {
        const code = new BinaryIndex(centre).code(v);
        const got = Array.from({ length: DIMS }, (_, d) => ((code[d >>> 3]! >>> (d & 7)) & 1) === 1);
        expect(got).toEqual(bits(v, centre));
      }),
    );
  });

  it('ranks by the float query against the int8 codes when the shortlist holds every paper', () => {
    fc.assert(
      fc.property(
        fc.array(intVector, { minLength: 1, maxLength: 120 }),
        intVector,
        intVector,
        fc.integer({ min: 1, max: 150 }),
        (vectors, centre, query, pool) => {
          const index = new BinaryIndex(centre, 4);
          for (const [i, v] of vectors.entries()) index.upsert(i + 1, v);
          // Reference: (v − centre) in units of max |v − centre| / 127, rounded.
          const score = (v: Float32Array) => {
            const off = Array.from(v, (x, d) => x - centre[d]!);
            const unit = Math.fround(Math.max(0, ...off.map(Math.abs)) / 127);
            const codes = off.map((x) => (unit === 0 ? 0 : Math.round(x / unit)));
            return codes.reduce((s, c, d) => s + query[d]! * c, 0) * unit;
          };
          const expected = vectors
            .map((v, i) => ({ id: i + 1, s: score(v) }))
            .sort((a, b) => b.s - a.s || a.id - b.id)
            .slice(0, pool)
            .map((x) => x.id);
          expect(index.nearest(query, pool, vectors.length)).toEqual(expected);
        },
      ),
    );
  });

  it('finds the exact top 10 with a deep shortlist where a shallow one misses some', () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32 - 0.5;
    };
    const dims = 48;
    const vectors = Array.from({ length: 3000 }, () => Float32Array.from({ length: dims }, random));
    const index = new BinaryIndex(new Float32Array(dims), 16);
    for (const [i, v] of vectors.entries()) index.upsert(i + 1, v);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, d) => s + x * b[d]!, 0);
    let shallowMissed = 0;
    for (let q = 0; q < 5; q++) {
      const query = Float32Array.from({ length: dims }, random);
      const top10 = (ids: number[]) =>
        ids
          .map((id) => ({ id, s: dot(query, vectors[id - 1]!) }))
          .sort((a, b) => b.s - a.s)
          .slice(0, 10)
          .map((x) => x.id);
      const exact = top10(vectors.map((_, i) => i + 1));
      // As nearestPapers does: the pool reranked by the float vectors.
      expect(top10(index.nearest(query, 30, 3000))).toEqual(exact);
      shallowMissed += exact.filter((id) => !top10(index.nearest(query, 30, 30)).includes(id)).length;
    }
    expect(shallowMissed).toBeGreaterThan(0);
  });

  it.each([
    [DIMS, 100],
    [1000, 10], // 32 code words: more than one fold of the byte counts
  ])(
    'shortlists by Hamming distance: nothing farther than the shortlist-th code comes back (%i dimensions)',
    (dims, numRuns) => {
      const vec = fc
        .array(fc.integer({ min: -8, max: 8 }), { minLength: dims, maxLength: dims })
        .map((a) => Float32Array.from(a));
      fc.assert(
        fc.property(
          fc.array(vec, { minLength: 1, maxLength: 120 }),
          vec,
          fc.integer({ min: 1, max: 60 }),
          (vectors, query, shortlist) => {
            const centre = new Float32Array(dims);
            const index = new BinaryIndex(centre, 4);
            for (const [i, v] of vectors.entries()) index.upsert(i + 1, v);
            const q = bits(query, centre);
            const dist = vectors.map((v) => bits(v, centre).filter((b, d) => b !== q[d]).length);
            const cut = [...dist].sort((a, b) => a - b)[Math.min(shortlist, dist.length) - 1]!;
            const got = index.nearest(query, shortlist, shortlist);
            expect(got.length).toBe(Math.min(shortlist, vectors.length));
            for (const id of got) expect(dist[id - 1]).toBeLessThanOrEqual(cut);
          },
        ),
        { numRuns },
      );
    },
  );

  it('counts every differing bit of long codes (byte counts folded before they overflow)', () => {
    const dims = 1024;
    const index = new BinaryIndex(new Float32Array(dims));
    const query = new Float32Array(dims).fill(-1);
    index.upsert(1, new Float32Array(dims).fill(1)); // 1,024 bits differ
    const almost = new Float32Array(dims).fill(1);
    almost[500] = -1;
    index.upsert(2, almost); // 1,023 differ
    index.upsert(
      3,
      query.map((_, d) => (d % 2 ? 1 : -1)),
    ); // 512 differ
    expect(index.nearest(query, 1, 1)).toEqual([3]);
    expect(index.nearest(query, 2, 2)).toEqual([3, 2]);
  });

  it('replaces the vector of a paper added again instead of listing it twice', () => {
    const index = new BinaryIndex(new Float32Array(4));
    index.upsert(5, Float32Array.of(-1, -1, -1, -1));
    index.upsert(9, Float32Array.of(1, 1, -1, -1));
    index.upsert(5, Float32Array.of(1, 1, 1, 1));
    expect(index.size).toBe(2);
    expect(index.nearest(Float32Array.of(1, 1, 1, 1), 1)).toEqual([5]);
    expect(index.nearest(Float32Array.of(1, 1, 1, 1), 5)).toEqual([5, 9]);
  });

  it('finds the slot to replace whether ids arrived in order or not', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 200 }), (ids) => {
        const index = new BinaryIndex(new Float32Array(4));
        const last = new Map<number, number>();
        for (const [i, id] of ids.entries()) {
          index.upsert(id, Float32Array.of(i % 2 ? 1 : -1, 1, 1, 1));
          last.set(id, i);
        }
        expect(index.size).toBe(last.size);
        // The latest vector of each id is the one kept: odd positions point along the query.
        const query = Float32Array.of(1, 0, 0, 0);
        const expected = [...last].filter(([, i]) => i % 2).map(([id]) => id);
        const got = index.nearest(query, last.size, last.size).slice(0, expected.length);
        expect(got.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      }),
    );
  });
});

describe('vector index kept current across processes (SQLite)', () => {
  it('sees vectors another connection stored after the index was loaded', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-vec-'));
    const file = path.join(dir, 'paperboy.db');
    const server = await createTestDb('sqlite', { sqlitePath: file });
    try {
      await upsertPapers(server, [makePaper(), makePaper(), makePaper()], { source: 'test', now });
      const ids = (await server.kysely.selectFrom('papers').select('id').orderBy('id').execute()).map(
        (r) => r.id,
      );
      const axis = (i: number) => Float32Array.from({ length: 8 }, (_, d) => (d === i ? 1 : -0.1));
      await storeEmbeddings(server, [{ paperId: ids[0]!, vector: axis(0) }], 'm', now);
      expect((await nearestPapers(server, axis(1), { k: 3 })).map((c) => c.id)).toEqual([ids[0]]);

      // Another process (a `paperboy embed` run) adds one vector and replaces another.
      const cli = connect({ sqlitePath: file });
      await storeEmbeddings(
        cli,
        [
          { paperId: ids[1]!, vector: axis(1) },
          { paperId: ids[0]!, vector: axis(2) },
        ],
        'm',
        new Date(now.getTime() + 1000),
      );
      await cli.close();

      const near = await nearestPapers(server, axis(1), { k: 1 });
      expect(near.map((c) => c.id)).toEqual([ids[1]]);
      expect(near[0]!.score).toBeCloseTo(1.07, 5);
      expect((await nearestPapers(server, axis(2), { k: 1 }))[0]!.id).toBe(ids[0]);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
