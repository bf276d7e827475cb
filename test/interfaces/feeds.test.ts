/**
 * Every feed, in every format, read back by a real feed parser: no bozo errors, the
 * expected items with stable ids, readable math, well-formed XML, JSON Feed 1.1 fields.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../src/feed/dates.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { HAS_FEEDPARSER } from '../support/env.ts';
import { makePaper } from '../support/factories.ts';
import { feedparse } from '../support/feedparser.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hf-daily');
type Obj = Record<string, unknown>;
const day = (d: string) =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, `${d}.json`), 'utf8')) as { paper: Obj }[];
const idsOf = (d: string) => day(d).map((i) => i.paper.id as string);
const url = (id: string) => `http://paperboy.test/papers/${id}`;

const MATH = makePaper({
  arxivId: '2608.30001',
  title: 'Scaling $\\alpha$-Entmax to $10^{6}$ Tokens with \\textsc{Foo} & <Bar>',
  categories: ['cs.CL', 'cs.LG'],
  authors: [{ name: 'Zoë Ångström' }, { name: 'Ada Lovelace' }],
  publishedAt: '2026-08-21T17:00:00.000Z',
});

const FORMATS = ['rss', 'atom', 'json'] as const;

forEachDialect('feeds', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-22T10:00:00.000Z' });
    await importHfDaily(t.deps, FIXTURES);
    await importBatch(
      t.db,
      [MATH],
      [
        {
          arxivId: MATH.arxivId,
          feedDate: '2026-08-22',
          submittedAt: '2026-08-22T08:00:00.000Z',
          submitter: { handle: 'ada', displayName: 'Ada L.' },
        },
      ],
      { source: 'test', now: new Date('2026-08-22T08:00:00Z') },
    );
  });
  afterAll(() => t.close());

  const latest = [MATH.arxivId, ...idsOf('2026-08-21')];
  const cases: { path: string; ids: string[]; ordered?: boolean }[] = [
    { path: '/feeds/date/2025-09-29', ids: idsOf('2025-09-29') },
    { path: `/feeds/week/${isoWeekOf('2026-08-21')}`, ids: latest }, // 08-21 and 08-22 share a week
    { path: '/feeds/month/2024-05', ids: idsOf('2024-05-27') },
    { path: '/feeds/trending', ids: latest },
    { path: '/feeds/latest', ids: [...latest, ...idsOf('2025-09-29'), ...idsOf('2024-05-27')] },
    { path: '/feeds/authors/Ada%20Lovelace', ids: [MATH.arxivId] },
    { path: '/feeds/categories/cs.CL', ids: [MATH.arxivId] },
    { path: '/feeds/users/hf%3Aada', ids: [MATH.arxivId] },
    {
      path: '/feeds/users/hf%3Ataesiri',
      ids: [...day('2026-08-21'), ...day('2025-09-29')]
        .filter((i) => (i as Obj & { submittedBy?: Obj }).submittedBy?.name === 'taesiri')
        .map((i) => i.paper.id as string),
    },
  ];

  describe.skipIf(!HAS_FEEDPARSER)('RSS and Atom, parsed by feedparser', () => {
    for (const c of cases) {
      for (const format of ['rss', 'atom'] as const) {
        it(`${c.path}.${format}`, async () => {
          const res = await t.app.inject(`${c.path}.${format}`);
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toBe(`application/${format}+xml; charset=utf-8`);
          expect(XMLValidator.validate(res.body)).toBe(true);
          const parsed = feedparse(res.body);
          expect(parsed.bozoException).toBeNull();
          expect(parsed.bozo).toBe(false);
          expect(parsed.version).toBe(format === 'rss' ? 'rss20' : 'atom10');
          expect(parsed.entries.map((e) => e.id).sort()).toEqual(c.ids.map(url).sort());
          for (const e of parsed.entries) {
            expect(e.link).toBe(e.id);
            expect(e.title.length).toBeGreaterThan(0);
          }
          expect(parsed.links.some((l) => l.rel === 'self' && l.href.endsWith(`${c.path}.${format}`))).toBe(
            true,
          );
        });
      }
    }
  });

  it('JSON Feed 1.1: required fields and the same items', async () => {
    for (const c of cases) {
      const res = await t.app.inject(`${c.path}.json`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
      const f = res.json() as Obj & { items: Obj[] };
      expect(f.version).toBe('https://jsonfeed.org/version/1.1');
      expect(typeof f.title).toBe('string');
      expect(f.feed_url).toBe(`http://paperboy.test${c.path}.json`);
      expect(typeof f.home_page_url).toBe('string');
      expect(f.items.map((i) => i.id).sort()).toEqual(c.ids.map(url).sort());
      for (const i of f.items) {
        expect(typeof i.id).toBe('string');
        expect(typeof i.content_html).toBe('string');
        expect(Number.isNaN(Date.parse(i.date_published as string))).toBe(false);
        expect(Array.isArray(i.authors)).toBe(true);
        expect('author' in i).toBe(false); // 1.1 uses `authors`
      }
    }
  });

  it.skipIf(!HAS_FEEDPARSER)('titles with math are readable; specials are escaped, not lost', async () => {
    for (const format of ['rss', 'atom'] as const) {
      const parsed = feedparse((await t.app.inject(`/feeds/users/hf%3Aada.${format}`)).body);
      const e = parsed.entries[0]!;
      expect(e.title).toBe('Scaling α-Entmax to 10⁶ Tokens with Foo & <Bar>');
      expect(e.authors.join('|')).toContain('Zoë Ångström');
      expect(e.tags).toEqual(['cs.CL', 'cs.LG']);
    }
    const json = (await t.app.inject('/feeds/users/hf%3Aada.json')).json() as { items: Obj[] };
    expect(json.items[0]!.title).toBe('Scaling α-Entmax to 10⁶ Tokens with Foo & <Bar>');
  });

  it('a search is a feed too, with its query in the self link', async () => {
    for (const format of FORMATS) {
      const res = await t.app.inject(`/feeds/search.${format}?q=EnvHarness`);
      expect(res.statusCode).toBe(200);
      if (format === 'json') {
        const f = res.json() as { feed_url: string; items: Obj[] };
        expect(f.feed_url).toBe('http://paperboy.test/feeds/search.json?q=EnvHarness');
        expect(f.items[0]!.id).toBe(url('2608.19880'));
      } else if (HAS_FEEDPARSER) {
        const parsed = feedparse(res.body);
        expect(parsed.bozo).toBe(false);
        expect(parsed.entries[0]!.id).toBe(url('2608.19880'));
        expect(parsed.links.find((l) => l.rel === 'self')!.href).toBe(
          `http://paperboy.test/feeds/search.${format}?q=EnvHarness`,
        );
      }
    }
    expect((await t.app.inject('/feeds/search.rss')).statusCode).toBe(400);
  });

  it('item ids are stable across feeds and formats', async () => {
    const a = (await t.app.inject('/feeds/latest.json')).json() as { items: Obj[] };
    const b = (await t.app.inject('/feeds/categories/cs.CL.json')).json() as { items: Obj[] };
    expect(a.items.find((i) => i.id === url(MATH.arxivId))).toBeTruthy();
    expect(b.items[0]!.id).toBe(url(MATH.arxivId));
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, with Cache-Control', async () => {
    for (const format of FORMATS) {
      const first = await t.app.inject(`/feeds/date/2025-09-29.${format}`);
      expect(first.headers['cache-control']).toBe('public, max-age=300');
      const etag = first.headers.etag as string;
      const lm = first.headers['last-modified'] as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(Number.isNaN(Date.parse(lm))).toBe(false);
      const again = await t.app.inject({
        url: `/feeds/date/2025-09-29.${format}`,
        headers: { 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const since = await t.app.inject({
        url: `/feeds/date/2025-09-29.${format}`,
        headers: { 'if-modified-since': lm },
      });
      expect(since.statusCode).toBe(304);
      const stale = await t.app.inject({
        url: `/feeds/date/2025-09-29.${format}`,
        headers: { 'if-none-match': '"something-else"' },
      });
      expect(stale.statusCode).toBe(200);
    }
  });

  it('pages with a feed announce it for autodiscovery, and the links work', async () => {
    const pages = [
      ['/', '/feeds/latest'],
      ['/papers/date/2025-09-29', '/feeds/date/2025-09-29'],
      ['/papers/week/2025-W40', '/feeds/week/2025-W40'],
      ['/papers/month/2024-05', '/feeds/month/2024-05'],
      ['/authors/Ada%20Lovelace', '/feeds/authors/Ada%20Lovelace'],
    ];
    for (const [page, feed] of pages) {
      const html = (await t.app.inject(page!)).body;
      for (const [ext, type] of [
        ['rss', 'application/rss+xml'],
        ['atom', 'application/atom+xml'],
        ['json', 'application/feed+json'],
      ] as const) {
        const link = new RegExp(
          `<link rel="alternate" type="${type.replace('+', '\\+')}" title="[^"]+" href="${feed}\\.${ext}"`,
        );
        expect(html, `${page} ${ext}`).toMatch(link);
        expect((await t.app.inject(`${feed}.${ext}`)).statusCode).toBe(200);
      }
    }
  });

  it('bad parameters are 400, unknown authors and users 404', async () => {
    expect((await t.app.inject('/feeds/date/2025-02-30.rss')).statusCode).toBe(400);
    expect((await t.app.inject('/feeds/week/2025-W99.atom')).statusCode).toBe(400);
    expect((await t.app.inject('/feeds/categories/not%20a%20cat.rss')).statusCode).toBe(400);
    expect((await t.app.inject('/feeds/authors/Nobody%20Here.rss')).statusCode).toBe(404);
    expect((await t.app.inject('/feeds/users/nobody.json')).statusCode).toBe(404);
    // An empty day is an empty feed, not an error: readers subscribe ahead of time.
    const empty = await t.app.inject('/feeds/date/2030-01-01.rss');
    expect(empty.statusCode).toBe(200);
    if (HAS_FEEDPARSER) expect(feedparse(empty.body).entries).toEqual([]);
  });
});
