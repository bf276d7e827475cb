/**
 * Contract of each `huggingface_hub` call pointed here (`HF_ENDPOINT`), written from the
 * client's documented behaviour, not its code:
 * - `list_daily_papers(date|week|month|submitter|sort|p|limit)` → GET /api/daily_papers with
 *   those parameters and `Authorization: Bearer <saved HF token>`; raises unless 2xx; builds
 *   a PaperInfo from each element (paper.id, paper.authors[].name|user|status|
 *   statusLastChangedAt|hidden, paper.publishedAt, title, summary, paper.upvotes,
 *   paper.discussionId, numComments, outer publishedAt as its submission time, submittedBy,
 *   organization), parsing dates in the one format `%Y-%m-%dT%H:%M:%S.%fZ`;
 * - `paper_info(id)` → GET /api/papers/{id}, a flat paper; HTTP 404 means "not found";
 * - `list_papers(query?, limit?)` → GET /api/papers/search with `q` only when given;
 * - `read_paper(id)` → GET /papers/{id}.md, the body as text; HTTP 404 means "not found".
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setVote } from '../../src/community/votes.repo.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { importBatch, upsertPapers } from '../../src/papers/papers.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hf-daily');
/** What huggingface_hub sends when a Hugging Face token is saved on the machine. */
const HF_HEADERS = { authorization: 'Bearer hf_SavedHuggingFaceTokenXXXXXXXXXXXXXXXX' };
/** The one date format huggingface_hub's parse_datetime accepts. */
const HF_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

type Obj = Record<string, unknown>;

/** Everything PaperInfo(**item) reads from a daily element, with the types it expects. */
function expectParsesAsDailyItem(item: Obj) {
  const paper = item.paper as Obj;
  expect(paper.id).toMatch(/^\d{4}\.\d{4,5}$/);
  expectAuthors(paper.authors);
  expect(paper.publishedAt).toMatch(HF_DATETIME);
  expect(typeof item.title).toBe('string');
  expect(typeof item.summary).toBe('string');
  expect(Number.isInteger(paper.upvotes)).toBe(true);
  expect(typeof paper.discussionId).toBe('string');
  expect(Number.isInteger(item.numComments)).toBe(true);
  expect(item.publishedAt).toMatch(HF_DATETIME);
  const by = item.submittedBy as Obj | undefined;
  if (by) {
    expect(typeof by.fullname).toBe('string');
    expect(by.avatarUrl).toMatch(/^https?:\/\//);
    expect(typeof by.isPro).toBe('boolean');
  }
  expectOrganization(item.organization);
}

function expectAuthors(authors: unknown) {
  expect(Array.isArray(authors)).toBe(true);
  for (const a of authors as Obj[]) {
    expect(typeof a.name).toBe('string');
    expect(typeof a.hidden).toBe('boolean');
    if (a.user !== undefined) {
      const u = a.user as Obj;
      expect(typeof u.user).toBe('string');
      expect(typeof u.fullname).toBe('string');
      expect(u.avatarUrl).toMatch(/^https?:\/\//);
    }
    if (a.status !== undefined) expect(typeof a.status).toBe('string');
    if (a.statusLastChangedAt !== undefined) expect(a.statusLastChangedAt).toMatch(HF_DATETIME);
  }
}

function expectOrganization(org: unknown) {
  if (org === undefined) return;
  const o = org as Obj;
  expect(typeof o.name).toBe('string');
  expect(typeof o.fullname).toBe('string');
}

forEachDialect('huggingface_hub contract', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-22T10:00:00.000Z' });
    const r = await importHfDaily({ db: t.db, clock: fixedClock('2026-08-22T00:00:00Z') }, FIXTURES);
    expect(r.problems).toEqual([]);
  });
  afterAll(() => t.close());

  const client = async (url: string) => {
    const res = await t.app.inject({ url, headers: HF_HEADERS });
    return { res, body: res.statusCode === 200 ? (res.json() as Obj[]) : [] };
  };

  describe('list_daily_papers, with a saved Hugging Face token', () => {
    it('date: that feed day, as JSON the client parses', async () => {
      const { res, body } = await client('/api/daily_papers?date=2026-08-21');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(body).toHaveLength(17);
      for (const item of body) {
        expectParsesAsDailyItem(item);
        expect((item.paper as Obj).submittedOnDailyAt).toMatch(/^2026-08-21/);
      }
    });

    it('week and month: the days inside', async () => {
      const week = await client('/api/daily_papers?week=2025-W40');
      expect(week.res.statusCode).toBe(200);
      expect(week.body).toHaveLength(30);
      const month = await client('/api/daily_papers?month=2024-05');
      expect(month.res.statusCode).toBe(200);
      expect(month.body).toHaveLength(13);
      for (const item of [...week.body, ...month.body]) expectParsesAsDailyItem(item);
    });

    it('submitter: only what that user featured', async () => {
      const { res, body } = await client('/api/daily_papers?submitter=taesiri');
      expect(res.statusCode).toBe(200);
      expect(body.length).toBeGreaterThan(1);
      for (const item of body) expect((item.submittedBy as Obj).name).toBe('taesiri');
    });

    it('sort: publishedAt (newest featured first) and trending', async () => {
      const newest = await client('/api/daily_papers?sort=publishedAt&limit=100');
      expect(newest.res.statusCode).toBe(200);
      const times = newest.body.map((i) => (i.paper as Obj).submittedOnDailyAt as string);
      expect(times).toEqual([...times].sort().reverse());
      const trending = await client('/api/daily_papers?sort=trending');
      expect(trending.res.statusCode).toBe(200);
      expect(trending.body.length).toBeGreaterThan(0);
      for (const item of trending.body) expectParsesAsDailyItem(item);
    });

    it('p and limit: pages of that size that do not overlap', async () => {
      const first = await client('/api/daily_papers?date=2025-09-29&limit=12&p=0');
      const second = await client('/api/daily_papers?date=2025-09-29&limit=12&p=1');
      const third = await client('/api/daily_papers?date=2025-09-29&limit=12&p=2');
      expect([first.body.length, second.body.length, third.body.length]).toEqual([12, 12, 6]);
      const ids = [...first.body, ...second.body, ...third.body].map((i) => (i.paper as Obj).id);
      expect(new Set(ids).size).toBe(30);
    });
  });

  describe('paper_info', () => {
    it('known: the flat paper object', async () => {
      const res = await t.app.inject({ url: '/api/papers/2608.19880' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const p = res.json() as Obj;
      expect(p.id).toBe('2608.19880');
      expectAuthors(p.authors);
      expect(p.publishedAt).toMatch(HF_DATETIME);
      expect(p.title).toBe('EnvHarness: Awakening Static Worlds for Agent Learning');
      expect(typeof p.summary).toBe('string');
      expect(p.upvotes).toBe(163);
      expect(typeof p.discussionId).toBe('string');
      expect(p.submittedOnDailyAt).toMatch(HF_DATETIME);
      expect((p.submittedOnDailyBy as Obj).user).toBe('taesiri');
      expect(p.ai_summary).toMatch(/^EnvHarness and EnvRigger/);
      expect(p.githubRepo).toBe('https://github.com/google-research/envharness');
      expect(p.organization).toMatchObject({ name: 'google', fullname: 'Google' });
      // Linked models, datasets and Spaces are the Hub's own: absent, never null.
      for (const k of ['linkedModels', 'linkedDatasets', 'linkedSpaces']) expect(k in p).toBe(false);
    });

    it('unknown but id-shaped: 404, so the client says "not found"', async () => {
      for (const id of ['2301.99999', '1234.56789', '0000.00000']) {
        const res = await t.app.inject({ url: `/api/papers/${id}` });
        expect(res.statusCode, id).toBe(404);
        expect(res.json().error).toContain(id);
      }
    });

    it('malformed: 400 with a JSON error', async () => {
      const res = await t.app.inject({ url: '/api/papers/not-a-paper' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('invalid_arxiv_id');
    });
  });

  describe('list_papers', () => {
    it('with a query: matching papers, parsed as PaperInfo', async () => {
      const { res, body } = await client('/api/papers/search?q=EnvHarness&limit=5');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect((body[0]!.paper as Obj).id).toBe('2608.19880');
      for (const item of body) expectParsesAsDailyItem(item);
    });

    it('without a query: the newest papers, same shape', async () => {
      const { res, body } = await client('/api/papers/search?limit=7');
      expect(res.statusCode).toBe(200);
      expect(body).toHaveLength(7);
      for (const item of body) expectParsesAsDailyItem(item);
      const dates = body.map((i) => (i.paper as Obj).publishedAt as string);
      expect(dates).toEqual([...dates].sort().reverse());
      const all = (await client('/api/papers?limit=7')).body.map((p) => p.id);
      expect(body.map((i) => (i.paper as Obj).id)).toEqual(all);
    });
  });

  describe('read_paper', () => {
    it('known: the paper as Markdown text', async () => {
      const res = await t.app.inject({ url: '/papers/2608.19880.md' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/markdown/);
      expect(res.body).toContain('EnvHarness: Awakening Static Worlds for Agent Learning');
    });

    it('unknown: 404 with a plain-text message the client can print; malformed: 400', async () => {
      const missing = await t.app.inject({ url: '/papers/1234.56789.md' });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^text\/plain/);
      expect(missing.body).toContain('1234.56789');
      expect(missing.body).not.toContain('<');
      const bad = await t.app.inject({ url: '/papers/not-a-paper.md' });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^text\/plain/);
    });
  });

  it('the HTML paper page: 404 page for an unknown id, 400 only for a non-id', async () => {
    const missing = await t.app.inject({ url: '/papers/1234.56789' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    const bad = await t.app.inject({ url: '/papers/not-a-paper' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
  });

  it('organizations: page, API filter and feed list the papers attributed to one', async () => {
    const recorded = JSON.parse(fs.readFileSync(path.join(FIXTURES, '2026-08-21.json'), 'utf8')) as {
      paper: { id: string; organization?: { name: string } };
    }[];
    const google = recorded.filter((i) => i.paper.organization?.name === 'google').map((i) => i.paper.id);
    expect(google.length).toBeGreaterThan(0);
    const api = (await t.app.inject({ url: '/api/daily_papers?organization=google' })).json() as Obj[];
    expect(api.map((i) => (i.paper as Obj).id).sort()).toEqual([...google].sort());
    for (const item of api) expect((item.organization as Obj).name).toBe('google');
    const page = await t.app.inject({ url: '/organizations/google' });
    expect(page.statusCode).toBe(200);
    for (const id of google) expect(page.body).toContain(`/papers/${id}`);
    expect(page.body).toContain('href="/feeds/organizations/google.rss"');
    const feed = await t.app.inject({ url: '/feeds/organizations/google.rss' });
    expect(feed.statusCode).toBe(200);
    for (const id of google) expect(feed.body).toContain(id);
    // Cards and paper pages link to it.
    expect((await t.app.inject({ url: '/papers/date/2026-08-21' })).body).toContain(
      'href="/organizations/google"',
    );
    expect((await t.app.inject({ url: `/papers/${google[0]}` })).body).toContain(
      'href="/organizations/google"',
    );
    expect((await t.app.inject({ url: '/organizations/no-such-org' })).statusCode).toBe(404);
  });

  it('tokens: foreign ones change nothing on reads; bad Paperboy ones and writes still 401', async () => {
    const bad = await t.app.inject({
      url: '/api/daily_papers?date=2026-08-21',
      headers: { authorization: 'Bearer pb_notARealToken' },
    });
    expect(bad.statusCode).toBe(401);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/papers/2608.19880/upvote',
      headers: HF_HEADERS,
    });
    expect(write.statusCode).toBe(401);
    const feed = await t.app.inject({ url: '/feeds/latest.rss', headers: HF_HEADERS });
    expect(feed.statusCode).toBe(200);
  });
});

forEachDialect('papers featured on two days, and authors spelt per paper', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-22T10:00:00.000Z' });
  });
  afterAll(() => t.close());
  const opts = { source: 'hf-daily', now: new Date('2026-08-22T00:00:00Z') };

  it('each day lists the paper with that day’s imported upvotes; local votes add to both', async () => {
    const paper = makePaper({ arxivId: '2608.12313' });
    const other = makePaper({ arxivId: '2608.12314' });
    const day = (feedDate: string, importedUpvotes: number, handle: string) => ({
      arxivId: paper.arxivId,
      feedDate,
      submittedAt: `${feedDate}T00:00:00.000Z`,
      submitter: { handle, displayName: handle },
      importedUpvotes,
    });
    await importBatch(
      t.db,
      [paper, other],
      [
        day('2026-08-13', 2, 'taesiri'),
        { ...day('2026-08-13', 5, 'ada'), arxivId: other.arxivId },
        day('2026-08-19', 27, 'woody'),
      ],
      opts,
    );
    const list = async (date: string) =>
      ((await t.app.inject({ url: `/api/daily_papers?date=${date}` })).json() as Obj[]).map((i) => ({
        id: (i.paper as Obj).id,
        upvotes: (i.paper as Obj).upvotes,
        by: (i.submittedBy as Obj).name,
      }));
    expect(await list('2026-08-13')).toEqual([
      { id: other.arxivId, upvotes: 5, by: 'ada' },
      { id: paper.arxivId, upvotes: 2, by: 'taesiri' },
    ]);
    expect(await list('2026-08-19')).toEqual([{ id: paper.arxivId, upvotes: 27, by: 'woody' }]);
    // A month with both days lists the paper on each.
    const month = (await t.app.inject({ url: '/api/daily_papers?month=2026-08' })).json() as Obj[];
    expect(month.map((i) => (i.paper as Obj).id).sort()).toEqual(
      [other.arxivId, paper.arxivId, paper.arxivId].sort(),
    );
    // The paper's total is its latest day's count; a local vote adds to it and to each day.
    const { id: userId } = await t.db.kysely
      .insertInto('users')
      .values({
        email: 'v@example.org',
        handle: 'voter',
        display_name: 'Voter',
        avatar_url: null,
        role: 'user',
        status: 'active',
        is_demo: 0,
        created_at: opts.now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: paperId } = await t.db.kysely
      .selectFrom('papers')
      .select('id')
      .where('arxiv_id', '=', paper.arxivId)
      .executeTakeFirstOrThrow();
    await setVote(t.db, { paperId, userId, up: true, now: opts.now });
    expect((await t.app.inject({ url: `/api/papers/${paper.arxivId}` })).json().upvotes).toBe(28);
    expect((await list('2026-08-13')).find((i) => i.id === paper.arxivId)?.upvotes).toBe(3);
    expect(await list('2026-08-19')).toEqual([{ id: paper.arxivId, upvotes: 28, by: 'woody' }]);
    // Re-importing the days changes nothing.
    const again = await importBatch(
      t.db,
      [],
      [day('2026-08-13', 2, 'taesiri'), day('2026-08-19', 27, 'woody')],
      opts,
    );
    expect(again.entries.unchanged).toBe(2);
    // The trending list has the paper once.
    const trending = (await t.app.inject({ url: '/api/daily_papers?sort=trending' })).json() as Obj[];
    expect(trending.filter((i) => (i.paper as Obj).id === paper.arxivId)).toHaveLength(1);
  });

  it('each paper keeps its own spelling of a name; the author page groups them', async () => {
    const a = makePaper({ authors: [{ name: 'XingXing Wei' }, { name: "Jack W O'Sullivan" }] });
    const b = makePaper({ authors: [{ name: 'Xingxing Wei' }, { name: "Jack W. O'Sullivan" }] });
    await upsertPapers(t.db, [a, b], opts);
    const names = async (id: string) =>
      ((await t.app.inject({ url: `/api/papers/${id}` })).json().authors as Obj[]).map((x) => x.name);
    expect(await names(a.arxivId)).toEqual(['XingXing Wei', "Jack W O'Sullivan"]);
    expect(await names(b.arxivId)).toEqual(['Xingxing Wei', "Jack W. O'Sullivan"]);
    const pageA = await t.app.inject({ url: `/papers/${a.arxivId}` });
    expect(pageA.body).toContain('XingXing Wei');
    const pageB = await t.app.inject({ url: `/papers/${b.arxivId}` });
    expect(pageB.body).toContain('Xingxing Wei');
    expect(pageB.body).not.toContain('XingXing Wei');
    const author = await t.app.inject({ url: '/authors/xingxing%20wei' });
    expect(author.statusCode).toBe(200);
    expect(author.body).toContain(a.arxivId);
    expect(author.body).toContain(b.arxivId);
  });
});
