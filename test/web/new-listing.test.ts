/**
 * "New on arXiv" (the `new` list kind): the newest listing day by default, category
 * filters, days before and after across a weekend, replacements hidden unless asked,
 * featured papers marked, one-click Feature through the submission rules, and the home
 * page of an instance where nothing is featured yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { FRIDAY, LISTED, LISTING_NOW, MONDAY, seedListing } from '../support/listing.ts';

const ids = (html: string) =>
  [...html.matchAll(/<article class="card" data-arxiv-id="([^"]+)"/g)].map((m) => m[1]!);
/** The card of a paper: its HTML up to the next card. */
const cardOf = (html: string, id: string) => {
  const start = html.indexOf(`data-arxiv-id="${id}"`);
  const end = html.indexOf('<article', start + 1);
  return html.slice(start, end > 0 ? end : undefined);
};
const { featured, learning, vision, cross, replaced, friday } = LISTED;

forEachDialect('New on arXiv', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: LISTING_NOW, env: { SUBMIT_DAILY_CAP: '1' } });
    await seedListing(t.db);
  });
  afterAll(() => t.close());

  it('shows the newest listing day: new submissions by arXiv id, then cross-lists; no replacements', async () => {
    const res = await t.app.inject('/papers/new');
    expect(res.statusCode).toBe(200);
    expect(ids(res.body)).toEqual([featured.arxivId, learning.arxivId, vision.arxivId, cross.arxivId]);
    expect(res.body).toContain(
      'New on arXiv: Monday, August 17, 2026'.replace('Monday, August 17, 2026', ''),
    );
    expect(res.body).toContain(`<link rel="canonical" href="http://paperboy.test/papers/new"`);
    expect(cardOf(res.body, cross.arxivId)).toContain('Cross-list');
    expect(cardOf(res.body, learning.arxivId)).toContain('>New<');
    // The featured paper is marked and takes upvotes; the others offer Feature.
    expect(cardOf(res.body, featured.arxivId)).toContain('Featured <time datetime="2026-08-17"');
    expect(cardOf(res.body, featured.arxivId)).toContain('vote-link');
    expect(cardOf(res.body, learning.arxivId)).toContain('Sign in to feature');
  });

  it('shows replacements, last, when asked', async () => {
    const res = await t.app.inject(`/papers/new/${MONDAY}?replacements=1`);
    expect(ids(res.body)).toEqual([
      featured.arxivId,
      learning.arxivId,
      vision.arxivId,
      cross.arxivId,
      replaced.arxivId,
    ]);
    expect(cardOf(res.body, replaced.arxivId)).toContain('Replacement');
    expect(res.body).toContain('Hide replacements');
  });

  it('filters by categories, primary or cross-listed; outside the filter a new paper is a cross-list', async () => {
    const cl = await t.app.inject(`/papers/new/${MONDAY}?cat=cs.CL`);
    expect(ids(cl.body)).toEqual([featured.arxivId, cross.arxivId]);
    const several = await t.app.inject(`/papers/new/${MONDAY}?cat=cs.LG,cs.CV&replacements=1`);
    expect(ids(several.body)).toEqual([learning.arxivId, vision.arxivId, featured.arxivId]);
    expect(cardOf(several.body, featured.arxivId)).toContain('Cross-list'); // primary cs.CL
    const api = (await t.app.inject(`/api/lists/new?date=${MONDAY}&cat=cs.LG,cs.CV`)).json() as {
      paper: { id: string };
      announceType: string;
    }[];
    expect(api.map((i) => [i.paper.id, i.announceType])).toEqual([
      [learning.arxivId, 'new'],
      [vision.arxivId, 'new'],
      [featured.arxivId, 'cross'],
    ]);
    const none = await t.app.inject(`/papers/new/${MONDAY}?cat=math.AG`);
    expect(ids(none.body)).toEqual([]);
    expect(none.body).toContain('arXiv announced nothing in math.AG here on this day.');
    for (const bad of ['cs.CL,<b>', 'CS CL!']) {
      const res = await t.app.inject(`/api/lists/new?cat=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error).toMatch(/^cat: not an arXiv category/);
    }
  });

  it('links the days before and after, skipping the weekend, keeping the filter', async () => {
    const monday = (await t.app.inject(`/papers/new/${MONDAY}?cat=cs.CL`)).body;
    expect(monday).toContain(`href="/papers/new/${FRIDAY}?cat=cs.CL" rel="prev"`);
    expect(monday).not.toContain('rel="next"');
    const fri = await t.app.inject(`/papers/new/${FRIDAY}`);
    expect(ids(fri.body)).toEqual([friday.arxivId]);
    expect(fri.body).toContain(`href="/papers/new/${MONDAY}" rel="next"`);
    expect(fri.body).not.toContain('rel="prev"');
    const saturday = await t.app.inject('/papers/new/2026-08-15');
    expect(ids(saturday.body)).toEqual([]);
    expect(saturday.body).toContain(`href="/papers/new/${FRIDAY}" rel="prev"`);
    expect(saturday.body).toContain(`href="/papers/new/${MONDAY}" rel="next"`);
    expect((await t.app.inject('/papers/new/2026-02-30')).statusCode).toBe(400);
  });

  it('Feature without JavaScript: the form posts to /submit, under its rules and with its messages', async () => {
    const c = await signedInClient(t, 'member@example.org');
    const page = await c.get(`/papers/new/${MONDAY}?replacements=1`);
    const form = cardOf(page.body, learning.arxivId);
    expect(form).toMatch(/<form class="feature-form" method="post" action="\/submit" data-feature>/);
    expect(form).toContain(`name="paper" value="${learning.arxivId}"`);
    expect(form).toContain('name="_csrf"');

    const ok = await c.post('/submit', { paper: learning.arxivId });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/papers/${learning.arxivId}`);
    const after = await c.get(`/papers/new/${MONDAY}`);
    expect(cardOf(after.body, learning.arxivId)).toContain('Featured <time datetime="2026-08-17"');

    // The rules of /submit, with the same words: featured once, first published recently, daily cap.
    const again = await c.post('/submit', { paper: featured.arxivId });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(
      `arXiv:${featured.arxivId} is already on the feed: it was featured on 2026-08-17`,
    );
    expect(again.body).toContain('A paper is featured once; upvote it instead.');
    const other = await signedInClient(t, 'other@example.org');
    const old = await other.post('/submit', { paper: replaced.arxivId });
    expect(old.statusCode).toBe(422);
    expect(old.body).toContain('only papers from the last 14 days can be submitted');
    const capped = await c.post('/submit', { paper: vision.arxivId });
    expect(capped.statusCode).toBe(422);
    expect(capped.body).toMatch(/1 paper(s)? per day/);
  });
});

forEachDialect('the home page of an instance with nothing featured', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: LISTING_NOW });
  });
  afterAll(() => t.close());

  it('says so and shows the newest listing; once a paper is featured, the daily feed', async () => {
    const empty = await t.app.inject('/');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No arXiv announcements here yet');
    await seedListing(t.db);
    await t.db.kysely.deleteFrom('daily_entries').execute();
    const home = await t.app.inject('/');
    expect(home.body).toContain('Nothing has been featured here yet');
    expect(ids(home.body)).toEqual([featured.arxivId, learning.arxivId, vision.arxivId, cross.arxivId]);
    expect(home.body).toContain('<link rel="canonical" href="http://paperboy.test/"');

    const c = await signedInClient(t, 'first@example.org');
    expect((await c.post('/submit', { paper: vision.arxivId })).statusCode).toBe(303);
    const fed = await t.app.inject('/');
    expect(fed.body).not.toContain('Nothing has been featured here yet');
    expect(ids(fed.body)).toEqual([vision.arxivId]);
  });
});

describe('the header', () => {
  it('links New on arXiv from every page', async () => {
    const t = await createTestApp('sqlite', { now: LISTING_NOW });
    try {
      expect((await t.app.inject('/papers/trending')).body).toContain(
        '<a href="/papers/new">New on arXiv</a>',
      );
    } finally {
      await t.close();
    }
  });
});
