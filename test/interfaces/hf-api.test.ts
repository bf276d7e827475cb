/**
 * The HF-compatible API against recorded real Hugging Face responses: we import the very
 * responses, serve them back, and compare field by field (names, types, nesting, values).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hf-daily');
const DAYS = ['2024-05-27', '2025-09-29', '2026-08-21'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const recorded = Object.fromEntries(
  DAYS.map((d) => [d, JSON.parse(fs.readFileSync(path.join(FIXTURES, `${d}.json`), 'utf8')) as Obj[]]),
);

/** Fields HF sends that this instance does not (older recordings' names; see docs/API.md). */
const HF_ONLY = new Set(['submitterOrganization', 'mediaUrl', 'summary']);
/** Fields we add, or send where an older HF schema did not yet (2024: no submitter fields). */
const OURS_ONLY = new Set([
  'numComments',
  'discussionId',
  'thumbnail',
  'summary',
  'isAuthorParticipating',
  'submittedOnDailyAt',
  'name',
  'isUserFollowing',
]);

function kind(v: Json | undefined): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Same names, types and nesting wherever both sides have a field; returns the differences. */
function compareShape(ours: Json, theirs: Json, at: string, problems: string[]) {
  if (kind(ours) !== kind(theirs)) {
    problems.push(`${at}: ours is ${kind(ours)}, HF's is ${kind(theirs)}`);
    return;
  }
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    const n = Math.min(ours.length, theirs.length);
    for (let i = 0; i < n; i++) compareShape(ours[i]!, theirs[i]!, `${at}[${i}]`, problems);
    return;
  }
  if (kind(ours) !== 'object') return;
  const o = ours as Obj;
  const t = theirs as Obj;
  for (const k of Object.keys(t)) {
    if (!(k in o) && !HF_ONLY.has(k)) problems.push(`${at}.${k}: HF sends it, we do not`);
  }
  for (const k of Object.keys(o)) {
    if (!(k in t)) {
      if (!OURS_ONLY.has(k) && !HF_ONLY.has(k)) problems.push(`${at}.${k}: we send it, HF does not`);
      continue;
    }
    compareShape(o[k]!, t[k]!, `${at}.${k}`, problems);
  }
}

const squash = (s: Json | undefined) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : s);
const instant = (s: Json | undefined) => (typeof s === 'string' ? new Date(s).toISOString() : s);

function expectSameValues(ours: Obj, theirs: Obj) {
  expect(ours.id).toBe(theirs.id);
  expect(squash(ours.title)).toBe(squash(theirs.title));
  expect(squash(ours.summary)).toBe(squash(theirs.summary));
  expect(ours.upvotes).toBe(theirs.upvotes ?? 0);
  expect((ours.authors as Obj[]).map((a) => a.name)).toEqual((theirs.authors as Obj[]).map((a) => a.name));
  expect(instant(ours.publishedAt)).toBe(instant(theirs.publishedAt));
  for (const k of ['githubRepo', 'projectPage', 'githubStars', 'ai_summary', 'ai_keywords']) {
    expect(ours[k], k).toEqual(theirs[k] ?? undefined);
  }
  if (theirs.submittedOnDailyAt) expect(ours.submittedOnDailyAt).toBe(instant(theirs.submittedOnDailyAt));
  const by = theirs.submittedOnDailyBy as Obj | undefined;
  if (by) {
    const oursBy = ours.submittedOnDailyBy as Obj;
    expect(oursBy.user).toBe(by.user);
    expect(oursBy.fullname).toBe(by.fullname);
  }
}

forEachDialect('HF-compatible API', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-22T10:00:00.000Z' });
    const r = await importHfDaily({ db: t.db, clock: fixedClock('2026-08-22T00:00:00Z') }, FIXTURES);
    expect(r.problems).toEqual([]);
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  describe('/api/daily_papers matches recorded responses field by field', () => {
    for (const day of DAYS) {
      it(day, async () => {
        const res = await get(`/api/daily_papers?date=${day}`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const ours = res.json() as Obj[];
        const theirs = recorded[day]!;
        expect(ours.map((i) => (i.paper as Obj).id).sort()).toEqual(
          theirs.map((i) => (i.paper as Obj).id).sort(),
        );
        const ups = ours.map((i) => (i.paper as Obj).upvotes as number);
        expect(ups).toEqual([...ups].sort((a, b) => b - a));
        const problems: string[] = [];
        for (const item of theirs) {
          const mine = ours.find((i) => (i.paper as Obj).id === (item.paper as Obj).id)!;
          compareShape(mine, item, `[${(item.paper as Obj).id}]`, problems);
          expectSameValues(mine.paper as Obj, item.paper as Obj);
          // HF's outer title is sometimes a de-LaTeXed copy; ours repeats the paper's title.
          expect(squash(mine.title)).toBe(squash((item.paper as Obj).title));
          if (item.thumbnail) expect(mine.thumbnail).toBe(item.thumbnail);
          const sb = item.submittedBy as Obj | undefined;
          if (sb) {
            const mineSb = mine.submittedBy as Obj;
            expect(mineSb.name).toBe(sb.name);
            expect(mineSb.fullname).toBe(sb.fullname);
          }
        }
        expect(problems).toEqual([]);
      });
    }
  });

  it('/api/papers/{id} matches the recorded paper object field by field', async () => {
    const problems: string[] = [];
    for (const day of DAYS) {
      for (const item of recorded[day]!.slice(0, 5)) {
        const theirs = item.paper as Obj;
        const res = await get(`/api/papers/${theirs.id}`);
        expect(res.statusCode).toBe(200);
        const ours = res.json() as Obj;
        compareShape(ours, theirs, String(theirs.id), problems);
        expectSameValues(ours, theirs);
      }
    }
    expect(problems).toEqual([]);
  });

  it('/api/papers/{id}: 404 with an error body when not indexed, 400 for a non-id', async () => {
    const missing = await get('/api/papers/2301.99999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatch(/2301\.99999/);
    const bad = await get('/api/papers/not-a-paper');
    expect(bad.statusCode).toBe(400);
    expect(typeof bad.json().error).toBe('string');
  });

  it('accepts versioned ids and arXiv URLs for /api/papers/{id}', async () => {
    const res = await get('/api/papers/2608.19880v2');
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe('2608.19880');
  });

  it('rejects invalid parameters with 400', async () => {
    for (const q of [
      'limit=0',
      'limit=101',
      'limit=ten',
      'p=-1',
      'date=2025-02-30',
      'date=yesterday',
      'week=2025-W60',
      'week=2025-12',
      'month=2025-13',
      'month=2025-1',
      'sort=upvotes',
      'date=2025-09-29&week=2025-W40',
    ]) {
      const res = await get(`/api/daily_papers?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(typeof res.json().error, q).toBe('string');
    }
  });

  it('pages with p and limit, announcing the next and previous pages in Link', async () => {
    const first = await get('/api/daily_papers?date=2025-09-29&limit=20');
    expect(first.json()).toHaveLength(20);
    expect(first.headers.link).toBe(
      '<http://paperboy.test/api/daily_papers?date=2025-09-29&limit=20&p=1>; rel="next"',
    );
    const second = await get('/api/daily_papers?date=2025-09-29&limit=20&p=1');
    expect(second.json()).toHaveLength(10);
    expect(second.headers.link).toBe(
      '<http://paperboy.test/api/daily_papers?date=2025-09-29&limit=20&p=0>; rel="prev"',
    );
    const ids = [...first.json(), ...second.json()].map((i: Obj) => (i.paper as Obj).id);
    expect(new Set(ids).size).toBe(30);
  });

  it('filters by week, month and submitter, and sorts by publishedAt and trending', async () => {
    const week = await get('/api/daily_papers?week=2025-W40');
    expect(week.json()).toHaveLength(recorded['2025-09-29']!.length);
    const month = await get('/api/daily_papers?month=2026-08');
    expect(month.json()).toHaveLength(recorded['2026-08-21']!.length);
    expect((await get('/api/daily_papers?month=2026-07')).json()).toEqual([]);

    const sb = (recorded['2026-08-21']![0]!.submittedBy as Obj).name as string;
    const expected = DAYS.flatMap((d) => recorded[d]!).filter(
      (i) => (i.submittedBy as Obj | undefined)?.name === sb,
    );
    expect(expected.length).toBeGreaterThan(1);
    const bySubmitter = (await get(`/api/daily_papers?submitter=${sb}`)).json() as Obj[];
    expect(bySubmitter.map((i) => (i.submittedBy as Obj).name)).toEqual(expected.map(() => sb));

    const newest = (await get('/api/daily_papers?sort=publishedAt&limit=100')).json() as Obj[];
    const times = newest.map((i) => (i.paper as Obj).submittedOnDailyAt as string);
    expect(times).toEqual([...times].sort().reverse());

    // Trending looks at the last week before "now" (2026-08-22): only 2026-08-21 qualifies.
    const trending = (await get('/api/daily_papers?sort=trending')).json() as Obj[];
    expect(trending).toHaveLength(recorded['2026-08-21']!.length);
    const top = [...recorded['2026-08-21']!].sort(
      (a, b) => ((b.paper as Obj).upvotes as number) - ((a.paper as Obj).upvotes as number),
    )[0]!;
    expect((trending[0]!.paper as Obj).id).toBe((top.paper as Obj).id);
  });

  it('without a date, lists every day, newest day first', async () => {
    const all = (await get('/api/daily_papers?limit=100')).json() as Obj[];
    expect(all).toHaveLength(60);
    expect((all[0]!.paper as Obj).submittedOnDailyAt).toMatch(/^2026-08-21/);
    expect((all.at(-1)!.paper as Obj).id).toBe(
      (recorded['2024-05-27']!.at(-1)!.paper as Obj).id, // fewest upvotes of the oldest day
    );
  });

  it('supports conditional GETs and cross-origin reads', async () => {
    const first = await get('/api/daily_papers?date=2026-08-21');
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers['access-control-allow-origin']).toBe('*');
    expect(first.headers['access-control-expose-headers']).toContain('Link');
    const etag = first.headers.etag as string;
    const again = await t.app.inject({
      url: '/api/daily_papers?date=2026-08-21',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    const other = await t.app.inject({
      url: '/api/daily_papers?date=2025-09-29',
      headers: { 'if-none-match': etag },
    });
    expect(other.statusCode).toBe(200);
    const paper = await get('/api/papers/2608.19880');
    const p304 = await t.app.inject({
      url: '/api/papers/2608.19880',
      headers: { 'if-none-match': paper.headers.etag as string },
    });
    expect(p304.statusCode).toBe(304);
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/daily_papers',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toBe('GET, HEAD');
    // Pages are not opened to other origins.
    expect((await get('/')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('/api/papers walks every paper once by cursor', async () => {
    const seen: string[] = [];
    let url: string | null = '/api/papers?limit=7';
    while (url) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      seen.push(...(res.json() as Obj[]).map((p) => p.id as string));
      const link = res.headers.link as string | undefined;
      url = link
        ? new URL(/<([^>]+)>/.exec(link)![1]!).pathname + new URL(/<([^>]+)>/.exec(link)![1]!).search
        : null;
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect((await get('/api/papers?cursor=garbage')).statusCode).toBe(400);
  });
});
