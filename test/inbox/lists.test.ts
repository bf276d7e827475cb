import { beforeEach, expect, it } from 'vitest';
import type { SessionUser } from '../../src/community/types.ts';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { loadConfig } from '../../src/config.ts';
import { following } from '../../src/inbox/following.ts';
import { createRecommender, exportModel, forYou, recommenderSettings } from '../../src/inbox/for-you.ts';
import { follow, markPaper, savePaper } from '../../src/inbox/inbox.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { searchSettings } from '../../src/search/settings.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { forEachDialect, freshDbEachTest, type TestDb } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

const day = (d: number) => `2026-08-${String(d).padStart(2, '0')}T12:00:00.000Z`;
const decoding = (d: number, n: number) =>
  makePaper({
    title: `Speculative decoding with draft models, part ${n}`,
    abstract:
      'Speculative decoding accelerates language model inference using a small draft model and verification.',
    categories: ['cs.CL'],
    authors: [{ name: 'Dana Draft' }],
    publishedAt: day(d),
  });
const diffusion = (d: number, n: number) =>
  makePaper({
    title: `Diffusion models for images, part ${n}`,
    abstract: 'Denoising diffusion models generate images by score matching and iterative denoising.',
    categories: ['cs.CV'],
    authors: [{ name: 'Grace Hopper' }],
    publishedAt: day(d),
  });

forEachDialect('For You and Following', (dialect) => {
  let db: TestDb;
  freshDbEachTest(dialect, (d) => {
    db = d;
  });
  const clock = fixedClock('2026-08-22T10:00:00.000Z');
  const config = loadConfig({});
  const papers = [
    decoding(10, 1),
    decoding(19, 2),
    decoding(20, 3),
    diffusion(19, 4),
    diffusion(20, 5),
    diffusion(21, 6),
    makePaper({ title: 'Old paper outside the window', categories: ['cs.CL'], publishedAt: day(1) }),
  ];
  let ada: SessionUser;
  let bob: SessionUser;
  let deps: Parameters<typeof following>[0];
  beforeEach(async () => {
    await importBatch(db, papers, [], { source: 'test', now: clock.now() });
    ada = (await findOrCreateUserByEmail(db, 'ada@example.org', clock.now())).user;
    bob = (await findOrCreateUserByEmail(db, 'bob@example.org', clock.now())).user;
    names = await arxivOf();
    deps = {
      db,
      clock,
      recommender: createRecommender(recommenderSettings(config)),
      search: { settings: searchSettings(config) },
    };
  });
  // Personal lists give paper ids (the engine loads the cards): name them by arXiv id.
  const arxivOf = async () =>
    new Map(
      (await db.kysely.selectFrom('papers').select(['id', 'arxiv_id']).execute()).map((r) => [
        r.id,
        r.arxiv_id,
      ]),
    );
  let names = new Map<number, string>();
  const arxivId = (i: { paperId: number }) => names.get(i.paperId);
  const ids = (l: { items: { paperId: number }[] }) => l.items.map(arxivId);
  const p = (i: number) => (papers[i] as { arxivId: string }).arxivId;

  it('Following lists new papers of everything followed, newest first, with why', async () => {
    await follow(deps, ada, 'author', 'Grace Hopper');
    await follow(deps, ada, 'category', 'cs.CL');
    await follow(deps, ada, 'query', 'speculative decoding');
    const list = await following(deps, ada, { limit: 20 });
    // The window is the 7 days up to the newest paper (the 21st): the 10th and the 1st are out.
    expect(ids(list)).toEqual([p(5), p(4), p(2), p(3), p(1)]);
    expect(list.items[0]?.reasons).toEqual(['author: Grace Hopper']);
    expect(list.items.find((i) => arxivId(i) === p(2))?.reasons).toEqual(
      expect.arrayContaining(['cs.CL', "matches 'speculative decoding'"]),
    );
    await markPaper(deps, ada, p(5), 'hidden', true);
    await markPaper(deps, ada, p(4), 'read', true);
    const after = await following(deps, ada, { limit: 20 });
    expect(ids(after)).not.toContain(p(5));
    expect(after.items.find((i) => arxivId(i) === p(4))?.read).toBe(true);
    expect(ids(await following(deps, ada, { limit: 20, hideRead: true }))).not.toContain(p(4));
    expect((await following(deps, bob, { limit: 20 })).items).toEqual([]);
  });

  it('For You starts from followed categories, then learns from saves, with reasons', async () => {
    await follow(deps, ada, 'category', 'cs.CV');
    const cold = await forYou(deps, ada, { limit: 3 });
    expect(cold.coldStart).toBe(true);
    expect(ids(cold)).toEqual(expect.arrayContaining([p(3), p(4), p(5)]));
    expect(cold.items[0]?.reasons).toContain('in cs.CV, which you follow');

    await savePaper(deps, ada, p(1));
    await markPaper(deps, ada, p(5), 'never', true);
    const warm = await forYou(deps, ada, { limit: 10 });
    expect(warm.coldStart).toBe(false);
    // The saved paper and the "never" one are left out; decoding papers rank above diffusion.
    expect(ids(warm)).not.toContain(p(1));
    expect(ids(warm)).not.toContain(p(5));
    expect(ids(warm).slice(0, 1)).toEqual([p(2)]);
    expect(warm.items[0]?.reasons.join(' ')).toContain(
      'similar to “Speculative decoding with draft models, part 2”, you saved',
    );
    const model = (await exportModel(deps, ada)) as { weights: unknown[] } | null;
    expect(model?.weights.length).toBeGreaterThan(0);
    // Another member's list knows nothing of Ada's signals.
    expect((await forYou(deps, bob, { limit: 10 })).coldStart).toBe(true);
    expect(await exportModel(deps, bob)).toBeNull();
  });

  it('For You says "by an author you follow"', async () => {
    await follow(deps, ada, 'author', 'Grace Hopper');
    const list = await forYou(deps, ada, { limit: 10 });
    expect(list.coldStart).toBe(false);
    const hopper = list.items.find((i) => arxivId(i) === p(4));
    expect(hopper?.reasons).toContain('by an author you follow: Grace Hopper');
  });
});
