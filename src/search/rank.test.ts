import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/support/db.ts';
import { HAS_NATIVE_RANKER } from '../../test/support/env.ts';
import { makePaper } from '../../test/support/factories.ts';
import { upsertPapers } from '../papers/papers.repo.ts';
import { bm25Idf, tsRankWeights } from './bm25.ts';
import { ftsExpression, ftsPhrases, lexicalSearch } from './lexical.repo.ts';
import { candidateCap, matchesAsBroad, matchPlan, type Pass, scoredUnits } from './passes.ts';
import { parseQuery } from './query-parser.ts';
import { estimatedCount, nativeRanking, phraseCounts } from './rank.repo.ts';

const VOCAB = [
  'graph',
  'neural',
  'network',
  'language',
  'model',
  'diffusion',
  'reward',
  'robot',
  'vision',
  'sparse',
];
const NAMES = ['Wei Wang', 'Ana Lopez', 'Li Zhang', 'Sam Wang Park', 'Olga Ivanova'];

/** Deterministic texts with repeated words, so term frequencies and lengths vary. */
function corpus(n: number) {
  let seed = 7;
  const r = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const words = (k: number) =>
    Array.from({ length: k }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(' ');
  return Array.from({ length: n }, (_, i) =>
    makePaper({
      title: `${words(2 + (i % 4))} study`,
      abstract: `We study ${words(5 + (i % 9))}. ${words(3)} matters.`,
      authors: [{ name: NAMES[i % NAMES.length]! }, { name: NAMES[(i * 3 + 1) % NAMES.length]! }],
    }),
  );
}

const QUERIES: [string, Pass][] = [
  ['graph', 'all'],
  ['neural network', 'all'],
  ['language model reward', 'all'],
  ['language model reward', 'most'],
  ['language model reward', 'any'],
  ['"neural network" vision', 'all'],
  ['"neural network" vision', 'any'],
  ['author:wang diffusion', 'all'],
  ['author:wang', 'all'],
  ['model -robot', 'all'],
  ['sparse +vision', 'any'],
];

describe.skipIf(!HAS_NATIVE_RANKER)('pb_bm25 against FTS5 bm25() [sqlite]', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb('sqlite');
    await upsertPapers(db, corpus(120), { source: 'test', now: new Date('2026-01-01T00:00:00Z') });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('loads the library built at install', () => {
    expect(nativeRanking(db)).toBe(true);
  });

  it.each(QUERIES)('ranks %s (%s pass) exactly as bm25() does, scores equal', async (text, pass) => {
    const opts = { limit: 200, candidates: 5000, weights: { title: 5, authors: 2, abstract: 1 }, pass };
    const q = parseQuery(text);
    const native = await lexicalSearch(db, q, opts);
    const engine = await lexicalSearch(db, q, { ...opts, engineRanking: true });
    expect(native!.length).toBeGreaterThan(0);
    expect(native!.map((c) => c.id)).toEqual(engine!.map((c) => c.id));
    if (ftsPhrases(matchPlan(q, pass)!).positive.length > 1) expect(native).toEqual(engine);
    else {
      // One phrase: its count (not taken) scales every score alike.
      const scale = engine![0]!.score === 0 ? 1 : native![0]!.score / engine![0]!.score;
      expect(native!.map((c) => c.score)).toEqual(engine!.map((c) => expect.closeTo(c.score * scale, 9)));
    }
  });

  it('counts each phrase as bm25() does, and again after the papers change', async () => {
    const count = async (m: string) =>
      Number(
        (
          await sql<{ n: number }>`SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ${m}`.execute(
            db.kysely,
          )
        ).rows[0]!.n,
      );
    const plan = matchPlan(parseQuery('"neural network" author:wang graph -robot'), 'all')!;
    const { positive: phrases, excluded } = ftsPhrases(plan);
    expect([phrases.length, excluded]).toEqual([3, 1]);
    const before = await phraseCounts(db, phrases);
    expect(before).toEqual(await Promise.all(phrases.map(count)));
    await upsertPapers(db, [makePaper({ title: 'graph graph robot', authors: [{ name: 'Wei Wang' }] })], {
      source: 'test',
      now: new Date('2026-01-02T00:00:00Z'),
    });
    const after = await phraseCounts(db, phrases);
    expect(after).toEqual(await Promise.all(phrases.map(count)));
    expect(after[2]).toBe(before[2]! + 1); // the authors phrase
  });

  it('uses the counts given, and counts itself when they do not fit the phrases', async () => {
    const match = ftsExpression(matchPlan(parseQuery('graph reward'), 'all')!);
    const top = async (score: string) =>
      (
        await sql<{ s: number }>`SELECT ${sql.raw(score)} AS s FROM papers_fts WHERE papers_fts MATCH ${match}
          ORDER BY rowid LIMIT 1`.execute(db.kysely)
      ).rows[0]!.s;
    const engine = await top('bm25(papers_fts, 5, 2, 1)');
    expect(await top('pb_bm25(papers_fts, 5, 2, 1)')).toBe(engine);
    expect(await top('pb_bm25(papers_fts, 5, 2, 1, 1)')).toBe(engine);
    expect(await top('pb_bm25(papers_fts, 5, 2, 1, NULL, NULL)')).toBe(engine);
    expect(await top('pb_bm25(papers_fts, 5, 2, 1, 1, 1)')).toBeLessThan(engine);
  });
});

describe('estimatedCount', () => {
  it('is exact below the sample, else the density of the newest matches over the whole span', () => {
    // 2,000 matches within the newest 10,000 ids: a fifth of the papers.
    expect(estimatedCount(2000, 990_001, { span: 1_000_000, maxId: 1_000_000 })).toBe(200_000);
    // Fewer: the walk saw them all.
    expect(estimatedCount(120, 5, { span: 1_000_000, maxId: 1_000_000 })).toBe(120);
    expect(estimatedCount(0, null, { span: 1_000_000, maxId: 1_000_000 })).toBe(0);
    // Ids with gaps: the span, not the count of papers, is what the density scales to.
    expect(estimatedCount(2000, 1_990_001, { span: 1_500_000, maxId: 2_000_000 })).toBe(300_000);
  });
});

describe('matchesAsBroad', () => {
  const broad = (q: string, pass: Pass) => matchesAsBroad(matchPlan(parseQuery(q), pass)!);
  it('skips the exact check only where the words alone already decide the match', () => {
    expect(broad('graph neural network', 'all')).toBe(true);
    // A phrase, an author or an exclusion is checked on the candidates in the strict pass...
    expect(broad('"neural network"', 'all')).toBe(false);
    expect(broad('graph author:wang', 'all')).toBe(false);
    expect(broad('graph neural -robot', 'all')).toBe(false);
    // ...but a phrase OR-ed beside its own words (a boost in the relaxed passes) filters nothing.
    expect(broad('"neural network"', 'any')).toBe(true);
    expect(broad('"graph neural network"', 'most')).toBe(true);
    // Beside groups of three other words each, a two-word phrase still admits papers alone.
    expect(broad('reward "neural network" robot', 'most')).toBe(false);
    expect(broad('"neural network" graph author:wang', 'any')).toBe(false);
  });
});

describe('candidateCap', () => {
  it('ranks part of the cap in the strict pass and all of it in the relaxed ones', () => {
    expect(candidateCap('all', 5000)).toBe(2000);
    expect(candidateCap('most', 5000)).toBe(5000);
    expect(candidateCap('any', 5000)).toBe(5000);
    // Never none, however small the cap.
    expect(candidateCap('all', 1)).toBe(1);
  });
});

describe('PostgreSQL scoring parts', () => {
  it("BM25's idf falls as a unit grows common and never goes negative", () => {
    expect(bm25Idf(1, 1_000_000)).toBeCloseTo(Math.log(1 + 999_999.5 / 1.5), 9);
    expect(bm25Idf(10, 1000)).toBeGreaterThan(bm25Idf(100, 1000));
    expect(bm25Idf(999, 1000)).toBeGreaterThan(0);
    // A count above the papers (estimates on a table the planner never sized) stays finite.
    expect(bm25Idf(50, 1)).toBeGreaterThan(0);
    expect(Number.isFinite(bm25Idf(50, 1))).toBe(true);
  });
  it('saturates the column weights into ts_rank order {D, C, B, A}', () => {
    expect(tsRankWeights({ title: 5, authors: 2, abstract: 1 })).toEqual([0, 0.5636, 0.775, 1]);
    expect(tsRankWeights({ title: 1, authors: 1, abstract: 1 })).toEqual([0, 1, 1, 1]);
    expect(tsRankWeights({ title: 0, authors: 0, abstract: 2 })).toEqual([0, 1, 0, 0]);
  });
  it('scores each distinct word, phrase and author of a plan once, exclusions never', () => {
    const units = (q: string, pass: Pass) => scoredUnits(matchPlan(parseQuery(q), pass)!);
    expect(units('graph neural -robot', 'all')).toEqual([{ words: ['graph'] }, { words: ['neural'] }]);
    // The relaxed pass repeats words across its groups; each is scored once.
    expect(
      units('language model reward', 'most')
        .map((u) => u.words.join(' '))
        .sort(),
    ).toEqual(['language', 'model', 'reward']);
    expect(units('"neural network" author:wang', 'all')).toEqual([
      { words: ['neural', 'network'] },
      { words: ['wang'], author: true },
    ]);
  });
});
