import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../../test/support/db.ts';
import { PG_URL } from '../../test/support/env.ts';
import { mrrAt, ndcgAt, parseQrels, recallAt, runEval } from './eval.ts';
import type { SearchSettings } from './search.ts';

const DIR = new URL('../../test/fixtures/scifact-mini/', import.meta.url).pathname;
const settings: SearchSettings = {
  columnWeights: { title: 5, authors: 2, abstract: 1 },
  candidates: 20000,
  lexicalWeight: 1,
  semanticWeight: 1,
  fusion: { k: 60, recencyWeight: 0.5, recencyHalfLifeDays: 365, popularityWeight: 0.5 },
};

describe('retrieval metrics', () => {
  const rel = new Map([
    ['a', 1],
    ['b', 2],
    ['z', 0],
  ]);
  it('nDCG@k: 1 for the ideal order, less otherwise, 0 when nothing relevant is found', () => {
    expect(ndcgAt(['b', 'a', 'x'], rel, 10)).toBeCloseTo(1, 10);
    const swapped = (1 / 1 + 2 / Math.log2(3)) / (2 / 1 + 1 / Math.log2(3));
    expect(ndcgAt(['a', 'b'], rel, 10)).toBeCloseTo(swapped, 10);
    expect(ndcgAt(['x', 'y'], rel, 10)).toBe(0);
    expect(ndcgAt(['x', 'b'], rel, 1)).toBe(0);
  });
  it('Recall@k and MRR@k', () => {
    expect(recallAt(['x', 'a'], rel, 100)).toBe(0.5);
    expect(recallAt(['x', 'a'], rel, 1)).toBe(0);
    expect(mrrAt(['x', 'z', 'b'], rel, 10)).toBeCloseTo(1 / 3, 10);
    expect(mrrAt(['x'], rel, 10)).toBe(0);
  });
  it('reads BEIR qrels, skipping the header', () => {
    const q = parseQrels('query-id\tcorpus-id\tscore\n1\t10\t1\n1\t11\t2\n2\t12\t1\n');
    expect([...q.keys()]).toEqual(['1', '2']);
    expect(q.get('1')?.get('11')).toBe(2);
  });
});

describe('paperboy eval on a SciFact sample', () => {
  it('scores lexical search over the real pipeline and skips semantic modes without an embedder', async () => {
    const r = await runEval(
      { corpus: `${DIR}corpus.jsonl`, queries: `${DIR}queries.jsonl`, qrels: `${DIR}qrels/train.tsv` },
      { settings, embedder: null },
    );
    expect(r.corpus).toBe(70);
    expect(r.queries).toBe(12);
    const lex = r.modes.lexical as { 'nDCG@10': number; 'Recall@100': number; 'MRR@10': number };
    // On 70 abstracts every judged one should be found, most near the top.
    expect(lex['Recall@100']).toBeGreaterThan(0.9);
    expect(lex['nDCG@10']).toBeGreaterThan(0.6);
    expect(r.modes.semantic).toEqual({ skipped: expect.stringContaining('no embedder') });
  });
});

forEachDialect('paperboy eval on the instance dialect', (dialect) => {
  // PostgreSQL: a scratch database on the test server, created and dropped by the eval.
  const databaseUrl = dialect === 'postgres' ? PG_URL : undefined;
  const serverState = async () => {
    if (!databaseUrl) return null;
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const dbs = await c.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'paperboy\\_eval\\_%'",
      );
      const tables = await c.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
      );
      return { scratch: dbs.rows.map((r) => r.datname).sort(), tables: tables.rows[0]!.n };
    } finally {
      await c.end();
    }
  };

  it('runs the pipeline on a scratch database of that dialect and leaves the server as it was', async () => {
    const before = await serverState();
    const r = await runEval(
      { corpus: `${DIR}corpus.jsonl`, queries: `${DIR}queries.jsonl`, qrels: `${DIR}qrels/train.tsv` },
      { settings, embedder: null, modes: ['lexical'], databaseUrl },
    );
    expect(r.dialect).toBe(dialect);
    expect(r.corpus).toBe(70);
    expect(r.queries).toBe(12);
    const lex = r.modes.lexical as { 'nDCG@10': number; 'Recall@100': number };
    expect(lex['Recall@100']).toBeGreaterThan(0.9);
    expect(lex['nDCG@10']).toBeGreaterThan(0.6);
    // The FTS5 baseline exists on SQLite only.
    expect(r.baseline['fts5-bm25'] !== undefined).toBe(dialect === 'sqlite');
    // Nothing written to the URL's own database, no scratch database left behind.
    expect(await serverState()).toEqual(before);
  });
});
