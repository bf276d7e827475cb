/**
 * One list, one answer: for every list kind, the HTML page, `/api/daily_papers` (where
 * Hugging Face has the view) or `/api/lists/…`, the JSON Feed and the BibTeX export list
 * the same papers in the same order — on a fresh database and on one whose newest featured
 * day is months before the clock (a demo install). Handles match case-insensitively on
 * every surface, and every list page announces feeds that answer and parse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_KINDS } from '../../src/feed/kinds.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, type TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { HAS_FEEDPARSER } from '../support/env.ts';
import { makePaper } from '../support/factories.ts';
import { feedparse } from '../support/feedparser.ts';
import { MONDAY, seedListing } from '../support/listing.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hf-daily');
type Obj = Record<string, unknown>;

/** A member with a mixed-case handle, as HF imports keep them. */
const HANDLE = 'GraceH';
const GRACE = [1, 2, 3].map((i) =>
  makePaper({
    arxivId: `2608.3100${i}`,
    title: `Grace's language model paper ${i}`,
    authors: [{ name: 'Grace Hopper' }, { name: 'Ada Lovelace' }],
    categories: ['cs.CL'],
    publishedAt: `2026-08-2${i}T10:00:00.000Z`,
    importedUpvotes: 10 * i,
  }),
);

/** One list of each kind: its page, its API (HF's where HF has the view) and its feed path. */
const LISTS: Record<string, { page: string; api: string; feed: string }> = {
  day: { page: '/papers/date/2025-09-29', api: '/api/daily_papers?date=2025-09-29', feed: 'date/2025-09-29' },
  week: { page: '/papers/week/2026-W34', api: '/api/daily_papers?week=2026-W34', feed: 'week/2026-W34' },
  month: { page: '/papers/month/2026-08', api: '/api/daily_papers?month=2026-08', feed: 'month/2026-08' },
  latest: { page: '/papers/latest', api: '/api/daily_papers', feed: 'latest' },
  trending: { page: '/papers/trending', api: '/api/daily_papers?sort=trending', feed: 'trending' },
  author: {
    page: '/authors/Ada%20Lovelace',
    api: '/api/lists/authors/Ada%20Lovelace',
    feed: 'authors/Ada%20Lovelace',
  },
  organization: {
    page: '/organizations/google',
    api: '/api/daily_papers?organization=google',
    feed: 'organizations/google',
  },
  category: { page: '/categories/cs.CL', api: '/api/lists/categories/cs.CL', feed: 'categories/cs.CL' },
  user: { page: `/users/${HANDLE}`, api: `/api/daily_papers?submitter=${HANDLE}`, feed: `users/${HANDLE}` },
  search: { page: '/search?q=language', api: '/api/lists/search?q=language', feed: 'search' },
  // A seeded announcement day: new submissions, a cross-list and (asked for) a replacement.
  new: {
    page: `/papers/new/${MONDAY}?replacements=1`,
    api: `/api/lists/new?date=${MONDAY}&replacements=1`,
    feed: 'new',
  },
};
const QUERIES: Record<string, string> = { search: '?q=language', new: `?date=${MONDAY}&replacements=1` };
const query = (kind: string) => QUERIES[kind] ?? '';

/** The member's own lists: the same four surfaces, read by the member (never anonymously). */
const PERSONAL: Record<string, { page: string; api: string | null; feed: string }> = {
  'for-you': { page: '/for-you', api: '/api/me/for-you', feed: 'me/for-you' },
  following: { page: '/following', api: '/api/me/following', feed: 'me/following' },
  library: { page: '/library', api: '/api/me/library', feed: 'me/library' },
};

async function seed(t: TestApp) {
  await importHfDaily(t.deps, FIXTURES);
  await seedListing(t.db);
  await importBatch(
    t.db,
    GRACE,
    GRACE.map((p, i) => ({
      arxivId: p.arxivId,
      feedDate: `2026-08-2${i + 1}`,
      submittedAt: `2026-08-2${i + 1}T08:00:00.000Z`,
      submitter: { handle: HANDLE, displayName: 'Grace H.' },
    })),
    { source: 'test', now: new Date('2026-08-22T08:00:00Z') },
  );
}

/** Ids in page order: the first list of cards (a profile's submissions come first). */
function pageIds(html: string): string[] {
  const start = html.indexOf('<main');
  const end = html.indexOf('<h2>Upvoted');
  const main = html.slice(start, end > 0 ? end : undefined);
  return [
    ...main.matchAll(/<(?:article|li) class="(?:card|search-result[^"]*)" data-arxiv-id="([^"]+)"/g),
  ].map((m) => m[1]!);
}
const apiIds = (body: Obj[]) => body.map((i) => (i.paper as Obj).id as string);
const feedIds = (f: { items: Obj[] }) => f.items.map((i) => (i.id as string).replace(/^.*\/papers\//, ''));
const bibIds = (bib: string) => [...bib.matchAll(/eprint = \{([^}]+)\}/g)].map((m) => m[1]!);

/** Every surface's first page agrees with the others on the ids they share, in order. */
function expectSamePrefix(lists: Record<string, string[]>) {
  const n = Math.min(...Object.values(lists).map((l) => l.length));
  expect(n, JSON.stringify(lists)).toBeGreaterThan(0);
  const [first, ...rest] = Object.entries(lists);
  for (const [name, ids] of rest)
    expect(ids.slice(0, n), `${name} vs ${first![0]}`).toEqual(first![1].slice(0, n));
}

const CLOCKS = {
  'a fresh database': '2026-08-22T10:00:00.000Z',
  'a database whose newest featured day is months old': '2026-12-15T12:00:00.000Z',
};

forEachDialect('one list, one answer', (dialect) => {
  for (const [label, now] of Object.entries(CLOCKS)) {
    describe(label, () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await createTestApp(dialect, { now });
        await seed(t);
      });
      afterAll(() => t.close());

      it('the registry has a list here for every kind', () => {
        expect([...Object.keys(LISTS), ...Object.keys(PERSONAL)].sort()).toEqual(
          LIST_KINDS.map((k) => k.name).sort(),
        );
      });

      describe('personal lists, read by their member', () => {
        let c: TestClient;
        beforeAll(async () => {
          c = await signedInClient(t, 'reader@example.org');
          for (const [kind, value] of [
            ['author', 'Ada Lovelace'],
            ['category', 'cs.CL'],
          ])
            expect((await c.post('/inbox/follow', { kind: kind!, value: value! })).statusCode).toBe(303);
          for (const p of GRACE.slice(0, 2))
            expect((await c.post('/inbox/save', { paper: p.arxivId, newFolder: 'Grace' })).statusCode).toBe(
              303,
            );
        });
        for (const kind of Object.keys(PERSONAL)) {
          it(`${kind}: page = API = JSON Feed = BibTeX, all private`, async () => {
            const l = PERSONAL[kind]!;
            const get = async (url: string) => {
              const res = await c.get(url);
              expect(res.statusCode, url).toBe(200);
              expect(res.headers['cache-control'], url).toBe('private, no-store');
              expect(res.headers.etag, url).toBeUndefined();
              return res;
            };
            const meIds = (body: unknown) =>
              ((Array.isArray(body) ? body : (body as { items: Obj[] }).items) as Obj[]).map(
                (i) => i.id as string,
              );
            const lists: Record<string, string[]> = {
              page: pageIds((await get(l.page)).body),
              listApi: apiIds((await get(`/api/lists/${l.feed}`)).json()),
              feed: feedIds((await get(`/feeds/${l.feed}.json`)).json()),
              bibtex: bibIds((await get(`/exports/${l.feed}.bib`)).body),
            };
            if (l.api) lists.api = meIds((await get(l.api)).json());
            expectSamePrefix(lists);
            // Anonymous readers get none of it, on any surface: a 401 (JSON) or the sign-in page.
            for (const url of [
              l.page,
              `/api/lists/${l.feed}`,
              `/feeds/${l.feed}.json`,
              `/exports/${l.feed}.bib`,
            ]) {
              const res = await t.app.inject({ url, headers: { accept: 'application/json' } });
              expect([401, 303], url).toContain(res.statusCode);
              for (const id of lists.page!) expect(res.body, url).not.toContain(id);
            }
          });
        }
      });

      for (const kind of Object.keys(LISTS)) {
        it(`${kind}: page = API = JSON Feed = BibTeX`, async () => {
          const l = LISTS[kind]!;
          const get = async (url: string) => {
            const res = await t.app.inject(url);
            expect(res.statusCode, url).toBe(200);
            return res;
          };
          const lists: Record<string, string[]> = {
            page: pageIds((await get(l.page)).body),
            api: apiIds((await get(l.api)).json()),
            listApi: apiIds((await get(`/api/lists/${l.feed}${query(kind)}`)).json()),
            feed: feedIds((await get(`/feeds/${l.feed}.json${query(kind)}`)).json()),
            bibtex: bibIds((await get(`/exports/${l.feed}.bib${query(kind)}`)).body),
          };
          expectSamePrefix(lists);
        });
      }

      it('trending is never empty while anything is featured', async () => {
        const feed = (await t.app.inject('/feeds/trending.json')).json() as { items: Obj[] };
        expect(feed.items.length).toBeGreaterThan(0);
      });

      it('handles match case-insensitively on every surface', async () => {
        const expected = GRACE.map((p) => p.arxivId).reverse(); // newest submission first
        for (const h of ['graceh', 'GRACEH', 'GraceH']) {
          expect(pageIds((await t.app.inject(`/users/${h}`)).body), h).toEqual(expected);
          expect(apiIds((await t.app.inject(`/api/daily_papers?submitter=${h}`)).json()), h).toEqual(
            expected,
          );
          expect(apiIds((await t.app.inject(`/api/lists/users/${h}`)).json()), h).toEqual(expected);
          expect(feedIds((await t.app.inject(`/feeds/users/${h}.json`)).json()), h).toEqual(expected);
          expect(
            bibIds(
              (await t.app.inject(`/exports/users/${h}.ris`)).body.replace(
                /M1 {2}- arXiv:(\S+)/g,
                'eprint = {$1}',
              ),
            ),
            h,
          ).toEqual(expected);
        }
      });
    });
  }
});

forEachDialect('list pages announce their feeds', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: CLOCKS['a fresh database'] });
    await seed(t);
  });
  afterAll(() => t.close());

  const pages = ['/', ...Object.values(LISTS).map((l) => l.page)];
  for (const page of pages) {
    it(`${page}: RSS, Atom and JSON Feed, each answering 200 and parsing`, async () => {
      const html = (await t.app.inject(page)).body;
      const links = [
        ...html.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)"/g),
      ].map((m) => ({ type: m[1]!, href: m[2]!.replaceAll('&amp;', '&') }));
      expect(links.map((l) => l.type).sort()).toEqual([
        'application/atom+xml',
        'application/feed+json',
        'application/rss+xml',
      ]);
      for (const { type, href } of links) {
        const res = await t.app.inject(href);
        expect(res.statusCode, href).toBe(200);
        expect(res.headers['content-type'], href).toBe(`${type}; charset=utf-8`);
        if (type === 'application/feed+json') {
          expect((res.json() as Obj).version).toBe('https://jsonfeed.org/version/1.1');
        } else {
          expect(XMLValidator.validate(res.body), href).toBe(true);
          if (HAS_FEEDPARSER) expect(feedparse(res.body).bozo, href).toBe(false);
        }
      }
    });
  }
});

forEachDialect('every route refuses repeated parameters', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // Every route four times is more than a minute's anonymous budget: this suite tests parameters, not limits.
    t = await createTestApp(dialect, { now: CLOCKS['a fresh database'], env: { API_RATE_LIMIT: '0' } });
    await seed(t);
  });
  afterAll(() => t.close());

  /** A plausible value for each path parameter, so the request reaches the route's handler. */
  const SAMPLE: Record<string, string> = {
    date: '2025-09-29',
    week: '2025-W40',
    month: '2025-09',
    name: 'Ada%20Lovelace',
    category: 'cs.CL',
    handle: HANDLE,
    org: 'google',
    id: '2608.31001',
    archive: 'hep-th',
    num: '9901001',
  };

  it('every GET route (from the app’s route list) answers 400 to a repeated or array-valued parameter', async () => {
    const routes = t.app.routeList.filter((r) => r.method === 'GET' && !r.url.includes('*'));
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const r of routes) {
      const url = r.url.replace(/:(\w+)/g, (_m, k: string) => SAMPLE[k] ?? 'x');
      for (const qs of [
        'q=a&q=b',
        'p=1&p=2&limit=1&limit=2',
        'date=2025-09-29&date=2025-09-30',
        'sort[]=x&sort[]=y',
      ]) {
        const res = await t.app.inject(`${url}?${qs}`);
        const arrays = qs.includes('[]') ? res.statusCode < 500 : res.statusCode === 400;
        if (!arrays) failures.push(`${r.url}?${qs} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

it('fixtures hold the HF days this suite names', () => {
  for (const d of ['2024-05-27', '2025-09-29', '2026-08-21'])
    expect(fs.existsSync(path.join(FIXTURES, `${d}.json`))).toBe(true);
});
