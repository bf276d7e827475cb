import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, forEachDialect, type TestDb } from '../../test/support/db.ts';
import { makePaper } from '../../test/support/factories.ts';
import { importBatch, upsertPapers } from '../papers/papers.repo.ts';
import { fixedClock } from '../shared/clock.ts';
import { indexMatches } from './lexical.repo.ts';
import { type SearchDeps, type SearchSettings, searchPapers } from './search.ts';
import { editDistance } from './spelling.ts';

const settings: SearchSettings = {
  columnWeights: { title: 5, authors: 2, abstract: 1 },
  candidates: 1000,
  lexicalWeight: 1,
  semanticWeight: 1,
  fusion: { k: 60, recencyWeight: 0.02, recencyHalfLifeDays: 365, popularityWeight: 0.02 },
};
const now = new Date('2026-02-01T00:00:00Z');

const papers = [
  makePaper({
    arxivId: '2601.10001',
    title: 'Attention Is All You Need',
    abstract: 'The dominant sequence transduction models are based on recurrent networks.',
    authors: [{ name: 'Ashish Vaswani' }, { name: 'Noam Shazeer' }],
    categories: ['cs.CL', 'cs.LG'],
    publishedAt: '2017-06-12T00:00:00.000Z',
    githubRepo: 'https://github.com/tensorflow/tensor2tensor',
  }),
  makePaper({
    arxivId: '2601.10002',
    title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
    abstract: 'Foundation models are almost universally based on the Transformer and its attention module.',
    authors: [{ name: 'Albert Gu' }, { name: 'Tri Dao' }],
    categories: ['cs.LG'],
    publishedAt: '2023-12-01T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.10003',
    title: 'Efficient Transformers: A Survey',
    abstract:
      'Transformer model architectures have garnered immense interest lately due to their effectiveness.',
    authors: [{ name: 'Yi Tay' }, { name: 'Mostafa Dehghani' }],
    categories: ['cs.LG', 'cs.AI'],
    publishedAt: '2020-09-14T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.10004',
    title: 'Théorie des graphes aléatoires',
    abstract: 'Nous étudions les graphes. A state space view of random graphs.',
    authors: [{ name: 'Paul Erdős' }],
    categories: ['math.CO'],
    publishedAt: '2025-03-10T00:00:00.000Z',
    importedUpvotes: 40,
  }),
];

forEachDialect('searchPapers', (dialect) => {
  let db: TestDb;
  let deps: SearchDeps;
  const ids = async (q: string, opts = {}) =>
    (await searchPapers(deps, q, opts)).hits.map((h) => h.card.arxivId);

  beforeAll(async () => {
    db = await createTestDb(dialect);
    deps = { db, clock: fixedClock(now), settings };
    await importBatch(
      db,
      papers,
      [{ arxivId: '2601.10002', feedDate: '2026-01-20', submittedAt: '2026-01-20T10:00:00.000Z' }],
      {
        source: 'test',
        now,
      },
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it('finds words with stemming, title matches above abstract-only matches', async () => {
    expect(await ids('transformer')).toEqual(['2601.10003', '2601.10002']);
    expect(await ids('attention')).toEqual(['2601.10001', '2601.10002']);
  });

  it('matches phrases in order and excludes words and phrases', async () => {
    expect(await ids('"state space"')).toEqual(expect.arrayContaining(['2601.10002', '2601.10004']));
    // A phrase is exact first; when no paper has it, its words still find papers.
    expect(await ids('+"space state"')).toEqual([]);
    expect(await ids('"space state"')).toEqual(expect.arrayContaining(['2601.10002', '2601.10004']));
    expect(await ids('transformer -survey')).toEqual(['2601.10002']);
    expect(await ids('sequence -"recurrent networks"')).toEqual(['2601.10002']);
  });

  it('filters by author, category, date, code and featured', async () => {
    expect(await ids('author:vaswani')).toEqual(['2601.10001']);
    expect(await ids('author:"albert gu" sequence')).toEqual(['2601.10002']);
    expect(await ids('author:erdos')).toEqual(['2601.10004']);
    expect(await ids('transformer cat:cs.AI')).toEqual(['2601.10003']);
    expect(await ids('cat:math')).toEqual(['2601.10004']);
    expect(await ids('cat:cs sort:newest')).toEqual(['2601.10002', '2601.10003', '2601.10001']);
    expect(await ids('sequence year:2017')).toEqual(['2601.10001']);
    expect(await ids('after:2020-09-14 before:2023-12-01')).toEqual(['2601.10002', '2601.10003']);
    expect(await ids('has:code')).toEqual(['2601.10001']);
    expect(await ids('featured:yes')).toEqual(['2601.10002']);
    expect(await ids('transformer featured:no')).toEqual(['2601.10003']);
  });

  it('sorts by newest or upvotes on request', async () => {
    expect(await ids('state sort:newest')).toEqual(['2601.10004', '2601.10002']);
    expect(await ids('cat:cs.LG sort:upvotes')).toHaveLength(3);
    expect((await ids('sort:upvotes graphs'))[0]).toBe('2601.10004');
  });

  it('folds diacritics', async () => {
    expect(await ids('theorie aleatoires')).toEqual(['2601.10004']);
  });

  it('an arXiv id or URL redirects to the paper', async () => {
    for (const q of ['2601.10002', 'arXiv:2601.10002v2', 'https://arxiv.org/abs/2601.10002']) {
      const r = await searchPapers(deps, q);
      expect(r.redirect).toEqual({ arxivId: '2601.10002' });
      expect(r.hits[0]?.card.arxivId).toBe('2601.10002');
    }
    expect((await searchPapers(deps, '2601.99999')).redirect).toBeUndefined();
  });

  it('pins an exact title first', async () => {
    const r = await searchPapers(deps, 'efficient transformers: a survey');
    expect(r.hits[0]).toMatchObject({ pinned: true, card: { arxivId: '2601.10003' } });
    expect(r.hits.slice(1).every((h) => !h.pinned)).toBe(true);
  });

  it('still finds a paper when a title word is misspelt', async () => {
    const r = await searchPapers(deps, 'atention all you need');
    expect(r.hits[0]?.card.arxivId).toBe('2601.10001');
    const r2 = await searchPapers(deps, 'efficeint transformers');
    expect(r2.hits[0]?.card.arxivId).toBe('2601.10003');
  });

  it('treats the last word as a prefix when typing', async () => {
    const typed = await searchPapers(deps, 'selecti', { prefix: true });
    expect(typed.corrections).toEqual([]);
    expect(typed.hits.map((h) => h.card.arxivId)).toEqual(['2601.10002']);
    const typing = await searchPapers(deps, 'linear-time seque', { prefix: true });
    expect(typing.hits.map((h) => h.card.arxivId)).toEqual(['2601.10002']);
  });

  it('adds papers with any content word after those with all of them', async () => {
    const r = await ids('recurrent models for state space graphs');
    expect(r).toEqual(expect.arrayContaining(['2601.10001', '2601.10002', '2601.10004']));
    // Papers with every word come first, then those with some (short queries too).
    expect(await ids('attention module')).toEqual(['2601.10002', '2601.10001']);
    expect(await ids('attention module transformer foundation sequence')).toEqual([
      '2601.10002',
      '2601.10001',
      '2601.10003',
    ]);
  });

  it('pages with limit and offset', async () => {
    const all = await ids('transformer');
    const r = await searchPapers(deps, 'transformer', { limit: 1 });
    expect(r.hits.map((h) => h.card.arxivId)).toEqual(all.slice(0, 1));
    expect(r.more).toBe(true);
    expect((await searchPapers(deps, 'transformer', { limit: 1, offset: 1 })).hits[0]?.card.arxivId).toBe(
      all[1],
    );
  });

  it('survives hostile input without errors', async () => {
    const hostile = [
      'NEAR(attention sequence, 2)',
      'title:attention OR abstract:*',
      '^attention',
      'atten*',
      '"unbalanced',
      `'; DROP TABLE papers; --`,
      'a" OR 1=1 --',
      '\u0000\u0007attention\u001b[31m',
      'x'.repeat(10_000),
      '注意力 attention مرحبا',
      '-"" - -- author: cat: year:',
      'author:"',
      '(((',
      '!! & | <-> :*',
    ];
    for (const q of hostile) {
      await expect(searchPapers(deps, q), q).resolves.toBeDefined();
    }
    // The operator is text: the same results as the plain words.
    expect(await ids('NEAR(attention sequence, 2)')).toEqual(await ids('near attention sequence 2'));
  });
});

forEachDialect('search index stays in sync with the papers table', (dialect) => {
  it('sees inserts, updates and deletes from any write path', async () => {
    const db = await createTestDb(dialect);
    const deps: SearchDeps = { db, clock: fixedClock(now), settings };
    const p = makePaper({ title: 'Quokka networks for tabular data' });
    await upsertPapers(db, [p], { source: 'test', now });
    expect((await searchPapers(deps, 'quokka')).hits).toHaveLength(1);
    await upsertPapers(db, [{ ...p, version: 2, title: 'Wombat networks for tabular data' }], {
      source: 'test',
      now,
    });
    expect((await searchPapers(deps, 'quokka')).hits).toHaveLength(0);
    expect((await searchPapers(deps, 'wombat')).hits).toHaveLength(1);
    await db.kysely.deleteFrom('papers').where('arxiv_id', '=', p.arxivId).execute();
    expect((await searchPapers(deps, 'wombat')).hits).toHaveLength(0);
    await db.close();
  });

  it('cuts words at punctuation as a query does: hyphens, versions, hosts', async () => {
    const db = await createTestDb(dialect);
    const deps: SearchDeps = { db, clock: fixedClock(now), settings };
    const [hyphens, numbers, other] = [
      makePaper({ title: 'In-Domain Self-Supervised Pretraining for Radiology' }),
      makePaper({
        title: 'Evaluating GPT-4 and GPT-3.5 on arithmetic',
        abstract: 'Code: arxiv.org/abs/2401.00001.',
      }),
      makePaper({ title: 'Domain adaptation by self training', abstract: 'Supervised, then not.' }),
    ];
    await upsertPapers(db, [hyphens!, numbers!, other!], { source: 'test', now });
    const found = async (q: string) => (await searchPapers(deps, q)).hits.map((h) => h.card.arxivId);
    // PostgreSQL's parser kept "in-domain" whole between its parts, so no phrase spanned it.
    expect(await found('+"in-domain self-supervised"')).toEqual([hyphens!.arxivId]);
    expect(await found('+"domain self supervised"')).toEqual([hyphens!.arxivId]);
    // It read "GPT-4" as 'gpt' and the signed number '-4', which a search for "4" missed.
    expect(await found('+"gpt 4"')).toEqual([numbers!.arxivId]);
    expect(await found('+"GPT-3.5"')).toEqual([numbers!.arxivId]);
    expect(await found('+"arxiv org abs"')).toEqual([numbers!.arxivId]);
    await db.close();
  });
});

forEachDialect('candidate stage', (dialect) => {
  it('ranks rare and common words alike, and checks phrases and authors on the candidates', async () => {
    const db = await createTestDb(dialect);
    const deps: SearchDeps = { db, clock: fixedClock(now), settings: { ...settings, candidates: 100 } };
    // 300 papers: "lattice" in every one (only the newest 100 are candidates),
    // "zebrafish" in six (the index plan on PostgreSQL); among the oldest, one phrase match
    // beside the same words in another order, one author beside the same name elsewhere.
    const abstracts: Record<number, string> = {
      10: 'Spin glass lattice models.',
      12: 'Glass and spin on a lattice.',
    };
    const authors: Record<number, string> = { 11: 'Grace Hopper', 13: 'Hopper Grace' };
    const many = Array.from({ length: 300 }, (_, i) =>
      makePaper({
        arxivId: `2601.${String(20000 + i)}`,
        title:
          i % 50 === 7
            ? `Zebrafish lattice study ${i}`
            : i === 14
              ? 'Lattice notes on Grace Hopper'
              : `Lattice study ${i}`,
        abstract: abstracts[i] ?? 'We study a lattice.',
        authors: [{ name: authors[i] ?? 'Ada Lovelace' }],
        publishedAt: '2025-01-01T00:00:00.000Z',
      }),
    );
    await upsertPapers(db, many, { source: 'test', now });
    if (dialect === 'postgres') await db.kysely.executeQuery(sql`ANALYZE papers`.compile(db.kysely));
    const found = async (q: string) =>
      (await searchPapers(deps, q, { limit: 120 })).hits.map((h) => h.card.arxivId);
    const zebrafish = await found('zebrafish');
    expect(zebrafish).toHaveLength(6);
    // The index's own count, read where the planner can only guess (one rare word).
    if (dialect === 'postgres')
      expect(await indexMatches(db, sql`plainto_tsquery('paperboy', 'zebrafish')`, -1)).toBe(6);
    expect(zebrafish.every((id) => (Number(id.slice(5)) - 20000) % 50 === 7)).toBe(true);
    // Common: only the newest 40 matches are ranked (the strict pass's 2 / 5 of the cap),
    // all of them title matches here.
    expect(await found('lattice')).toHaveLength(40);
    // Among old papers: a phrase, in order; an author, in the authors field, in order.
    expect(await found('+"spin glass"')).toEqual(['2601.20010']);
    expect((await found('"spin glass"'))[0]).toBe('2601.20010');
    expect(await found('author:"grace hopper"')).toEqual(['2601.20011']);
    await db.close();
  });

  it('weighs a rare word above a common one', async () => {
    const db = await createTestDb(dialect);
    const deps: SearchDeps = { db, clock: fixedClock(now), settings };
    // "lattice" in all 40 papers, "sheaf" in two: the paper with "lattice" thrice in its
    // title and "sheaf" in its abstract ranks below the one with "sheaf" in its title.
    const titles: Record<number, string> = {
      0: 'Lattice lattice lattice methods',
      1: 'Sheaf cohomology',
    };
    const abstracts: Record<number, string> = { 0: 'A lattice and a sheaf.', 1: 'On a lattice.' };
    const many = Array.from({ length: 40 }, (_, i) =>
      makePaper({
        arxivId: `2601.${String(40000 + i)}`,
        title: titles[i] ?? `Lattice study ${i}`,
        abstract: abstracts[i] ?? 'We study a lattice.',
        publishedAt: '2025-01-01T00:00:00.000Z',
      }),
    );
    await upsertPapers(db, many, { source: 'test', now });
    // Both words first (the papers with one word follow them).
    const hits = (await searchPapers(deps, 'lattice sheaf')).hits.map((h) => h.card.arxivId);
    expect(hits.slice(0, 2)).toEqual(['2601.40001', '2601.40000']);
    await db.close();
  });

  it('finds the newest matches of a word wherever they are, and lists author-only queries newest first', async () => {
    const db = await createTestDb(dialect);
    // The strict pass ranks 5 of these (passes.ts candidateCap).
    const deps: SearchDeps = { db, clock: fixedClock(now), settings: { ...settings, candidates: 12 } };
    // 300 papers, "kiwi" in every tenth (spread: PostgreSQL's window of recent papers has
    // enough of them), "mango" only in the 30 oldest (the window has none: the query must
    // look further back), the author "Quill" in the 20 oldest; "fig" in the 40 oldest and
    // three recent ones (the windows hold three matches: each next one is sized from that).
    const fig = (i: number) => i < 40 || [250, 270, 290].includes(i);
    const many = Array.from({ length: 300 }, (_, i) =>
      makePaper({
        arxivId: `2601.${String(30000 + i)}`,
        title: `${i % 10 === 3 ? 'Kiwi' : 'Pear'} ${i < 30 ? 'mango' : 'plum'} ${fig(i) ? 'fig ' : ''}study ${i}`,
        abstract: 'We study fruit.',
        authors: [{ name: i < 20 ? 'Ann Quill' : 'Bo Reed' }],
        publishedAt: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00.000Z`,
      }),
    );
    await upsertPapers(db, many, { source: 'test', now });
    if (dialect === 'postgres') await db.kysely.executeQuery(sql`ANALYZE papers`.compile(db.kysely));
    const found = async (q: string) =>
      (await searchPapers(deps, q, { limit: 120 })).hits.map((h) => Number(h.card.arxivId.slice(5)) - 30000);
    expect((await found('kiwi')).sort((a, b) => a - b)).toEqual([253, 263, 273, 283, 293]);
    expect((await found('mango')).sort((a, b) => a - b)).toEqual([25, 26, 27, 28, 29]);
    expect((await found('fig')).sort((a, b) => a - b)).toEqual([38, 39, 250, 270, 290]);
    // No words to rank by: the newest papers (by date, then id) among the newest candidates.
    expect(await found('author:quill')).toEqual([19, 18, 17, 16, 15]);
    await db.close();
  });
});

describe('editDistance', () => {
  it.each([
    ['attention', 'atention', 1],
    ['transformer', 'transfromer', 1],
    ['graph', 'graph', 0],
    ['abc', 'xyz', 3],
  ])('%s ~ %s', (a, b, d) => {
    expect(editDistance(a, b, 2)).toBe(Math.min(d, 3));
  });
});
