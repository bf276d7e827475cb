/**
 * Every query form against one small fixed corpus, on both databases: what the user
 * typed, and the papers that must come first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, forEachDialect, type TestDb } from '../../test/support/db.ts';
import { makePaper } from '../../test/support/factories.ts';
import { upsertPapers } from '../papers/papers.repo.ts';
import { fixedClock } from '../shared/clock.ts';
import { type SearchDeps, type SearchResponse, searchPapers } from './search.ts';

const now = new Date('2026-02-01T00:00:00Z');

/** A 200-word abstract: the "paste a paragraph" query uses it, reworded in places. */
const REEF =
  'Coral reefs worldwide are suffering repeated mass bleaching as marine heatwaves grow longer and more ' +
  'intense. We present a continental-scale dataset of reef surveys combining satellite sea surface ' +
  'temperature, degree heating weeks and in-water transects collected by volunteer divers over fifteen ' +
  'years. Using a hierarchical Bayesian model we estimate how bleaching severity depends on accumulated ' +
  'heat stress, reef depth, turbidity and the composition of the coral community. Branching acroporid ' +
  'corals bleach first and die most often, while massive porites colonies tolerate far more heat before ' +
  'losing their symbionts. Turbid inshore reefs bleach less than clear offshore reefs at the same heat ' +
  'dose, which suggests that shading by suspended sediment protects the symbiotic algae. We also find ' +
  'that reefs which bleached in an earlier heatwave bleach less in the next one, consistent with ' +
  'acclimatisation or with selective mortality of sensitive colonies. The model predicts the fraction of ' +
  'colonies that bleach with good calibration on held-out years, and we release the code, the survey ' +
  'records and an interactive map. These results can guide managers who must decide which reefs to ' +
  'protect, where to restore corals, and how to read early warnings from satellite products during the ' +
  'coming summers of intensifying ocean warming across tropical regions.';

const corpus = [
  makePaper({
    arxivId: '2601.30001',
    title: 'Multi-Drafter Speculative Decoding with Alignment Feedback',
    abstract: 'We accelerate inference of language models by drafting with several small models.',
    authors: [{ name: 'Mina Park' }],
    categories: ['cs.CL'],
    publishedAt: '2025-05-02T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.30002',
    title: 'Efficient Transformers: A Survey.',
    abstract: 'Transformer architectures have garnered immense interest for their effectiveness.',
    authors: [{ name: 'Yi Tay' }],
    categories: ['cs.LG'],
    publishedAt: '2020-09-14T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.30003',
    title: 'To View Transform or Not',
    abstract: 'Camera view transforms for bird-eye perception.',
    authors: [{ name: 'Jon Snow' }],
    categories: ['cs.CV'],
    publishedAt: '2024-03-01T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.30004',
    title: 'Transformation Behavior of Images',
    abstract: 'Images under rotation and scaling.',
    authors: [{ name: 'Ann Lee' }],
    categories: ['cs.CV'],
    publishedAt: '2024-04-01T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.30005',
    title: 'A Transformer for Speech',
    abstract: 'A transformer model recognises speech with attention.',
    authors: [{ name: 'Mina Park' }, { name: 'Li Wei' }],
    categories: ['eess.AS', 'cs.CL'],
    publishedAt: '2023-06-01T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.30006',
    title: 'Portable Operating Systems for Small Machines',
    abstract: 'An operating system written to be portable across processors.',
    authors: [{ name: 'Ken Thompson' }],
    categories: ['cs.OS'],
    publishedAt: '2019-01-01T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.30007',
    title: 'Distributed Operating Systems',
    abstract: 'A survey of operating systems spread over many machines.',
    authors: [{ name: 'Andrew Tanenbaum' }],
    categories: ['cs.OS', 'cs.DC'],
    publishedAt: '2021-01-01T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.30008',
    title: 'Heat Stress and Mass Bleaching of Coral Reefs',
    abstract: REEF,
    authors: [{ name: 'Ruth Gates' }],
    categories: ['q-bio.PE'],
    publishedAt: '2022-07-01T00:00:00.000Z',
  }),
  makePaper({
    arxivId: '2601.30009',
    title: 'Satellite Products for Ocean Temperature',
    abstract: 'Sea surface temperature from satellites, calibrated against buoys.',
    authors: [{ name: 'Li Wei' }],
    categories: ['physics.ao-ph'],
    publishedAt: '2025-01-01T00:00:00.000Z',
  }),
];

const pasted = REEF.replace('We present', 'This paper presents').replace('fifteen years', 'many years');

/** [what the user typed, the arXiv ids that must come first, in order]. */
const forms: [string, string, string[]][] = [
  ['phrase alone', '"speculative decoding"', ['2601.30001']],
  ['phrase alone, no paper has it: its words', '"decoding speculative drafting"', ['2601.30001']],
  [
    'phrase quoted in a sentence, none of the other words present',
    'Smith et al. "Multi-Drafter Speculative Decoding with Alignment Feedback"',
    ['2601.30001'],
  ],
  ['phrase + words', '"operating systems" portable', ['2601.30006', '2601.30007']],
  ['required phrase', '+"operating systems" portable', ['2601.30006', '2601.30007']],
  ['required phrase nobody has', '+"systems operating" portable', []],
  ['required word, the others optional', 'portable +distributed', ['2601.30007']],
  [
    'short query, fewer hits than asked for: most words next',
    'portable operating systems',
    ['2601.30006', '2601.30007'],
  ],
  ['author', 'author:"mina park"', ['2601.30001', '2601.30005']],
  ['author + words', 'author:park speech', ['2601.30005']],
  ['category', 'transformer cat:cs.CL', ['2601.30005']],
  ['archive', 'cat:cs.OS sort:newest', ['2601.30007', '2601.30006']],
  ['year', 'operating year:2019', ['2601.30006']],
  ['after / before', 'operating after:2020 before:2022-12', ['2601.30007']],
  ['exclusion', 'operating systems -portable', ['2601.30007']],
  ['typo → a real indexed word', 'trasnformer speech', ['2601.30005']],
  ['title, lower case, other punctuation, trailing dot', 'efficient transformers a survey', ['2601.30002']],
  ['title typed with a trailing full stop', 'portable operating systems for small machines.', ['2601.30006']],
  ['arXiv id', '2601.30007', ['2601.30007']],
  ['arXiv URL', 'https://arxiv.org/abs/2601.30007v1', ['2601.30007']],
  ['pasted abstract (200 words)', pasted, ['2601.30008']],
  ['empty', '', []],
  ['whitespace', '   \t  ', []],
];

forEachDialect('query forms', (dialect) => {
  let db: TestDb;
  let deps: SearchDeps;
  const search = (q: string) => searchPapers(deps, q, { limit: 10 });
  beforeAll(async () => {
    db = await createTestDb(dialect);
    deps = {
      db,
      clock: fixedClock(now),
      settings: {
        columnWeights: { title: 5, authors: 2, abstract: 1 },
        candidates: 1000,
        lexicalWeight: 1,
        semanticWeight: 1,
        fusion: { k: 60, recencyWeight: 0, recencyHalfLifeDays: 365, popularityWeight: 0 },
      },
    };
    await upsertPapers(db, corpus, { source: 'test', now });
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each(forms)('%s: %s', async (_, q, first) => {
    const r = await search(q);
    const got = r.hits.map((h) => h.card.arxivId);
    expect(got.slice(0, first.length)).toEqual(first);
    if (first.length === 0) expect(got).toEqual([]);
  });

  it('a typo becomes a real word, never a stem prefix, with the literal search offered', async () => {
    const r: SearchResponse = await search('trasnformer');
    expect(r.corrections).toEqual([['trasnformer', 'transformer']]);
    expect(r.correctedQuery).toBe('transformer');
    // The results are those of the word typed right (stemming included), not of a prefix.
    const right = await search('transformer');
    expect(r.hits.map((h) => h.card.arxivId)).toEqual(right.hits.map((h) => h.card.arxivId));
    const literal = await searchPapers(deps, 'trasnformer', { literal: true });
    expect(literal.corrections).toEqual([]);
    expect(literal.hits).toEqual([]);
  });

  it('pins the exact title whatever its case and punctuation', async () => {
    for (const q of [
      'efficient transformers a survey',
      'EFFICIENT TRANSFORMERS: A SURVEY',
      'Efficient Transformers: A Survey.',
    ])
      expect((await search(q)).hits[0], q).toMatchObject({ pinned: true, card: { arxivId: '2601.30002' } });
    expect((await search('efficient transformers')).hits[0]?.pinned).toBe(false);
  });

  it('searches pasted text by its distinctive words', async () => {
    const r = await search(pasted);
    expect(r.likeText).toBeDefined();
    expect(r.likeText!.length).toBeGreaterThan(5);
    expect(r.likeText).toEqual(expect.arrayContaining(['bleaching', 'reefs']));
    expect(r.likeText).not.toContain('the');
    expect(r.hits.length).toBeGreaterThan(1);
  });
});
