import { afterAll, beforeAll, expect, it } from 'vitest';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { upsertPapers } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

const FIXTURES = new URL('../fixtures/hf-daily/', import.meta.url).pathname;
const cardCount = (html: string) => [...html.matchAll(/<article class="card"/g)].length;

forEachDialect('week, month and author pages', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importHfDaily(t.deps, FIXTURES);
    await upsertPapers(
      t.db,
      [
        makePaper({
          arxivId: 'hep-th/9901001',
          title: 'Strings on $AdS_5 \\times S^5$',
          authors: [{ name: 'Zoë Smith' }, { name: 'Juan Maldacena' }],
        }),
      ],
      { source: 'arxiv-api', now: new Date('2026-01-01T00:00:00Z') },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('a week page lists the week, links to the neighbouring weeks with papers and to day / month views', async () => {
    const res = await t.app.inject('/papers/week/2026-W34');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Week 34, 2026 · Aug 17 – Aug 23');
    expect(cardCount(res.body)).toBe(17);
    expect(res.body).toContain('href="/papers/week/2025-W40" rel="prev"');
    expect(res.body).not.toContain('rel="next"');
    expect(res.body).toContain('href="/papers/date/2026-08-21"');
    expect(res.body).toContain('href="/papers/month/2026-08"');
    expect(res.body).toContain('<link rel="canonical" href="http://paperboy.test/papers/week/2026-W34"/>');
    const older = await t.app.inject('/papers/week/2025-W40');
    expect(older.body).toContain('href="/papers/week/2024-W22" rel="prev"');
    expect(older.body).toContain('href="/papers/week/2026-W34" rel="next"');
  });

  it('a month page lists the month, most upvoted first', async () => {
    const res = await t.app.inject('/papers/month/2025-09');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('September 2025');
    expect(cardCount(res.body)).toBe(30);
    const votes = [...res.body.matchAll(/data-upvotes="(\d+)"/g)].map((m) => Number(m[1]));
    expect([...votes].sort((a, b) => b - a)).toEqual(votes);
    expect(res.body).toContain('href="/papers/month/2024-05" rel="prev"');
    expect(res.body).toContain('href="/papers/month/2026-08" rel="next"');
    const empty = await t.app.inject('/papers/month/2023-01');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No papers were featured here yet.');
  });

  it('malformed weeks and months are a 400 that says what is expected', async () => {
    for (const url of [
      '/papers/week/2026-W60',
      '/papers/week/2025-W53',
      '/papers/week/2026-34',
      '/papers/month/2026-13',
      '/papers/month/26-01',
    ]) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toMatch(/expected YYYY-(Www|MM)/);
    }
  });

  it('/papers/week and /papers/month redirect to the latest period with papers', async () => {
    const week = await t.app.inject('/papers/week');
    expect(week.statusCode).toBe(302);
    expect(week.headers.location).toBe('/papers/week/2026-W34');
    const month = await t.app.inject('/papers/month');
    expect(month.headers.location).toBe('/papers/month/2026-08');
  });

  it('the day page switches between day, week and month views', async () => {
    const res = await t.app.inject('/papers/date/2025-09-29');
    expect(res.body).toContain('<a href="/papers/date/2025-09-29" aria-current="page">Day</a>');
    expect(res.body).toContain('<a href="/papers/week/2025-W40">Week</a>');
    expect(res.body).toContain('<a href="/papers/month/2025-09">Month</a>');
  });

  it('an author page lists their papers by normalised name; an unknown author is 404', async () => {
    const res = await t.app.inject('/authors/Shuai%20Yang');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('LongLive: Real-time Interactive Long Video Generation');
    const folded = await t.app.inject('/authors/shuai%20%20YANG');
    expect(folded.statusCode).toBe(200);
    expect(folded.body).toContain('LongLive');
    const accent = await t.app.inject('/authors/zoe%20smith');
    expect(accent.statusCode).toBe(200);
    expect(accent.body).toContain('<h1 id="feed-h">Papers by Zoë Smith</h1>');
    expect(accent.body).toContain('href="/papers/hep-th/9901001"');
    const none = await t.app.inject('/authors/Nobody%20At%20All');
    expect(none.statusCode).toBe(404);
    expect(none.body).toContain('Nobody At All');
  });

  it('old-style arXiv ids have pages, with math rendered', async () => {
    const res = await t.app.inject('/papers/hep-th/9901001');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('class="katex"');
    expect(res.body).toContain('href="/authors/Juan%20Maldacena"');
  });
});

forEachDialect('"today" follows the instance time zone and rollover', (dialect) => {
  it('before the rollover the home page shows the previous feed day; after it, the new one', async () => {
    // 01:00 UTC on Aug 21 is 21:00 on Aug 20 in New York.
    const env = { PAPERBOY_TIMEZONE: 'America/New_York' };
    const before = await createTestApp(dialect, { now: '2026-08-21T01:00:00.000Z', env });
    await importHfDaily(before.deps, FIXTURES);
    expect((await before.app.inject('/')).body).toContain('Monday, September 29, 2025');
    await before.close();

    const after = await createTestApp(dialect, {
      now: '2026-08-21T01:00:00.000Z',
      env: { ...env, FEED_ROLLOVER: '20:30' },
    });
    await importHfDaily(after.deps, FIXTURES);
    expect((await after.app.inject('/')).body).toContain('Friday, August 21, 2026');
    await after.close();
  });
});
